package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /apip/tickets}: every body form, whole-request validation, duplicates and revisions, limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIT {
    private ServerFixture s;
    private String account;
    private String key;
    private int seq;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
        account = s.createAccount("Acme");
        s.createStore(account, "S1");
        s.createStore(account, "S2");
        key = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", null);
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    private String ticket(String id) {
        return "{\"ticketId\":\"" + id + "\",\"storeId\":\"S1\",\"startDate\":1763000000000000,\"total\":100}";
    }

    private String id() {
        return "T" + (++seq);
    }

    /** How many revisions of a ticket id are stored: pages the whole account up to now. */
    private int stored(String ticketId) throws Exception {
        int n = 0;
        JsonNode page = s.get("/apip/tickets?startDate=0", key).ok(200).json();
        while (true) {
            for (JsonNode t : page.at("/content/results")) {
                if (t.path("ticketId").asText().equals(ticketId)) {
                    n++;
                }
            }
            if (page.at("/content/cursor").isNull() || page.at("/content/resultCount").asInt() == 0) {
                return n;
            }
            page = s.get("/apip/tickets?cursor=" + page.at("/content/cursor").asText(), key).ok(200).json();
        }
    }

    @Test
    void shouldAcceptOneTicketAndAnswerAfterTheCommit() throws Exception {
        String id = id();
        JsonNode c = s.post("/apip/tickets", key, ticket(id)).ok(200).json().at("/content");
        assertThat(c.get("accepted").asInt()).isEqualTo(1);
        assertThat(c.get("duplicates").asInt()).isZero();
        JsonNode r = c.at("/results/0");
        assertThat(r.get("ticketId").asText()).isEqualTo(id);
        assertThat(r.get("storeId").asText()).isEqualTo("S1");
        assertThat(r.get("revision").asInt()).isEqualTo(1);
        assertThat(r.get("status").asText()).isEqualTo("created");
        assertThat(r.get("persistDate").asLong()).isGreaterThan(1_700_000_000_000_000L);
    }

    @Test
    void shouldAcceptAnArrayOfTickets() throws Exception {
        String a = id();
        String b = id();
        JsonNode c = s.post("/apip/tickets", key, "[" + ticket(a) + ",\n " + ticket(b) + "]").ok(200).json().at("/content");
        assertThat(c.get("accepted").asInt()).isEqualTo(2);
        assertThat(c.at("/results/1/ticketId").asText()).isEqualTo(b);
        assertThat(c.at("/results/1/persistDate").asLong()).isGreaterThan(c.at("/results/0/persistDate").asLong());
    }

    @Test
    void shouldAcceptNdjson() throws Exception {
        String a = id();
        String b = id();
        JsonNode c = s.send("POST", "/apip/tickets", key, "application/x-ndjson", ticket(a) + "\n\n" + ticket(b) + "\n")
                .ok(200).json().at("/content");
        assertThat(c.get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAcceptAGzippedBodyAndCompressTheAnswerWhenAsked() throws Exception {
        String a = id();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("[" + ticket(a) + "]").getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> r = s.http.send(HttpRequest.newBuilder(s.uri("/apip/tickets"))
                .header("Authentication", key).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"ticketId\":\"" + a + "\"");
    }

    @Test
    void shouldRejectACorruptGzipBody() throws Exception {
        HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(s.uri("/apip/tickets"))
                .header("Authentication", key).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("this is not gzip")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed_body");
    }

    @Test
    void shouldStoreNothingOfARequestWithOneBadTicket() throws Exception {
        String good1 = id();
        String good2 = id();
        var r = s.post("/apip/tickets", key, "[" + ticket(good1) + "," + ticket(good2)
                + ",{\"ticketId\":\"bad\",\"storeId\":\"S1\",\"startDate\":\"yesterday\"}]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_ticket");
        assertThat(r.errorMessage()).startsWith("tickets[2].startDate: must be an integer");
        assertThat(stored(good1)).isZero();
        assertThat(stored(good2)).isZero();
    }

    @Test
    void shouldNameTheLineOfABadNdjsonTicket() throws Exception {
        var r = s.send("POST", "/apip/tickets", key, "application/x-ndjson",
                ticket(id()) + "\n{\"ticketId\":\"x\",\"storeId\":\"S1\",\"startDate\":1,\"revision\":3}\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).isEqualTo("line 2: revision: is assigned by the server; a ticket must not carry it");
    }

    @Test
    void shouldSayWhereATruncatedBodyEndsAndWhatItLeftOpen() throws Exception {
        String[][] cases = {
                {"application/json", "{\"ticketId\":\"a\",\"storeId\":\"S1\",\"startDate\":1",
                        "the ticket is not valid JSON: the document ends before the object opened at column 1 is closed"
                                + " (column 45)"},
                {"application/json", "[" + ticket(id()) + ",{\"ticketId\":\"b",
                        "tickets[1] is not valid JSON: the document ends inside a string, before the object opened at"},
                {"application/x-ndjson", ticket(id()) + "\n{\"ticketId\":\"c\",\"storeId\":\"S1\",\"startDate\":1",
                        "line 2: the ticket: is not valid JSON: the document ends before the object opened at column 1"
                                + " is closed (column 45)"},
        };
        for (String[] c : cases) {
            var r = s.send("POST", "/apip/tickets", key, c[0], c[1]);
            assertThat(r.status()).as(c[1]).isEqualTo(400);
            assertThat(r.errorMessage()).as(c[1]).startsWith(c[2]).doesNotContain("Source");
        }
    }

    @Test
    void shouldRejectEveryKindOfBadBody() throws Exception {
        String[][] cases = {
                {"", "malformed_body", "empty"},
                {"{\"ticketId\":", "malformed_body", "not valid JSON"},
                {"42", "malformed_body", "ticket object"},
                {"[]", "no_tickets", "no tickets"},
                {"[1]", "invalid_ticket", "tickets[0]: must be a JSON object"},
                {"{\"storeId\":\"S1\",\"startDate\":1}", "invalid_ticket", "ticketId: is required"},
                {"{\"ticketId\":\"a\",\"storeId\":\"S1\",\"startDate\":1} {}", "malformed_body", "content after"},
                {"{\"ticketId\":\"a\",\"storeId\":\"S1\",\"startDate\":1,\"persistDate\":2}", "invalid_ticket", "persistDate"},
                {"{\"ticketId\":\"a\",\"storeId\":\"S 1\",\"startDate\":1}", "invalid_ticket", "storeId"},
                {"{\"ticketId\":\"a\",\"storeId\":\"S9\",\"startDate\":1}", "unknown_store", "S9"},
                {"{\"ticketId\":\"a\",\"startDate\":1}", "invalid_ticket", "storeId: is required"},
        };
        for (String[] c : cases) {
            var r = s.post("/apip/tickets", key, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo(c[1]);
            assertThat(r.errorMessage()).as(c[0]).contains(c[2]);
        }
    }

    @Test
    void shouldAnswer415ForAnotherContentType() throws Exception {
        var r = s.send("POST", "/apip/tickets", key, "application/x-www-form-urlencoded", "ticketId=1");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.errorMessage()).contains("application/json").contains("application/x-ndjson");
    }

    @Test
    void shouldAnswer413ForMoreThan1000Tickets() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            b.append(ticket("many-" + i)).append('\n');
        }
        var r = s.send("POST", "/apip/tickets", key, "application/x-ndjson", b.toString());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorMessage()).contains("1000");
        assertThat(stored("many-0")).isZero();
    }

    @Test
    void shouldAnswer413ForABodyOver8MiB() throws Exception {
        String pad = "x".repeat(60_000);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 150; i++) {
            b.append(i == 0 ? "" : ",").append("{\"ticketId\":\"big").append(i)
                    .append("\",\"storeId\":\"S1\",\"startDate\":1,\"pad\":\"").append(pad).append("\"}");
        }
        b.append(']');
        var r = s.post("/apip/tickets", key, b.toString());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("too_large");
    }

    @Test
    void shouldAcknowledgeAResendAsADuplicateWithItsOriginalPersistDate() throws Exception {
        String id = id();
        long first = s.post("/apip/tickets", key, ticket(id)).ok(200).json().at("/content/results/0/persistDate").asLong();
        JsonNode again = s.post("/apip/tickets", key, ticket(id)).ok(200).json().at("/content");
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);
        assertThat(again.at("/results/0/status").asText()).isEqualTo("duplicate");
        assertThat(again.at("/results/0/persistDate").asLong()).isEqualTo(first);
        assertThat(stored(id)).isEqualTo(1);
    }

    @Test
    void shouldStoreACorrectionAsTheNextRevision() throws Exception {
        String id = id();
        long first = s.post("/apip/tickets", key, ticket(id)).ok(200).json().at("/content/results/0/persistDate").asLong();
        JsonNode r = s.post("/apip/tickets", key, ticket(id).replace("\"total\":100", "\"total\":-100,\"type\":\"VOID\""))
                .ok(200).json().at("/content/results/0");
        assertThat(r.get("status").asText()).isEqualTo("revised");
        assertThat(r.get("revision").asInt()).isEqualTo(2);
        assertThat(r.get("persistDate").asLong()).isGreaterThan(first);
        assertThat(stored(id)).isEqualTo(2);
    }

    @Test
    void shouldCatchADuplicateInsideOneRequest() throws Exception {
        String id = id();
        JsonNode c = s.post("/apip/tickets", key, "[" + ticket(id) + "," + ticket(id) + "]").ok(200).json().at("/content");
        assertThat(c.at("/results/0/status").asText()).isEqualTo("created");
        assertThat(c.at("/results/1/status").asText()).isEqualTo("duplicate");
        assertThat(c.at("/results/1/persistDate").asLong()).isEqualTo(c.at("/results/0/persistDate").asLong());
    }

    @Test
    void shouldRefuseTicketsFromTheAdminCredential() throws Exception {
        var r = s.post("/apip/tickets", s.adminHeader, ticket(id()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorMessage()).contains("no account");
    }
}
