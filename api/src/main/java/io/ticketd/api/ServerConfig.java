package io.ticketd.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and what it accepts.
 *
 * @param bind               address to listen on ({@code 0.0.0.0}: every interface)
 * @param port               port; 0 picks a free one (tests)
 * @param publicUrl          base URL clients reach the server at, for {@code /apip/cpos}; null: derived from
 *                           the bind address, or from the request's Host header when bound to every interface
 * @param ioThreads          event loop threads
 * @param maxBodyBytes       largest request body after decompression (413 above)
 * @param maxTicketsPerRequest most tickets one ingest request may carry (413 above)
 * @param maxInitialLineBytes  longest request line (414 above)
 * @param maxHeaderBytes     largest header block (431 above)
 * @param idleTimeout        a connection silent between requests this long is closed
 * @param requestTimeout     a request that has not fully arrived this long after its first byte gets 408
 * @param monitoringTimeout  a station with no push for this long is {@code offline}
 */
public record ServerConfig(String bind, int port, String publicUrl, int ioThreads, int maxBodyBytes,
                           int maxTicketsPerRequest, int maxInitialLineBytes, int maxHeaderBytes,
                           Duration idleTimeout, Duration requestTimeout, Duration monitoringTimeout) {
    public static final int DEFAULT_PORT = 8080;
    public static final int MAX_BODY_BYTES = 8 << 20;
    public static final int MAX_TICKETS_PER_REQUEST = 1000;

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1");
        }
        if (publicUrl != null && publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
    }

    /** The defaults: every interface, port 8080, 8 MiB bodies, 1,000 tickets a request, 60 s idle, 30 s requests. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", DEFAULT_PORT, null, Math.max(2, Runtime.getRuntime().availableProcessors()),
                MAX_BODY_BYTES, MAX_TICKETS_PER_REQUEST, 8192, 16384, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMinutes(3));
    }

    public ServerConfig withBind(String bind, int port) {
        return new ServerConfig(bind, port, publicUrl, ioThreads, maxBodyBytes, maxTicketsPerRequest,
                maxInitialLineBytes, maxHeaderBytes, idleTimeout, requestTimeout, monitoringTimeout);
    }

    public ServerConfig withPublicUrl(String publicUrl) {
        return new ServerConfig(bind, port, publicUrl, ioThreads, maxBodyBytes, maxTicketsPerRequest,
                maxInitialLineBytes, maxHeaderBytes, idleTimeout, requestTimeout, monitoringTimeout);
    }

    public ServerConfig withTimeouts(Duration idleTimeout, Duration requestTimeout) {
        return new ServerConfig(bind, port, publicUrl, ioThreads, maxBodyBytes, maxTicketsPerRequest,
                maxInitialLineBytes, maxHeaderBytes, idleTimeout, requestTimeout, monitoringTimeout);
    }

    public ServerConfig withMonitoringTimeout(Duration monitoringTimeout) {
        return new ServerConfig(bind, port, publicUrl, ioThreads, maxBodyBytes, maxTicketsPerRequest,
                maxInitialLineBytes, maxHeaderBytes, idleTimeout, requestTimeout, monitoringTimeout);
    }

    public ServerConfig withIoThreads(int ioThreads) {
        return new ServerConfig(bind, port, publicUrl, ioThreads, maxBodyBytes, maxTicketsPerRequest,
                maxInitialLineBytes, maxHeaderBytes, idleTimeout, requestTimeout, monitoringTimeout);
    }
}
