package io.ticketd.tools.load;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking request/response over a load connection, for set-up and verification (not for measured traffic). */
final class Http {
    private Http() {
    }

    /** A response's status and body. */
    record Reply(int status, String body) {
        Reply expect(int expected, String what) throws IOException {
            if (status != expected) {
                throw new IOException(what + " failed: HTTP " + status + " " + body);
            }
            return this;
        }
    }

    static Reply call(LoadHttpClient.Connection c, HttpMethod method, String path, String credential, String body)
            throws IOException {
        CompletableFuture<Reply> done = new CompletableFuture<>();
        c.send(method, path, credential, body, new LoadHttpClient.ResponseHandler() {
            @Override
            public void onResponse(FullHttpResponse response) {
                try {
                    done.complete(new Reply(response.status().code(), response.content().toString(StandardCharsets.UTF_8)));
                } finally {
                    response.release();
                }
            }

            @Override
            public void onFailure(Throwable cause) {
                done.completeExceptionally(cause);
            }
        });
        try {
            return done.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            throw new IOException(method + " " + path + ": " + why, cause);
        } catch (TimeoutException e) {
            throw new IOException(method + " " + path + ": no answer within 60 s", e);
        }
    }
}
