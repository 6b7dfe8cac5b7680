package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.engine.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full commit ring answers 503 with Retry-After and stores nothing of that request,
 * while every request accepted before is still acknowledged and stored.
 */
class BackPressureIT {
    @TempDir
    Path dir;

    @Test
    void shouldAnswer503WhenTheRingIsFullAndStillAcknowledgeEverythingAccepted() throws Exception {
        TestClock clock = new TestClock(1_763_000_000_000_000L);
        try (ServerFixture s = ServerFixture.start(dir, e -> e.withRingSize(1024).withClock(clock), c -> c)) {
            String account = s.createAccount("Acme");
            s.createStore(account, "S1");
            String key = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", null);

            clock.block(); // the commit thread stops at its next clock reading: nothing commits meanwhile
            List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
            for (int r = 0; r < 12; r++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"ticketId\":\"R").append(r).append('-').append(i)
                            .append("\",\"storeId\":\"S1\",\"startDate\":1}");
                }
                requests.add(s.http.sendAsync(HttpRequest.newBuilder(s.uri("/apip/tickets"))
                        .header("Authentication", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // 1,024 slots hold ten requests of 100; the other two are refused at once
            List<HttpResponse<String>> refused = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (refused.size() < 2 && System.nanoTime() < deadline) {
                refused.clear();
                for (var f : requests) {
                    if (f.isDone()) {
                        refused.add(f.get());
                    }
                }
                Thread.onSpinWait();
            }
            assertThat(refused).hasSize(2);
            for (HttpResponse<String> r : refused) {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(r.body()).contains("\"code\":\"overloaded\"");
            }

            clock.release();
            Set<String> refusedPrefixes = new HashSet<>();
            int acknowledged = 0;
            for (int r = 0; r < requests.size(); r++) {
                HttpResponse<String> response = requests.get(r).get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 503) {
                    refusedPrefixes.add("R" + r + "-");
                    continue;
                }
                assertThat(response.statusCode()).isEqualTo(200);
                acknowledged += ServerFixture.JSON.readTree(response.body()).at("/content/accepted").asInt();
            }
            assertThat(acknowledged).isEqualTo(1000);

            Set<String> stored = new HashSet<>();
            // the engine's clock is the test's: "now" is frozen, so page up to the last commit explicitly
            JsonNode page = s.get("/apip/tickets?startDate=0&endDate=" + s.engine.lastCommittedPersistDate(), key)
                    .ok(200).json().at("/content");
            while (true) {
                for (JsonNode t : page.get("results")) {
                    assertThat(stored.add(t.get("ticketId").asText())).isTrue();
                }
                if (page.get("cursor").isNull() || page.get("resultCount").asInt() == 0) {
                    break;
                }
                page = s.get("/apip/tickets?cursor=" + page.get("cursor").asText(), key).ok(200).json().at("/content");
            }
            assertThat(stored).hasSize(1000);
            assertThat(stored).noneMatch(id -> refusedPrefixes.stream().anyMatch(id::startsWith));
        } finally {
            clock.release();
        }
    }
}
