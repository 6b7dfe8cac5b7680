package io.ticketd.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Aggregates a request into one message up to the body limit, and answers a larger
 * one with 413 in the API's error format. Placed after the decompressor, so the limit
 * applies to the decoded body and a small gzip bomb is refused like a large body.
 *
 * <p>The 413 is answered through {@link ConnectionGuard#refuse}, which closes the connection
 * lingering: the client is still sending the body, and a socket closed at once would be
 * reset by the rest of it, which can destroy the 413 before the client has read it.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;

    BodyLimitAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        var body = Json.error(ctx.alloc(), "too_large", "the request body is larger than " + maxBodyBytes
                + " bytes (" + (maxBodyBytes >> 20) + " MiB) after decompression; send fewer tickets a request");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.pipeline().get(ConnectionGuard.class).refuse(response);
    }
}
