package io.ticketd.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the server stops, the engine closes before the connections do: a page asked for on
 * a connection still open then is answered 503 {@code shutting_down} with Retry-After,
 * never by reading the closed index.
 */
class ShutdownIT {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerPagesWithShuttingDownOnceTheEngineHasClosed() throws Exception {
        try (ServerFixture s = ServerFixture.start(dir)) {
            String account = s.createAccount("Acme");
            s.createStore(account, "S1");
            String store = s.storeCredential("S1");
            s.post("/apip/tickets", store, "{\"ticketId\":\"T1\",\"startDate\":1}").ok(200);
            s.get("/apip/tickets?startDate=0", store).ok(200);

            s.engine.close();

            ServerFixture.Response page = s.get("/apip/tickets?startDate=0", store);
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.json().at("/error/code").asText()).isEqualTo("shutting_down");
            assertThat(page.raw().headers().firstValue("Retry-After")).hasValue("5");
            ServerFixture.Response stations = s.get("/admin/v1/accounts/" + account + "/monitoring", s.adminHeader);
            assertThat(stations.status()).as(stations.body()).isEqualTo(503);
            assertThat(stations.json().at("/error/code").asText()).isEqualTo("shutting_down");
        }
    }
}
