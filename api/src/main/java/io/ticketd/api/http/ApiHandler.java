package io.ticketd.api.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.ticketd.api.auth.Authenticator;
import io.ticketd.api.ops.ServerMetrics;
import io.ticketd.engine.EngineClosedException;
import io.ticketd.engine.registry.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The last handler of every connection: turns a request into an {@link Exchange},
 * routes it (404, 405), authenticates (401) and authorizes (403) it, and runs its
 * endpoint, on the event loop or, for blocking routes, on the blocking executor.
 * Requests of one connection are handled one at a time, so pipelined requests are
 * answered in order: a request that arrives while one is in progress waits in a queue,
 * and the connection stops reading until the queue is drained. (Reading stays on
 * otherwise: switching it off and on around every request cost two {@code epoll_ctl}
 * calls a request, a tenth of an event loop's time under single-ticket ingest.)
 *
 * <p>Thread-safety: one instance per connection, used on its event loop.
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> implements Exchange.ResponseListener {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final Authenticator authenticator;
    private final Executor blocking;
    private final ServerMetrics metrics;
    private ChannelHandlerContext ctx;
    private ConnectionGuard guard;
    private Exchange current;
    /** Pipelined requests that arrived while {@link #current} was in progress, in order. */
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>(2);

    public ApiHandler(Router router, Authenticator authenticator, Executor blocking, ServerMetrics metrics) {
        super(false);
        this.router = router;
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        guard = ctx.pipeline().get(ConnectionGuard.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.connectionClosed();
        releaseQueued();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueued();
    }

    private void releaseQueued() {
        FullHttpRequest request;
        while ((request = queued.poll()) != null) {
            request.release();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (current != null || !queued.isEmpty()) {
            queued.add(request); // pipelined: answered after the ones before it
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        if (guard != null) {
            guard.requestReceived();
        }
        if (request.decoderResult().isFailure()) {
            request.release();
            rejectUnreadable(ctx, request.decoderResult().cause());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Router.Match match = router.match(request.method(), uri.path());
        if (!match.found()) {
            Exchange exchange = new Exchange(ctx, request, uri, null, Map.of(), start, this);
            current = exchange;
            if (match.pathExists()) {
                exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED,
                        Json.error(ctx.alloc(), "method_not_allowed", request.method() + " is not allowed on "
                                + uri.path() + "; allowed: " + String.join(", ", match.allowed())),
                        "application/json; charset=utf-8", Map.of(HttpHeaderNames.ALLOW.toString(),
                                String.join(", ", match.allowed())));
            } else {
                exchange.fail(ApiException.notFound("no such endpoint: " + request.method() + " " + uri.path()));
            }
            return;
        }
        Exchange exchange = new Exchange(ctx, request, uri, match.route(), match.params(), start, this);
        current = exchange;
        try {
            if (!match.route().isPublic()) {
                Principal principal = authenticator.authenticate(request.headers(), match.route().acceptsSessions());
                if (!principal.has(match.route().scope())) {
                    throw ApiException.forbidden("this credential lacks the scope '" + match.route().scope().wireName()
                            + "' that " + request.method() + " " + uri.path() + " needs");
                }
                exchange.principal(principal);
            }
        } catch (ApiException e) {
            exchange.fail(e);
            return;
        }
        if (match.route().blocking()) {
            try {
                blocking.execute(() -> run(exchange));
            } catch (RejectedExecutionException e) {
                exchange.fail(ApiException.unavailable("shutting_down", "the server is shutting down", 5));
            }
        } else {
            run(exchange);
        }
    }

    private static void run(Exchange exchange) {
        try {
            if (!exchange.rawQuery().isEmpty()) {
                exchange.query().allowOnly(exchange.route().queryParameters());
            }
            exchange.route().endpoint().handle(exchange);
        } catch (ApiException e) {
            exchange.fail(e);
        } catch (EngineClosedException e) {
            exchange.fail(ApiException.unavailable("shutting_down", "the server is shutting down", 5));
        } catch (RuntimeException | Error e) {
            exchange.failInternal(e);
        }
    }

    @Override
    public void onResponse(Exchange exchange, HttpResponseStatus status, boolean close) {
        current = null;
        metrics.recordResponse(exchange.route() == null ? "unmatched" : exchange.route().name(), status.code(),
                System.nanoTime() - exchange.startNanos());
        if (!close) {
            if (guard != null) {
                guard.responseWritten();
            }
            if (!queued.isEmpty()) {
                ctx.executor().execute(this::handleQueued); // not from inside the previous response's write
            }
        }
    }

    private void handleQueued() {
        if (current != null) {
            return;
        }
        FullHttpRequest next = queued.poll();
        if (next == null) {
            return;
        }
        if (!ctx.channel().isActive()) {
            next.release();
            releaseQueued();
            return;
        }
        if (queued.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
        handle(ctx, next);
    }

    /** Requests the codec could not decode: 414, 431 or 400, then close. */
    private void rejectUnreadable(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status;
        String code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            code = "uri_too_long";
            message = "the request line is too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            code = "headers_too_large";
            message = "the request headers are too large";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            code = "malformed_request";
            message = "the request is not valid HTTP/1.1: " + cause.getMessage();
        }
        metrics.recordResponse("unmatched", status.code(), 0);
        var body = Json.error(ctx.alloc(), code, message);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            ctx.close(); // the peer went away
            return;
        }
        if (cause instanceof DecoderException && !(cause instanceof TooLongFrameException) && current == null) {
            LOG.debug("undecodable request body", cause);
            rejectUndecodableBody(ctx, cause);
            return;
        }
        LOG.warn("connection error; closing {}", ctx.channel(), cause);
        ctx.close();
    }

    private void rejectUndecodableBody(ChannelHandlerContext ctx, Throwable cause) {
        String detail = cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage();
        metrics.recordResponse("unmatched", 400, 0);
        var body = Json.error(ctx.alloc(), "malformed_body", "the request body could not be decoded"
                + (detail == null ? "" : ": " + detail) + " (is Content-Encoding right?)");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
