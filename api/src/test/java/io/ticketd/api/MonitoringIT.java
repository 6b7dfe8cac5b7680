package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.engine.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cash register monitoring over HTTP: the push's exact answer, every valid and
 * invalid status, derived states including the offline timeout (driven by the
 * engine's clock, no waiting), history, clock skew, last ticket, scopes and
 * tenant isolation.
 */
class MonitoringIT {
    private static final long START_MICROS = 1_763_000_000_000_000L;
    private static final long START_SECONDS = START_MICROS / 1_000_000;
    private static final String PUSHED = "{\"status\":true,\"success\":true}";

    @TempDir
    Path dir;
    private TestClock clock;
    private ServerFixture s;
    private String account;
    private String s1;
    private String monitor;

    @BeforeEach
    void start() throws Exception {
        clock = new TestClock(START_MICROS);
        s = ServerFixture.start(dir, e -> e.withClock(clock), c -> c.withMonitoringTimeout(Duration.ofMinutes(3)));
        account = s.createAccount("Acme");
        s.createStore(account, "S1");
        s.createStore(account, "S2");
        s1 = s.storeCredential("S1");
        monitor = s.accessKey(account, "[\"monitoring:read\",\"monitoring:write\"]", null);
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private ServerFixture.Response push(String credential, String station, String body) throws Exception {
        return s.post("/apip/stations/" + station + "/monitoring", credential, body);
    }

    private JsonNode station(String credential, String station) throws Exception {
        return s.get("/apip/stations/" + station + "/monitoring", credential).ok(200).json().at("/content");
    }

    @Test
    void shouldAnswerExactlyStatusTrueSuccessTrueForEveryValidStatus() throws Exception {
        for (int status : new int[]{0, 2, 3, 5, 6}) {
            var r = push(s1, "S1", "{\"status\":" + status + ",\"time\":" + START_SECONDS + "}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(PUSHED);
            assertThat(station(s1, "S1").get("status").asInt()).isEqualTo(status);
        }
        var full = push(s1, "S1", "{\"status\":0,\"time\":" + START_SECONDS + ",\"received_from_cloud\":" + START_SECONDS
                + ",\"cloud_online\":true}");
        assertThat(full.body()).isEqualTo(PUSHED);
        JsonNode v = station(s1, "S1");
        assertThat(v.get("cloudOnline").asBoolean()).isTrue();
        assertThat(v.get("receivedFromCloud").asLong()).isEqualTo(START_SECONDS);
    }

    @Test
    void shouldRejectEveryInvalidPushWithAMessageNamingTheField() throws Exception {
        String[][] cases = {
                {"{\"status\":1,\"time\":1}", "status 1 is not a status code"},
                {"{\"status\":4,\"time\":1}", "0, 2, 3, 5, 6"},
                {"{\"status\":7,\"time\":1}", "status 7"},
                {"{\"status\":-1,\"time\":1}", "status -1"},
                {"{\"status\":\"0\",\"time\":1}", "status must be an integer"},
                {"{\"status\":0.5,\"time\":1}", "status must be an integer"},
                {"{\"time\":1}", "status is required"},
                {"{\"status\":0}", "time is required"},
                {"{\"status\":0,\"time\":\"now\"}", "time must be an integer"},
                {"{\"status\":0,\"time\":0}", "time 0 is out of range"},
                {"{\"status\":0,\"time\":1,\"cloud_online\":\"yes\"}", "cloud_online must be true or false"},
                {"{\"status\":0,\"time\":1,\"received_from_cloud\":true}", "received_from_cloud must be an integer"},
                {"{\"status\":0,\"time\":1,\"temperature\":20}", "unknown field 'temperature'"},
                {"{\"status\":0,", "not valid JSON"},
                {"[0]", "must be a JSON object"},
        };
        for (String[] c : cases) {
            var r = push(s1, "S1", c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorMessage()).as(c[0]).contains(c[1]);
        }
        assertThat(station(s1, "S1").get("pushes").asInt()).isZero();
    }

    @Test
    void shouldDeriveOnlineDegradedAndOfflineFromStatusAndTheTimeout() throws Exception {
        assertThat(station(s1, "S1").get("state").asText()).isEqualTo("offline"); // never pushed
        push(s1, "S1", "{\"status\":0,\"time\":" + START_SECONDS + "}").ok(200);
        assertThat(station(s1, "S1").get("state").asText()).isEqualTo("online");
        push(s1, "S1", "{\"status\":2,\"time\":" + START_SECONDS + "}").ok(200);
        JsonNode degraded = station(s1, "S1");
        assertThat(degraded.get("state").asText()).isEqualTo("degraded");
        assertThat(degraded.get("statusMeaning").asText()).isEqualTo("There is no connection to the cash register");

        clock.advance(Duration.ofMinutes(3).toNanos() / 1000 - 1_000_000);
        assertThat(station(s1, "S1").get("state").asText()).isEqualTo("degraded"); // 2 min 59 s: within the timeout
        clock.advance(2_000_000);
        JsonNode offline = station(s1, "S1");
        assertThat(offline.get("state").asText()).isEqualTo("offline");
        assertThat(offline.get("status").asInt()).isEqualTo(2);

        push(s1, "S1", "{\"status\":0,\"time\":" + (clock.peek() / 1_000_000) + "}").ok(200);
        assertThat(station(s1, "S1").get("state").asText()).isEqualTo("online");
    }

    @Test
    void shouldKeepTheHistoryOfChangesAndSinceWhen() throws Exception {
        int[] sequence = {0, 0, 2, 2, 3, 0};
        for (int i = 0; i < sequence.length; i++) {
            clock.advance(1_000_000);
            push(s1, "S1", "{\"status\":" + sequence[i] + ",\"time\":" + (START_SECONDS + i) + "}").ok(200);
        }
        JsonNode v = station(s1, "S1");
        assertThat(v.get("pushes").asInt()).isEqualTo(6);
        assertThat(v.get("history").findValuesAsText("status")).containsExactly("0", "3", "2", "0");
        assertThat(v.get("since").asLong()).isEqualTo(v.at("/history/0/since").asLong());
        assertThat(v.get("lastPush").asLong()).isEqualTo(v.get("since").asLong());
        assertThat(v.get("lastPushTime").asLong()).isEqualTo(START_SECONDS + 5);
        assertThat(v.at("/history/1/time").asLong()).isEqualTo(START_SECONDS + 4);
    }

    @Test
    void shouldAcceptButFlagAPushWhoseClockIsFarOff() throws Exception {
        push(s1, "S1", "{\"status\":0,\"time\":" + (START_SECONDS + 3600) + "}").ok(200);
        JsonNode ahead = station(s1, "S1");
        assertThat(ahead.get("clockSkewSeconds").asLong()).isBetween(3595L, 3605L);
        assertThat(ahead.get("clockSkewed").asBoolean()).isTrue();
        push(s1, "S1", "{\"status\":0,\"time\":" + START_SECONDS + "}").ok(200);
        assertThat(station(s1, "S1").get("clockSkewed").asBoolean()).isFalse();
    }

    @Test
    void shouldShowWhenTheStationsLastTicketArrived() throws Exception {
        push(s1, "S1", "{\"status\":0,\"time\":" + START_SECONDS + "}").ok(200);
        assertThat(station(s1, "S1").get("lastTicketDate").isNull()).isTrue();
        long pd = s.post("/apip/tickets", s1, "{\"ticketId\":\"T1\",\"startDate\":1}").ok(200).json()
                .at("/content/results/0/persistDate").asLong();
        assertThat(station(s1, "S1").get("lastTicketDate").asLong()).isEqualTo(pd);
    }

    @Test
    void shouldListEveryStationOfTheAccount() throws Exception {
        push(monitor, "S2", "{\"status\":5,\"time\":" + START_SECONDS + "}").ok(200);
        JsonNode all = s.get("/apip/monitoring", monitor).ok(200).json().at("/content");
        assertThat(all.findValuesAsText("stationId")).containsExactly("S1", "S2");
        assertThat(all.get(0).get("state").asText()).isEqualTo("offline");
        assertThat(all.get(0).get("status").isNull()).isTrue();
        assertThat(all.get(1).get("state").asText()).isEqualTo("degraded");
        JsonNode own = s.get("/apip/monitoring", s1).ok(200).json().at("/content");
        assertThat(own.findValuesAsText("stationId")).containsExactly("S1"); // a store credential sees its own
    }

    @Test
    void shouldKeepStoreCredentialsScopesAndAccountsApart() throws Exception {
        String body = "{\"status\":0,\"time\":" + START_SECONDS + "}";
        assertThat(push(s1, "S2", body).status()).isEqualTo(403);
        assertThat(s.get("/apip/stations/S2/monitoring", s1).status()).isEqualTo(403);
        assertThat(push(s1, "NOPE", body).status()).isEqualTo(404);

        String tickets = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", null);
        assertThat(push(tickets, "S1", body).status()).isEqualTo(403);
        assertThat(s.get("/apip/monitoring", tickets).status()).isEqualTo(403);
        String readOnly = s.accessKey(account, "[\"monitoring:read\"]", null);
        assertThat(push(readOnly, "S1", body).status()).isEqualTo(403);
        String writeOnly = s.accessKey(account, "[\"monitoring:write\"]", null);
        assertThat(push(writeOnly, "S1", body).status()).isEqualTo(200);
        assertThat(s.get("/apip/monitoring", writeOnly).status()).isEqualTo(403);

        String other = s.createAccount("Globex");
        s.createStore(other, "G1");
        String globex = s.accessKey(other, "[\"monitoring:read\",\"monitoring:write\"]", null);
        assertThat(push(globex, "S1", body).status()).isEqualTo(404);
        assertThat(s.get("/apip/stations/S1/monitoring", globex).status()).isEqualTo(404);
        assertThat(s.get("/apip/monitoring", globex).ok(200).json().at("/content").findValuesAsText("stationId"))
                .containsExactly("G1");
        assertThat(s.get("/apip/monitoring", s.adminHeader).status()).isEqualTo(400);
    }
}
