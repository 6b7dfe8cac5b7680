package io.ticketd.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold a server slot without using it: one silent between
 * requests for longer than the idle timeout, and one whose request (headers and
 * body) has not fully arrived within the request timeout, counted from its first
 * byte, so a client trickling bytes cannot keep a connection forever. The latter
 * gets a 408 before the close. Time spent waiting for a commit is not counted: the
 * request has arrived by then.
 *
 * <p>A request refused before it has fully arrived (the 408, or a body over the limit:
 * {@link #refuse}) is answered and the connection closed the way HTTP servers close on a
 * client that is still sending ("lingering close"): the answer is followed by the end of
 * the server's side of the stream, and whatever the client still sends is read and
 * dropped until it closes its side or {@value #LINGER_MILLIS} ms have passed. Closed at
 * once, a socket that receives bytes after its close answers them with a reset, and the
 * reset can destroy the answer before the client has read it: the client then sees a
 * broken connection instead of the reason.
 *
 * <p>Sits first in the pipeline so it sees raw bytes. Thread-safety: the
 * connection's event loop only.
 */
public final class ConnectionGuard extends ChannelDuplexHandler {
    private enum State { WAITING, RECEIVING, PROCESSING, CLOSING }

    /** How long a refused client's bytes are still read (and dropped) after the answer. */
    static final long LINGER_MILLIS = 5_000;

    private static final byte[] TIMEOUT_BODY = ("{\"error\":{\"code\":\"request_timeout\",\"message\":"
            + "\"the request did not arrive completely in time; the connection is closed\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private final long idleTimeoutMillis;
    private final long requestTimeoutMillis;
    private ChannelHandlerContext ctx;
    private State state = State.WAITING;
    private ScheduledFuture<?> timer;

    public ConnectionGuard(long idleTimeoutMillis, long requestTimeoutMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(idleTimeoutMillis);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg); // the rest of a refused request
            return;
        }
        if (state == State.WAITING && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.RECEIVING;
            arm(requestTimeoutMillis);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** The whole request arrived: stop the request clock until the response is written. */
    void requestReceived() {
        state = State.PROCESSING;
        cancel();
    }

    /** The response was written: the connection waits for its next request. */
    void responseWritten() {
        if (state != State.CLOSING) {
            state = State.WAITING;
            arm(idleTimeoutMillis);
        }
    }

    /**
     * Answers a request refused before it has fully arrived with {@code response} (which
     * says {@code Connection: close}) and closes the connection lingering (see the class
     * comment). Everything read from now on is dropped here, before the codec.
     */
    void refuse(FullHttpResponse response) {
        state = State.CLOSING;
        cancel();
        HttpChannelInitializer.writeAfterCodec(ctx.pipeline(), response)
                .addListener((ChannelFuture written) -> lingerThenClose(written));
    }

    private void lingerThenClose(ChannelFuture written) {
        Channel channel = written.channel();
        if (written.isSuccess() && channel.isActive() && channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            timer = ctx.executor().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }

    private void arm(long millis) {
        cancel();
        if (millis > 0) {
            timer = ctx.executor().schedule(this::expire, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        timer = null;
        switch (state) {
            case WAITING -> ctx.close();
            case RECEIVING -> {
                FullHttpResponse timeout = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(TIMEOUT_BODY));
                timeout.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, TIMEOUT_BODY.length)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                refuse(timeout);
            }
            default -> {
                // processing: the server is working on it, the request timeout does not apply;
                // closing: the linger's own timer closes the connection
            }
        }
    }
}
