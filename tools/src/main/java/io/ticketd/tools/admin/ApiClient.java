package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.tools.FailureMessage;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking client of ticketd's HTTP API for the command line: one credential, JSON
 * in and out, over the JDK's {@link HttpClient} speaking HTTP/1.1. A non-2xx answer
 * becomes an {@link ApiErrorException}; no answer at all (refused, unknown host, time
 * out) a {@link ClientSetupException} that names {@code --url}.
 *
 * <p>Thread-safety: safe for concurrent use, as the JDK client is.
 */
public final class ApiClient {
    /** How long connecting may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a request may wait for its whole answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String base;
    private final ApiCredential credential;
    private final HttpClient http;

    /**
     * @param base       the server's base URL, as {@link UrlConverter} returns it (no trailing slash)
     * @param credential sent with every request
     */
    public ApiClient(URI base, ApiCredential credential) {
        this.base = base.toString();
        this.credential = credential;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code value} percent-encoded as one path segment (or query value): ids with any character are safe. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && UNRESERVED.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Sends a request and returns the {@code content} of its 2xx answer.
     *
     * @param pathAndQuery from the root of the API, such as {@code /admin/v1/accounts}
     * @param body         the JSON body, or null for none
     */
    public JsonNode content(String method, String pathAndQuery, JsonNode body)
            throws ApiErrorException, ClientSetupException, InterruptedException {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        HttpResponse<byte[]> response = send(method, pathAndQuery, bytes);
        if (response.statusCode() / 100 != 2) {
            throw ApiErrorException.of(response.statusCode(), response.body());
        }
        JsonNode content;
        try {
            content = JSON.readTree(response.body()).get("content");
        } catch (IOException e) {
            throw notTicketd(response, e);
        }
        if (content == null) {
            throw notTicketd(response, null);
        }
        return content;
    }

    /**
     * Sends a request and returns the answer as it came, whatever its status; only the
     * absence of an answer is an exception.
     */
    public HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] jsonBody)
            throws ClientSetupException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Authentication", credential.header())
                .header("Accept", "application/json");
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(jsonBody));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new ClientSetupException("cannot connect to " + base + " within " + CONNECT_TIMEOUT.toSeconds()
                    + " s: " + whereHint(), e);
        } catch (HttpTimeoutException e) {
            throw new ClientSetupException("no answer from " + base + " within " + REQUEST_TIMEOUT.toSeconds()
                    + " s to " + method + " " + pathAndQuery, e);
        } catch (ConnectException e) {
            String why = e.getCause() instanceof UnresolvedAddressException ? "unknown host"
                    : e.getMessage() == null ? "connection refused" : e.getMessage();
            throw new ClientSetupException("cannot connect to " + base + ": " + why + "; " + whereHint(), e);
        } catch (IOException e) {
            throw new ClientSetupException(method + " " + base + pathAndQuery + " failed: "
                    + FailureMessage.describe(e), e);
        }
    }

    /** The base URL requests go to. */
    public String base() {
        return base;
    }

    private static String whereHint() {
        return "is ticketd running there? (set the address with --url or TICKETD_URL)";
    }

    private ClientSetupException notTicketd(HttpResponse<byte[]> response, Exception cause) {
        return new ClientSetupException("the answer of " + base + " to " + response.request().method() + " "
                + response.uri().getRawPath() + " is not ticketd's (no JSON content): is --url right?", cause);
    }
}
