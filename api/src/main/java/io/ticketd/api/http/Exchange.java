package io.ticketd.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.ticketd.engine.registry.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * One request and its response: what the endpoint reads (path and query parameters,
 * body, the authenticated principal) and the one response it writes. A response may
 * be written from any thread (the commit thread acknowledges ingest); it is always
 * handed to the connection's event loop. Writing the response releases the request,
 * records metrics, and lets the connection read its next (pipelined) request.
 *
 * <p>Thread-safety: built and read on the event loop; {@link #respond} and
 * {@link #fail} may be called once from any thread.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final QueryStringDecoder uri;
    private final Route route;
    private final Map<String, String> pathParams;
    private final long startNanos;
    private final ResponseListener listener;
    private Principal principal;
    private boolean responded;

    /** Told once the response is written (or the connection closed). */
    interface ResponseListener {
        void onResponse(Exchange exchange, HttpResponseStatus status, boolean close);
    }

    Exchange(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Route route,
             Map<String, String> pathParams, long startNanos, ResponseListener listener) {
        this.ctx = ctx;
        this.request = request;
        this.uri = uri;
        this.route = route;
        this.pathParams = pathParams;
        this.startNanos = startNanos;
        this.listener = listener;
    }

    public FullHttpRequest request() {
        return request;
    }

    public Route route() {
        return route;
    }

    public String path() {
        return uri.path();
    }

    /** A path parameter of the route, e.g. {@code storeId} in {@code /admin/v1/stores/{storeId}}. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public QueryParameters query() {
        return new QueryParameters(uri.parameters());
    }

    public Map<String, List<String>> rawQuery() {
        return uri.parameters();
    }

    /** The authenticated principal; null on public routes. */
    public Principal principal() {
        return principal;
    }

    void principal(Principal principal) {
        this.principal = principal;
    }

    public long startNanos() {
        return startNanos;
    }

    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    public EventExecutor executor() {
        return ctx.executor();
    }

    /** The request body as a new array (the request buffer is released when the response is written). */
    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(request.content());
    }

    /** The local port the request arrived on. */
    public int localPort() {
        return ((java.net.InetSocketAddress) ctx.channel().localAddress()).getPort();
    }

    /** The client's IP address, as text, or null when the channel has no IP peer. */
    public String clientAddress() {
        if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress peer && peer.getAddress() != null) {
            return peer.getAddress().getHostAddress();
        }
        return null;
    }

    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    /** Responds with a JSON body (which this exchange now owns and releases). */
    public void respond(HttpResponseStatus status, ByteBuf json) {
        respond(status, json, JSON_UTF8, null);
    }

    /** Responds with a body of the given content type (which this exchange now owns and releases). */
    public void respond(HttpResponseStatus status, ByteBuf body, String contentType, Map<String, String> headers) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> respond(status, body, contentType, headers));
            return;
        }
        if (responded) {
            body.release();
            LOG.error("a second response to {} {} was dropped", request.method(), uri.path());
            return;
        }
        responded = true;
        boolean close = !HttpUtil.isKeepAlive(request) || !ctx.channel().isActive();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (headers != null) {
            headers.forEach(response.headers()::set);
        }
        if (status.equals(HttpResponseStatus.UNAUTHORIZED)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "X-API-Key realm=\"ticketd\"");
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        request.release();
        var future = ctx.writeAndFlush(response);
        if (close) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        listener.onResponse(this, status, close);
    }

    /** Responds with the error body of {@code e}. */
    public void fail(ApiException e) {
        ByteBuf body = Json.error(ctx.alloc(), e.code(), e.getMessage());
        respond(e.status(), body, JSON_UTF8,
                e.retryAfterSeconds() == null ? null : Map.of(HttpHeaderNames.RETRY_AFTER.toString(), e.retryAfterSeconds()));
    }

    /** Responds 500 for a fault of the server (never for a client's mistake) and logs it. */
    public void failInternal(Throwable t) {
        LOG.error("internal error serving {} {}", request.method(), uri.path(), t);
        fail(new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "the server failed to process the request; it has been logged"));
    }

    boolean responded() {
        return responded;
    }
}
