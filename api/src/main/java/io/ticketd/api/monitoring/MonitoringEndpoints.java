package io.ticketd.api.monitoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.Json;
import io.ticketd.api.http.RequestBody;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.monitoring.StationStatusCode;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.Store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cash register monitoring, as the reference Monitoring Data API defines the push:
 * {@code POST /apip/stations/{stationId}/monitoring} answers exactly
 * {@code {"status":true,"success":true}} once the push is committed to the journal;
 * {@code GET /apip/stations/{stationId}/monitoring} and {@code GET /apip/monitoring}
 * read each station's state. A station is a store of the account; a store credential
 * reaches only its own.
 *
 * <p>Derived state: {@code offline} when no push arrived within the monitoring
 * timeout (or never), else {@code degraded} for a non-zero status, else {@code online}.
 * A push whose {@code time} is more than five minutes off the server's clock is
 * accepted and flagged ({@code clockSkewed}, {@code clockSkewSeconds}).
 *
 * <p>Thread-safety: stateless; pushes complete from the commit thread's hand-off.
 */
public final class MonitoringEndpoints {
    static final long SKEW_FLAG_SECONDS = 300;
    private static final byte[] PUSHED = "{\"status\":true,\"success\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> PUSH_FIELDS = Set.of("status", "time", "received_from_cloud", "cloud_online");

    private final TicketEngine engine;
    private final Registry registry;
    private final long timeoutMicros;

    public MonitoringEndpoints(TicketEngine engine, Registry registry, Duration offlineTimeout) {
        this.engine = engine;
        this.registry = registry;
        this.timeoutMicros = offlineTimeout.toNanos() / 1000;
    }

    public void push(Exchange ex) throws ApiException {
        Principal principal = ex.principal();
        String account = account(principal);
        String station = station(ex, principal, account);
        RequestBody body = RequestBody.read(ex, PUSH_FIELDS);
        int status = (int) integer(body, "status", true, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (!StationStatusCode.isValid(status)) {
            throw ApiException.invalid("status " + status + " is not a status code; use one of "
                    + StationStatusCode.validCodes() + " (0: online, 2: no connection to the cash register, 3: list of"
                    + " files cannot be received, 5: error logging into the cash register, 6: unknown error)");
        }
        long time = integer(body, "time", true, 1, Long.MAX_VALUE / 1_000_000);
        Long receivedFromCloud = body.has("received_from_cloud") && !body.node().get("received_from_cloud").isNull()
                ? integer(body, "received_from_cloud", false, 0, Long.MAX_VALUE / 1_000_000) : null;
        Boolean cloudOnline = bool(body, "cloud_online");
        StationPush push = new StationPush(account, station, status, time, receivedFromCloud, cloudOnline,
                committed -> ex.executor().execute(() -> pushed(ex, committed)));
        switch (engine.tryPublish(push)) {
            case ACCEPTED -> {
                // answered by pushed() once committed
            }
            case RING_FULL -> throw ApiException.unavailable("overloaded",
                    "the server is at capacity; the push was not stored; retry after the Retry-After delay", 1);
            default -> throw ApiException.unavailable("unavailable", "the server is not accepting pushes now", 5);
        }
    }

    private static void pushed(Exchange ex, StationPush push) {
        if (!push.succeeded()) {
            ex.fail(ApiException.unavailable("commit_failed", "the server could not make the push durable; retry", 5));
            return;
        }
        ex.respond(HttpResponseStatus.OK, Unpooled.wrappedBuffer(PUSHED));
    }

    public void station(Exchange ex) throws ApiException {
        Principal principal = ex.principal();
        String account = account(principal);
        String station = station(ex, principal, account);
        long now = engine.config().clockMicros().getAsLong();
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), out -> view(out, account, station, now)));
    }

    public void stations(Exchange ex) throws ApiException {
        Principal principal = ex.principal();
        stationsOf(ex, account(principal), principal);
    }

    /**
     * Answers every station of {@code account} that {@code principalOrNull} may see (all of them
     * when null: the admin API, whose caller administers the account).
     */
    public void stationsOf(Exchange ex, String account, Principal principalOrNull) throws ApiException {
        List<Store> stores;
        try {
            stores = registry.stores(account);
        } catch (io.ticketd.engine.registry.RegistryException e) {
            throw ApiException.notFound(e.getMessage());
        }
        long now = engine.config().clockMicros().getAsLong();
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), out -> {
            out.writeStartArray();
            for (Store s : stores) {
                if (principalOrNull == null || principalOrNull.mayUseStore(s.storeId())) {
                    view(out, account, s.storeId(), now);
                }
            }
            out.writeEndArray();
        }));
    }

    private void view(JsonGenerator out, String account, String station, long now) throws IOException {
        StationState s = engine.station(account, station);
        long lastTicket = engine.lastTicketDate(account, station);
        out.writeStartObject();
        out.writeStringField("stationId", station);
        if (s == null) {
            out.writeNullField("status");
            out.writeNullField("statusMeaning");
            out.writeStringField("state", "offline");
            for (String f : new String[]{"since", "lastPush", "lastPushTime", "clockSkewSeconds", "receivedFromCloud",
                    "cloudOnline"}) {
                out.writeNullField(f);
            }
            out.writeBooleanField("clockSkewed", false);
            out.writeNumberField("pushes", 0);
        } else {
            out.writeNumberField("status", s.status());
            out.writeStringField("statusMeaning", StationStatusCode.meaning(s.status()));
            out.writeStringField("state", state(s, now));
            out.writeNumberField("since", s.since());
            out.writeNumberField("lastPush", s.lastPush());
            out.writeNumberField("lastPushTime", s.lastPushTime());
            out.writeNumberField("clockSkewSeconds", s.clockSkewSeconds());
            out.writeBooleanField("clockSkewed", Math.abs(s.clockSkewSeconds()) > SKEW_FLAG_SECONDS);
            if (s.receivedFromCloud() == null) {
                out.writeNullField("receivedFromCloud");
            } else {
                out.writeNumberField("receivedFromCloud", s.receivedFromCloud());
            }
            if (s.cloudOnline() == null) {
                out.writeNullField("cloudOnline");
            } else {
                out.writeBooleanField("cloudOnline", s.cloudOnline());
            }
            out.writeNumberField("pushes", s.pushes());
        }
        if (lastTicket < 0) {
            out.writeNullField("lastTicketDate");
        } else {
            out.writeNumberField("lastTicketDate", lastTicket);
        }
        out.writeNumberField("offlineTimeoutSeconds", timeoutMicros / 1_000_000);
        out.writeArrayFieldStart("history");
        if (s != null) {
            for (StationState.Change c : s.history()) {
                out.writeStartObject();
                out.writeNumberField("status", c.status());
                out.writeStringField("statusMeaning", StationStatusCode.meaning(c.status()));
                out.writeNumberField("since", c.since());
                out.writeNumberField("time", c.time());
                out.writeEndObject();
            }
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** {@code offline} without a push within the timeout, {@code degraded} for a non-zero status, else {@code online}. */
    String state(StationState s, long now) {
        if (now - s.lastPush() > timeoutMicros) {
            return "offline";
        }
        return s.status() == StationStatusCode.ONLINE ? "online" : "degraded";
    }

    private static String account(Principal principal) throws ApiException {
        if (principal.accountId() == null) {
            throw ApiException.invalid("the admin credential belongs to no account; monitoring is per account: use a"
                    + " store credential or an account's access key");
        }
        return principal.accountId();
    }

    /** The station of the path: a store of the account the credential may use. */
    private String station(Exchange ex, Principal principal, String account) throws ApiException {
        String station = ex.pathParam("stationId");
        Optional<Store> store = registry.store(station);
        if (store.isEmpty() || !store.get().accountId().equals(account)) {
            throw ApiException.notFound("station " + station + " is not a store of this account");
        }
        if (!principal.mayUseStore(station)) {
            throw ApiException.forbidden("this credential may not use station " + station);
        }
        return station;
    }

    private static long integer(RequestBody body, String field, boolean required, long min, long max) throws ApiException {
        JsonNode v = body.node().get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.invalid(field + " is required" + (field.equals("time")
                        ? " (Unix time in seconds)" : ""));
            }
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.invalid(field + " must be an integer" + (field.equals("status") ? "" : " (Unix seconds)")
                    + ", got " + v);
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw ApiException.invalid(field + " " + n + " is out of range");
        }
        return n;
    }

    private static Boolean bool(RequestBody body, String field) throws ApiException {
        JsonNode v = body.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(field + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }
}
