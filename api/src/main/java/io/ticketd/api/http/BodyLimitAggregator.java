package io.ticketd.api.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Aggregates a request into one message up to the body limit, and answers a larger
 * one with 413 in the API's error format. Placed after the decompressor, so the limit
 * applies to the decoded body and a small gzip bomb is refused like a large body.
 *
 * <p>After the 413 the connection is closed the way HTTP servers close on a client that
 * is still sending ("lingering close"): the answer is followed by the end of the server's
 * side of the stream, and the rest of the refused body is read and dropped until it ends
 * or {@value #LINGER_MILLIS} ms have passed. Closed at once, a socket with unread bytes
 * is reset, and the reset can destroy the 413 before the client has read it: the client
 * then sees a broken connection instead of the reason.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    /** How long the rest of a refused body is still read (and dropped) after the 413. */
    static final long LINGER_MILLIS = 5_000;

    private final int maxBodyBytes;
    /** A body was refused: everything read from now on is dropped, and the connection closes. */
    private boolean refused;

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
        refused = true;
        HttpChannelInitializer.writeAfterCodec(ctx.pipeline(), response).addListener((ChannelFuture f) -> lingerThenClose(f));
    }

    private static void lingerThenClose(ChannelFuture written) {
        Channel channel = written.channel();
        if (written.isSuccess() && channel.isActive() && channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!refused) {
            super.channelRead(ctx, msg);
            return;
        }
        boolean end = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if (end) {
            ctx.close(); // the refused body has been read to its end
        }
    }
}
