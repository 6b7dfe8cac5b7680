package io.ticketd.api.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.ticketd.api.ServerConfig;
import io.ticketd.api.auth.Authenticator;
import io.ticketd.api.ops.ServerMetrics;

import java.util.concurrent.Executor;

/**
 * The pipeline of every connection, in order:
 * <ol>
 * <li>{@link ConnectionGuard}: idle and slow-request timeouts, on raw bytes;</li>
 * <li>HTTP/1.1 codec with request-line and header limits;</li>
 * <li>keep-alive handling;</li>
 * <li>response compression when the client accepts gzip or deflate;</li>
 * <li>request decompression ({@code Content-Encoding: gzip});</li>
 * <li>aggregation up to the body limit (413 above it, measured after decompression);</li>
 * <li>{@link ApiHandler}, which handles one request at a time and queues pipelined
 *     ones (reading stops while any wait), so they are answered in order.</li>
 * </ol>
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Name of the keep-alive handler, the place to write a response that answers no decoded request. */
    private static final String KEEP_ALIVE = "keepAlive";
    private final ServerConfig config;
    private final Router router;
    private final Authenticator authenticator;
    private final Executor blocking;
    private final ServerMetrics metrics;

    public HttpChannelInitializer(ServerConfig config, Router router, Authenticator authenticator, Executor blocking,
                                  ServerMetrics metrics) {
        this.config = config;
        this.router = router;
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    /**
     * Writes a response that answers no decoded request (a timeout, a refused body): from
     * the keep-alive handler's place, so the codec encodes it and the handlers that pair
     * responses with requests (keep-alive, which would close the connection as soon as a
     * {@code Connection: close} answer is written, and compression) never see it.
     */
    static ChannelFuture writeAfterCodec(ChannelPipeline pipeline, FullHttpResponse response) {
        ChannelHandlerContext keepAlive = pipeline.context(KEEP_ALIVE);
        return keepAlive != null ? keepAlive.writeAndFlush(response) : pipeline.channel().writeAndFlush(response);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("guard", new ConnectionGuard(config.idleTimeout().toMillis(), config.requestTimeout().toMillis()))
                .addLast("codec", new HttpServerCodec(config.maxInitialLineBytes(), config.maxHeaderBytes(), 64 * 1024))
                .addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler())
                .addLast("compressor", new HttpContentCompressor())
                .addLast("decompressor", new HttpContentDecompressor())
                .addLast("aggregator", new BodyLimitAggregator(config.maxBodyBytes()))
                .addLast("api", new ApiHandler(router, authenticator, blocking, metrics));
    }
}
