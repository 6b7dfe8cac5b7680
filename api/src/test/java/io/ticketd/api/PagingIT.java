package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /apip/tickets} and {@code /cpos/{accountId}/apip/tickets}: cursors, filters, parameters, errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagingIT {
    private static final int TICKETS = 260;

    private ServerFixture s;
    private String account;
    private String other;
    private String key;
    private String otherKey;
    private final List<Long> persistDates = new ArrayList<>();
    private final List<String> storeOf = new ArrayList<>();
    private long last;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
        account = s.createAccount("Acme");
        other = s.createAccount("Globex");
        for (String store : new String[]{"S1", "S2", "S3"}) {
            s.createStore(account, store);
        }
        s.createStore(other, "G1");
        key = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", null);
        otherKey = s.accessKey(other, "[\"tickets:read\",\"tickets:write\"]", null);
        for (int batch = 0; batch < TICKETS / 20; batch++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 20; i++) {
                int n = batch * 20 + i;
                String store = "S" + (1 + n % 3);
                long backdated = n % 10 == 0 ? 1_760_000_000_000_000L : 1_763_000_000_000_000L + n;
                body.append(i == 0 ? "" : ",").append("{\"ticketId\":\"T").append(n).append("\",\"storeId\":\"")
                        .append(store).append("\",\"startDate\":").append(backdated).append(",\"n\":").append(n).append('}');
                storeOf.add(store);
            }
            JsonNode results = s.post("/apip/tickets", key, body.append(']').toString()).ok(200).json().at("/content/results");
            for (JsonNode r : results) {
                persistDates.add(r.get("persistDate").asLong());
            }
        }
        s.post("/apip/tickets", otherKey, "{\"ticketId\":\"G\",\"storeId\":\"G1\",\"startDate\":1}").ok(200);
        last = persistDates.get(persistDates.size() - 1);
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    /** Walks every page of a query; asserts each page's size; returns the persistDates in order. */
    private List<Long> walk(String path, String credential, int pageSize) throws Exception {
        List<Long> out = new ArrayList<>();
        JsonNode page = s.get(path, credential).ok(200).json().at("/content");
        int pages = 0;
        while (true) {
            assertThat(page.get("resultCount").asInt()).isEqualTo(page.get("results").size()).isLessThanOrEqualTo(pageSize);
            for (JsonNode t : page.get("results")) {
                out.add(t.get("persistDate").asLong());
                assertThat(t.get("revision").asInt()).isEqualTo(1);
            }
            if (page.get("cursor").isNull()) {
                return out;
            }
            assertThat(++pages).isLessThan(10_000);
            page = s.get(prefix(path) + "?cursor=" + page.get("cursor").asText(), credential).ok(200).json().at("/content");
        }
    }

    private static String prefix(String path) {
        return path.substring(0, path.indexOf('?'));
    }

    @Test
    void shouldPageEveryTicketOnceInPersistDateOrderWhateverThePageSize() throws Exception {
        for (int size : new int[]{1, 7, 50}) {
            assertThat(walk("/apip/tickets?startDate=0&endDate=" + last + "&maxPageSize=" + size, key, size))
                    .as("page size %d", size).isEqualTo(persistDates);
        }
        assertThat(walk("/apip/tickets?startDate=0&endDate=" + last, key, 50)).isEqualTo(persistDates);
    }

    @Test
    void shouldPageOneStore() throws Exception {
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < persistDates.size(); i++) {
            if (storeOf.get(i).equals("S2")) {
                expected.add(persistDates.get(i));
            }
        }
        assertThat(walk("/apip/tickets?startDate=0&endDate=" + last + "&storeId=S2&maxPageSize=9", key, 9))
                .isEqualTo(expected);
    }

    @Test
    void shouldPageByReceiveTimeNotByStartDate() throws Exception {
        long from = persistDates.get(100);
        List<Long> got = walk("/apip/tickets?startDate=" + from + "&endDate=" + persistDates.get(150), key, 50);
        assertThat(got).isEqualTo(persistDates.subList(100, 151)); // back-dated tickets (T100, T110…) included
    }

    @Test
    void shouldAnswerTheAccountScopedEndpointAlike() throws Exception {
        assertThat(walk("/cpos/" + account + "/apip/tickets?startDate=0&endDate=" + last, key, 50)).isEqualTo(persistDates);
        assertThat(walk("/cpos/" + account + "/apip/tickets?startDate=0&endDate=" + last, s.adminHeader, 50))
                .isEqualTo(persistDates);
        assertThat(s.get("/cpos/acct_nosuchaccount/apip/tickets?startDate=0", s.adminHeader).status()).isEqualTo(404);
        assertThat(s.get("/apip/tickets?startDate=0", s.adminHeader).status()).isEqualTo(400);
    }

    @Test
    void shouldReturnTheTicketAsSentPlusPersistDateAndRevision() throws Exception {
        String sent = "{ \"ticketId\" : \"fmt-1\",\n  \"storeId\":\"S3\", \"startDate\": 1763000000000000,"
                + " \"note\":\"caf\u00e9 \\u00e9 \\\"quoted\\\"\", \"amount\": -12 }";
        long pd = s.post("/apip/tickets", key, sent).ok(200).json().at("/content/results/0/persistDate").asLong();
        String body = s.get("/apip/tickets?startDate=" + pd + "&endDate=" + pd, key).ok(200).body();
        String expected = sent.substring(0, sent.length() - 1) + ",\"persistDate\":" + pd + ",\"revision\":1}";
        assertThat(body).contains(expected);
    }

    @Test
    void shouldEndTheWalkWithANullCursorOnceTheRangeIsExhausted() throws Exception {
        JsonNode c = s.get("/apip/tickets?startDate=0&endDate=" + persistDates.get(4) + "&maxPageSize=5", key).ok(200)
                .json().at("/content");
        assertThat(c.get("resultCount").asInt()).isEqualTo(5);
        assertThat(c.get("cursor").isNull()).isTrue();
    }

    @Test
    void shouldRejectBadParameters() throws Exception {
        String[][] cases = {
                {"/apip/tickets", "startDate is required"},
                {"/apip/tickets?startDate=abc", "'startDate' must be an integer"},
                {"/apip/tickets?startDate=0&maxPageSize=51", "maxPageSize: must be 1 to 50, got 51"},
                {"/apip/tickets?startDate=0&maxPageSize=0", "maxPageSize"},
                {"/apip/tickets?startDate=10&endDate=5", "endDate: must not be before startDate"},
                {"/apip/tickets?startDate=-1", "startDate: must not be negative"},
                {"/apip/tickets?startDate=0&startDate=1", "given 2 times"},
                {"/apip/tickets?startDate=0&maxpagesize=5", "unknown query parameter 'maxpagesize'"},
                {"/apip/tickets?startDate=0&storeId=bad%20id", "store bad id is not a store of this account"},
        };
        for (String[] c : cases) {
            var r = s.get(c[0], key);
            assertThat(r.status()).as(c[0]).isIn(400, 404);
            assertThat(r.errorMessage()).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void shouldRejectTamperedGarbageAndForeignCursors() throws Exception {
        String cursor = s.get("/apip/tickets?startDate=0&maxPageSize=3", key).ok(200).json().at("/content/cursor").asText();
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        raw[5] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        for (String bad : new String[]{tampered, "garbage!", "AAAA"}) {
            var r = s.get("/apip/tickets?cursor=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), key);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("invalid_cursor");
        }
        var foreign = s.get("/apip/tickets?cursor=" + cursor, otherKey);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorMessage()).contains("another account");
        var empty = s.get("/apip/tickets?cursor=", key);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.errorMessage()).contains("empty");
    }

    @Test
    void shouldAcceptParametersThatAgreeWithTheCursorAndRejectOnesThatDisagree() throws Exception {
        JsonNode first = s.get("/apip/tickets?startDate=0&endDate=" + last + "&maxPageSize=3&storeId=S1", key).ok(200)
                .json().at("/content");
        String cursor = first.get("cursor").asText();
        s.get("/apip/tickets?cursor=" + cursor + "&endDate=" + last + "&maxPageSize=3&storeId=S1&startDate=0", key).ok(200);
        assertThat(s.get("/apip/tickets?cursor=" + cursor + "&maxPageSize=4", key).errorMessage())
                .contains("maxPageSize 4 disagrees with the cursor");
        assertThat(s.get("/apip/tickets?cursor=" + cursor + "&endDate=5", key).errorMessage())
                .contains("endDate 5 disagrees");
        var store = s.get("/apip/tickets?cursor=" + cursor + "&storeId=S2", key);
        assertThat(store.status()).isEqualTo(400);
        assertThat(store.errorMessage()).contains("issued for storeId S1");
    }

    @Test
    void shouldGiveTheTenantScopedEndpointFromCpos() throws Exception {
        String url = s.get("/apip/cpos", key).ok(200).json().at("/content/posTicketsEndpoint").asText();
        assertThat(url).isEqualTo("http://127.0.0.1:" + s.port() + "/cpos/" + account + "/apip/tickets");
        var viaUrl = s.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "?startDate=0&endDate=" + last))
                .header("Authentication", key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(viaUrl.statusCode()).isEqualTo(200);
    }
}
