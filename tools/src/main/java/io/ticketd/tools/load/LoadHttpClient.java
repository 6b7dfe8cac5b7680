package io.ticketd.tools.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's HTTP/1.1 client, on Netty: keep-alive connections, each with
 * one request in flight, completing on the event loop so a phase can send its next
 * request from the completion (no thread per connection, no blocking).
 *
 * <p>Thread-safety: {@link #connect} from any thread; a {@link Connection} is driven
 * by one logical caller at a time.
 */
final class LoadHttpClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;

    /** Receives one response (the caller releases it) or the failure of the exchange. */
    interface ResponseHandler {
        void onResponse(FullHttpResponse response);

        void onFailure(Throwable cause);
    }

    LoadHttpClient(URI base, int ioThreads) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("load-http", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : 80;
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 << 20),
                                new Connection());
                    }
                });
    }

    /** Opens a connection (blocks until connected). */
    Connection connect() throws IOException {
        try {
            Channel ch = bootstrap.connect(host, port).sync().channel();
            return ch.pipeline().get(Connection.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + host + ":" + port, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** One keep-alive connection; one request at a time. */
    final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Channel channel;
        private ResponseHandler pending;

        Connection() {
            super(false);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        /** Sends a request; the body (may be null) is owned by the request from now on. */
        void send(HttpMethod method, String pathAndQuery, String credential, String contentType, ByteBuf body,
                  ResponseHandler handler) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, pathAndQuery,
                    body == null ? Unpooled.EMPTY_BUFFER : body);
            request.headers().set(HttpHeaderNames.HOST, host + ":" + port);
            if (credential != null) {
                request.headers().set("Authentication", credential);
            }
            if (contentType != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
            if (channel.eventLoop().inEventLoop()) {
                write(request, handler); // the closed loop's next request, sent from the last one's answer
            } else {
                channel.eventLoop().execute(() -> write(request, handler));
            }
        }

        /** The allocator of this connection's buffers (pooled, direct where the transport is native). */
        ByteBufAllocator alloc() {
            return channel.alloc();
        }

        private void write(FullHttpRequest request, ResponseHandler handler) {
            if (pending != null) {
                request.release();
                handler.onFailure(new IllegalStateException("a request is already in flight on this connection"));
                return;
            }
            pending = handler;
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
                }
            });
        }

        /** Convenience for small requests: a string body. */
        void send(HttpMethod method, String pathAndQuery, String credential, String body, ResponseHandler handler) {
            send(method, pathAndQuery, credential, body == null ? null : "application/json",
                    body == null ? null : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), handler);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            ResponseHandler h = pending;
            pending = null;
            if (h == null) {
                response.release();
                return;
            }
            h.onResponse(response);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IOException("the server closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }

        private void fail(Throwable cause) {
            ResponseHandler h = pending;
            pending = null;
            if (h != null) {
                h.onFailure(cause);
            }
        }

        /** Runs {@code task} on this connection's event loop after {@code delay}. */
        void schedule(Runnable task, long delay, TimeUnit unit) {
            channel.eventLoop().schedule(task, delay, unit);
        }

        boolean isOpen() {
            return channel.isActive();
        }

        void close() {
            channel.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
