package io.ticketd.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ticketd.api.auth.Authenticator;
import io.ticketd.api.console.ConsoleSessions;
import io.ticketd.api.http.HttpChannelInitializer;
import io.ticketd.api.http.Route;
import io.ticketd.api.http.Router;
import io.ticketd.api.ops.ServerMetrics;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The ticketd HTTP server: Netty on epoll where the platform has it (NIO
 * otherwise), serving the {@link ApiRoutes} over an open {@link TicketEngine} and
 * {@link Registry}. It does not own them: the caller opens them before and closes
 * them after the server.
 *
 * <p>{@link #stop} is graceful: it stops accepting connections, lets the engine
 * drain (the caller closes the engine while the event loops still run, so every
 * accepted ticket is answered), then closes the connections.
 */
public final class TicketServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TicketServer.class);

    private final ServerConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final ScheduledExecutorService housekeeping;
    private final ServerMetrics metrics;
    private final Router router;
    private final Channel serverChannel;
    private final boolean epoll;

    private TicketServer(ServerConfig config, EventLoopGroup boss, EventLoopGroup workers, ExecutorService blocking,
                         ScheduledExecutorService housekeeping, ServerMetrics metrics, Router router,
                         Channel serverChannel, boolean epoll) {
        this.config = config;
        this.boss = boss;
        this.workers = workers;
        this.blocking = blocking;
        this.housekeeping = housekeeping;
        this.metrics = metrics;
        this.router = router;
        this.serverChannel = serverChannel;
        this.epoll = epoll;
    }

    /** Binds and starts serving. */
    public static TicketServer start(ServerConfig config, TicketEngine engine, Registry registry)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ticketd-accept"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("ticketd-http"), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ExecutorService blocking = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                new DefaultThreadFactory("ticketd-blocking"));
        ScheduledExecutorService housekeeping = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("ticketd-housekeeping", true));
        ServerMetrics metrics = new ServerMetrics(engine);
        try {
            ConsoleSessions sessions = new ConsoleSessions(registry, engine.config().clockMicros());
            Router router = ApiRoutes.build(config, engine, registry, metrics, sessions);
            Authenticator authenticator = new Authenticator(registry, sessions);
            Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new HttpChannelInitializer(config, router, authenticator, blocking, metrics));
            Channel serverChannel = bootstrap.bind(config.bind(), config.port()).sync().channel();
            housekeeping.scheduleAtFixedRate(metrics::sample, 1, 1, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(() -> flushLastUsed(registry), 5, 5, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(sessions::sweep, 1, 1, TimeUnit.MINUTES);
            TicketServer server = new TicketServer(config, boss, workers, blocking, housekeeping, metrics, router,
                    serverChannel, epoll);
            LOG.info("ticketd listening on {}:{} ({} transport, {} I/O threads)", config.bind(), server.port(),
                    epoll ? "epoll" : "NIO", config.ioThreads());
            return server;
        } catch (InterruptedException | RuntimeException e) {
            housekeeping.shutdownNow();
            blocking.shutdownNow();
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static void flushLastUsed(Registry registry) {
        try {
            registry.flushLastUsed();
        } catch (RuntimeException e) {
            LOG.warn("cannot persist credentials' last-used dates", e);
        }
    }

    /** The port the server listens on (the chosen one when configured with 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean usesEpoll() {
        return epoll;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public ServerConfig config() {
        return config;
    }

    /** The routes this server answers, in matching order (what the OpenAPI document must describe). */
    public List<Route> routes() {
        return router.routes();
    }

    /** Stops accepting new connections; connections already open keep being served. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Stops accepting, finishes blocking work, and closes every connection. */
    @Override
    public void close() {
        stopAccepting();
        housekeeping.shutdownNow();
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("blocking requests did not finish within 30 s");
                blocking.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
