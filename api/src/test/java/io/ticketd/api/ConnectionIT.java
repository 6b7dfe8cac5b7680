package io.ticketd.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection behaviour over raw sockets: keep-alive, pipelining, timeouts, malformed HTTP, routing errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionIT {
    private ServerFixture s;
    private String key;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir, e -> e, c -> c.withTimeouts(Duration.ofMillis(1500), Duration.ofMillis(700)));
        String account = s.createAccount("Acme");
        s.createStore(account, "S1");
        key = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", null);
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    private String get(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthentication: " + key + "\r\n" + extraHeaders + "\r\n";
    }

    private String post(String ticketId) {
        String body = "{\"ticketId\":\"" + ticketId + "\",\"storeId\":\"S1\",\"startDate\":1}";
        return "POST /apip/tickets HTTP/1.1\r\nHost: localhost\r\nAuthentication: " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void shouldServeManyRequestsOnOneKeptAliveConnection() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            for (int i = 0; i < 20; i++) {
                c.send(i % 2 == 0 ? get("/health", "") : post("keepalive-" + i));
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Connection")).isNull();
            }
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            // an ingest (answered after a commit, on another thread) pipelined ahead of quick requests
            c.send(post("pipe-1") + get("/nope", "") + post("pipe-2") + get("/health", "") + get("/apip/cpos", ""));
            RawHttp.Response first = c.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).contains("\"ticketId\":\"pipe-1\"");
            assertThat(c.read().status()).isEqualTo(404);
            assertThat(c.read().body()).contains("\"ticketId\":\"pipe-2\"");
            assertThat(c.read().body()).contains("\"status\":\"ok\"");
            assertThat(c.read().body()).contains("posTicketsEndpoint");
        }
    }

    @Test
    void shouldCloseAfterAResponseToConnectionClose() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            c.send(get("/health", "Connection: close\r\n"));
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldCutOffAClientThatSendsItsRequestTooSlowly() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 10_000)) {
            c.send("GET /health HTTP/1.1\r\nHost: localhost\r\n"); // headers never finished
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("request_timeout");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldDeliverThe408ToAClientThatKeepsSendingAfterIt() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 10_000)) {
            c.send("POST /apip/tickets HTTP/1.1\r\nHost: localhost\r\nAuthentication: " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n[");
            // the body stops short: after the request timeout (700 ms) the 408 comes, then the end of the
            // server's side of the stream
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("request_timeout");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(c.closedByServer()).isTrue();
            // a client still sending its body now must not be reset (a reset can destroy an answer not
            // yet read): the server reads and drops what follows its answer; closed at once, it reset
            // the connection and these writes broke
            for (int i = 0; i < 50; i++) {
                c.send(" ".repeat(200));
            }
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysSilent() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 10_000)) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldRejectAMalformedRequestLine() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            c.send("THIS IS NOT HTTP\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("\"error\"");
        }
    }

    @Test
    void shouldRejectAnOverlongUriAndOversizedHeaders() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            c.send("GET /health?x=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(414);
        }
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(431);
        }
    }

    @Test
    void shouldAnswer404And405WithTheErrorBody() throws Exception {
        var notFound = s.get("/apip/nothing", key);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.errorCode()).isEqualTo("not_found");
        var wrongMethod = s.send("PUT", "/apip/tickets", key, null, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void shouldAnswerHeadWithoutABody() throws Exception {
        try (RawHttp c = new RawHttp(s.port(), 5000)) {
            c.send("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n" + get("/health", ""));
            RawHttp.Response head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(c.read().body()).contains("\"status\":\"ok\""); // the next response is intact
        }
    }
}
