package io.ticketd.api.tickets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.Json;
import io.ticketd.api.http.Route;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.registry.CredentialKind;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.Store;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /apip/tickets}: a ticket object, an array of them, or NDJSON. The
 * request is validated whole, each ticket's store checked against the credential
 * (a store credential writes only its own store and fills it in when omitted; an
 * access key only its listed stores) and against the account's stores; then the
 * tickets are published to the commit ring as one batch, and the answer is written
 * when the commit acknowledges them. A full ring answers 503 with
 * {@code Retry-After}: nothing of the request was stored.
 *
 * <p>Thread-safety: stateless; runs on event loops, completes on the commit thread's hand-off.
 */
public final class IngestEndpoint implements Route.Endpoint {
    private final TicketEngine engine;
    private final Registry registry;
    private final int maxTickets;

    public IngestEndpoint(TicketEngine engine, Registry registry, int maxTickets) {
        this.engine = engine;
        this.registry = registry;
        this.maxTickets = maxTickets;
    }

    @Override
    public void handle(Exchange exchange) throws ApiException {
        Principal principal = exchange.principal();
        if (principal.accountId() == null) {
            throw ApiException.forbidden("the admin credential belongs to no account; post tickets with a store"
                    + " credential or an account's access key");
        }
        TicketBodyReader.Format format = format(exchange.header(HttpHeaderNames.CONTENT_TYPE));
        byte[] body = exchange.bodyBytes();
        List<ValidatedTicket> tickets = TicketBodyReader.read(body, format, defaultStore(principal), maxTickets);
        for (int i = 0; i < tickets.size(); i++) {
            checkStore(principal, tickets.get(i).storeId(), format, tickets.size() == 1 ? -1 : i);
        }
        IngestBatch batch = new IngestBatch(principal.accountId(), tickets,
                committed -> exchange.executor().execute(() -> acknowledge(exchange, committed)));
        switch (engine.tryPublish(batch)) {
            case ACCEPTED -> {
                // answered by acknowledge() once the commit lands
            }
            case RING_FULL -> throw ApiException.unavailable("overloaded",
                    "the server is at capacity; nothing was stored; retry after the Retry-After delay", 1);
            default -> throw ApiException.unavailable("unavailable",
                    "the server is not accepting tickets now (shutting down or storage failure); nothing was stored", 5);
        }
    }

    private static TicketBodyReader.Format format(String contentType) throws ApiException {
        String type = contentType == null ? "application/json" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/json":
                return TicketBodyReader.Format.JSON;
            case "application/x-ndjson":
            case "application/ndjson":
            case "application/jsonl":
                return TicketBodyReader.Format.NDJSON;
            default:
                throw ApiException.unsupportedMediaType("Content-Type " + type + " is not accepted; send"
                        + " application/json (a ticket or an array of tickets) or application/x-ndjson");
        }
    }

    /** The store a ticket without storeId belongs to: a store credential's own, or an access key's only store. */
    private static String defaultStore(Principal principal) {
        if (principal.kind() == CredentialKind.STORE) {
            return principal.storeId();
        }
        List<String> stores = principal.stores();
        return stores != null && stores.size() == 1 ? stores.get(0) : null;
    }

    /** Checks that the principal may write the store of the ticket at {@code index} (-1: the body's only ticket). */
    private void checkStore(Principal principal, String storeId, TicketBodyReader.Format format, int index)
            throws ApiException {
        boolean allowed = principal.mayUseStore(storeId);
        Optional<Store> store = allowed ? registry.store(storeId) : Optional.empty();
        if (allowed && store.isPresent() && store.get().accountId().equals(principal.accountId())) {
            return; // the common case names nothing: no label is built a ticket
        }
        String where = index < 0 ? "storeId" : label(format, index) + ".storeId";
        if (!allowed) {
            throw ApiException.forbidden(where + ": " + storeId + " is not "
                    + (principal.kind() == CredentialKind.STORE ? "this credential's store (" + principal.storeId() + ")"
                    : "one of the stores this key may write (" + String.join(", ", principal.stores()) + ")"));
        }
        throw ApiException.badRequest("unknown_store", where + ": " + storeId + " is not a store of this account;"
                + " create it first (POST /admin/v1/accounts/{accountId}/stores)");
    }

    private static String label(TicketBodyReader.Format format, int i) {
        return format == TicketBodyReader.Format.NDJSON ? "ticket " + (i + 1) : "tickets[" + i + "]";
    }

    private static void acknowledge(Exchange exchange, IngestBatch batch) {
        if (!batch.succeeded()) {
            exchange.fail(ApiException.unavailable("commit_failed", "the server could not make the tickets durable;"
                    + " nothing of this request was acknowledged; retry later", 5));
            return;
        }
        ByteBuf json = Json.content(exchange.alloc(), out -> {
            out.writeStartObject();
            out.writeNumberField("accepted", batch.size());
            out.writeNumberField("duplicates", batch.duplicates());
            out.writeArrayFieldStart("results");
            for (int i = 0; i < batch.size(); i++) {
                ValidatedTicket t = batch.tickets().get(i);
                out.writeStartObject();
                out.writeStringField("ticketId", t.ticketId());
                out.writeStringField("storeId", t.storeId());
                out.writeNumberField("persistDate", batch.persistDate(i));
                out.writeNumberField("revision", batch.revision(i));
                out.writeStringField("status", batch.status(i).wireName());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
        exchange.respond(HttpResponseStatus.OK, json);
    }
}
