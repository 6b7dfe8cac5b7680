package io.ticketd.api.ops;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.ServerConfig;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.Json;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.registry.Principal;

import java.nio.charset.StandardCharsets;

/**
 * Operational endpoints: {@code GET /health} (no credentials; 503 when the engine
 * has stopped accepting writes), {@code GET /metrics} (Prometheus text) and the
 * integrator's {@code GET /apip/cpos} (the account's own tickets endpoint).
 *
 * <p>Thread-safety: stateless.
 */
public final class OpsEndpoints {
    private final TicketEngine engine;
    private final ServerMetrics metrics;
    private final ServerConfig config;
    private final long startedAt = System.currentTimeMillis();

    public OpsEndpoints(TicketEngine engine, ServerMetrics metrics, ServerConfig config) {
        this.engine = engine;
        this.metrics = metrics;
        this.config = config;
    }

    public void health(Exchange exchange) {
        Throwable failure = engine.failure();
        var body = Json.content(exchange.alloc(), out -> {
            out.writeStartObject();
            out.writeStringField("status", failure == null ? "ok" : "failed");
            if (failure != null) {
                out.writeStringField("reason", "storage failure: " + failure + "; writes are refused until restart");
            }
            out.writeNumberField("lastPersistDate", engine.lastCommittedPersistDate());
            out.writeNumberField("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
            out.writeEndObject();
        });
        exchange.respond(failure == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    public void metrics(Exchange exchange) {
        byte[] text = metrics.prometheus().getBytes(StandardCharsets.UTF_8);
        exchange.respond(HttpResponseStatus.OK, Unpooled.wrappedBuffer(text), "text/plain; version=0.0.4; charset=utf-8",
                null);
    }

    /** {@code {"content":{"posTicketsEndpoint":"<public base URL>/cpos/<accountId>/apip/tickets"}}}. */
    public void cpos(Exchange exchange) throws ApiException {
        Principal principal = exchange.principal();
        if (principal.accountId() == null) {
            throw ApiException.invalid("the admin credential belongs to no account; an account's tickets endpoint is"
                    + " /cpos/{accountId}/apip/tickets");
        }
        String url = publicUrl(exchange) + "/cpos/" + principal.accountId() + "/apip/tickets";
        exchange.respond(HttpResponseStatus.OK, Json.content(exchange.alloc(), out -> {
            out.writeStartObject();
            out.writeStringField("posTicketsEndpoint", url);
            out.writeEndObject();
        }));
    }

    /**
     * The configured public URL; otherwise the address the server listens on, or, when
     * it listens on every interface, the host the client addressed (its Host header).
     */
    private String publicUrl(Exchange exchange) {
        if (config.publicUrl() != null) {
            return config.publicUrl();
        }
        String bind = config.bind();
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.isEmpty()) {
            return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + localPort(exchange);
        }
        String host = exchange.header(HttpHeaderNames.HOST);
        return "http://" + (host != null && !host.isBlank() ? host.trim() : "localhost:" + localPort(exchange));
    }

    private static int localPort(Exchange exchange) {
        return exchange.localPort();
    }
}
