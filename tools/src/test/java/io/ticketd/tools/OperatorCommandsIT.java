package io.ticketd.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketd.tools.LaunchedProcesses.Finished;
import io.ticketd.tools.LaunchedProcesses.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands as an operator runs them: {@code tools/bin/ticketd} processes
 * against a real {@code ticketd serve} and its real data directory. The server is set
 * up with {@code ticketd admin}; tickets and a station push arrive over HTTP;
 * {@code ticketd export} writes exactly what paging the API returns; the journal and
 * index commands refuse while the server runs; once it is stopped, {@code journal dump}
 * holds the same tickets as the export, {@code journal verify}, {@code index rebuild}
 * and {@code index verify} pass without changing a byte of the journal, and the server
 * restarted on the rebuilt index answers as before.
 */
class OperatorCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TICKETS = 240;
    private static final String[] STORES = {"store-1", "store-2"};

    @TempDir
    Path dir;

    @RegisterExtension
    final LaunchedProcesses processes = new LaunchedProcesses();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> env = new HashMap<>();
    private int runs;

    @Test
    void shouldExportDumpVerifyAndRebuildARealServersDataDirectory() throws Exception {
        Path data = dir.resolve("data");
        Launched server = serve(data, "serve");
        String url = env.get("TICKETD_URL");
        env.put("TICKETD_ADMIN_CREDENTIALS", data.resolve("admin.credentials").toString());
        env.put("TICKETD_DATA_DIR", data.toString());
        String adminHeader = "X-API-Key " + Files.readString(data.resolve("admin.credentials")).strip();

        String account = json(ticketd(0, "admin", "accounts", "create", "Acme Fuel", "--json")).get("accountId")
                .asText();
        Map<String, String> storeHeaders = new HashMap<>();
        for (String store : STORES) {
            ticketd(0, "admin", "stores", "create", "--account", account, store, "--name", "Store " + store);
            storeHeaders.put(store, json(ticketd(0, "admin", "credentials", "generate", store, "--json"))
                    .get("header").asText());
        }
        String key = json(ticketd(0, "admin", "keys", "create", "--account", account, "--name", "erp", "--scope",
                "tickets:read", "--json")).get("header").asText();
        assertThat(ticketd(1, "admin", "stores", "get", "no-such-store")).contains("ticketd admin: 404 ");

        List<Long> persistDates = postTickets(url, storeHeaders);
        post(url + "/apip/stations/store-1/monitoring", storeHeaders.get("store-1"),
                "{\"status\":0,\"time\":1767225600,\"cloud_online\":true}");
        long from = persistDates.get(TICKETS / 4);
        long to = persistDates.get(TICKETS * 3 / 4);

        Path exportAll = dir.resolve("all.ndjson");
        ticketd(0, "export", "--account", account, "--output", exportAll.toString());
        List<JsonNode> all = lines(exportAll);
        assertThat(all).hasSize(TICKETS + 2).isEqualTo(page(url, adminHeader, "/cpos/" + account + "/apip/tickets",
                "startDate=0"));
        Path exportStore = dir.resolve("store-2.ndjson");
        ticketd(0, "export", "--credentials", key.substring("X-API-Key ".length()), "--store", "store-2",
                "--from", Long.toString(from), "--to", Long.toString(to), "--page-size", "7",
                "--output", exportStore.toString());
        List<JsonNode> store2 = lines(exportStore);
        assertThat(store2).hasSizeBetween(TICKETS / 4 - 2, TICKETS / 4 + 2)
                .isEqualTo(page(url, key, "/apip/tickets", "startDate=" + from + "&endDate=" + to
                        + "&storeId=store-2"))
                .allMatch(t -> t.get("storeId").asText().equals("store-2"));
        ObjectNode station = (ObjectNode) get(url + "/apip/stations/store-1/monitoring", storeHeaders.get("store-1"));
        assertThat(station.get("pushes").asInt()).isEqualTo(1);

        String inUse = "is in use by another ticketd process (pid " + server.process().pid() + ")";
        assertThat(ticketd(1, "journal", "dump", "--output", dir.resolve("refused.ndjson").toString()))
                .contains(inUse);
        assertThat(ticketd(1, "index", "rebuild")).contains(inUse);
        assertThat(dir.resolve("refused.ndjson")).doesNotExist();

        server.process().destroy(); // SIGTERM: a clean stop
        assertThat(server.process().waitFor(LaunchedProcesses.EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(server.process().exitValue()).isZero();
        Map<String, String> journal = JournalDigests.of(data);

        assertThat(ticketd(0, "journal", "verify")).contains(String.format("%,d records: %,d tickets, 1 station"
                + " pushes", TICKETS + 3, TICKETS + 2)).contains("journal verify: OK");
        Path dump = dir.resolve("dump.ndjson");
        assertThat(ticketd(0, "journal", "dump", "--type", "ticket", "--output", dump.toString()))
                .contains(String.format("%,d of %,d records written", TICKETS + 2, TICKETS + 3));
        assertThat(lines(dump).stream().map(line -> line.get("ticket")).toList()).isEqualTo(all);
        Path dumpStore = dir.resolve("dump-store-2.ndjson");
        ticketd(0, "journal", "dump", "--store", "store-2", "--from", Long.toString(from), "--to", Long.toString(to),
                "--output", dumpStore.toString());
        assertThat(lines(dumpStore).stream().map(line -> line.get("ticket")).toList()).isEqualTo(store2);
        Path dumpStations = dir.resolve("stations.ndjson");
        ticketd(0, "journal", "dump", "--type", "station", "--output", dumpStations.toString());
        assertThat(lines(dumpStations)).singleElement().satisfies(push -> {
            assertThat(push.get("storeId").asText()).isEqualTo("store-1");
            assertThat(push.get("cloudOnline").asBoolean()).isTrue();
        });

        assertThat(ticketd(0, "index", "rebuild")).contains(String.format("%,d records replayed", TICKETS + 3));
        assertThat(ticketd(0, "index", "verify")).contains("up to date with the journal")
                .contains("index verify: OK, the index matches the journal");
        assertThat(JournalDigests.of(data)).isEqualTo(journal);

        Launched restarted = serve(data, "serve-after-rebuild");
        String url2 = env.get("TICKETD_URL");
        Path again = dir.resolve("again.ndjson");
        ticketd(0, "export", "--account", account, "--output", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(exportAll));
        ObjectNode stationAfter = (ObjectNode) get(url2 + "/apip/stations/store-1/monitoring",
                storeHeaders.get("store-1"));
        JsonNode expectedStation = station.without("state"); // state: derived from the time of the request
        JsonNode actualStation = stationAfter.without("state");
        assertThat(actualStation).isEqualTo(expectedStation);
        restarted.process().destroy();
        assertThat(restarted.process().waitFor(LaunchedProcesses.EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    /** Starts {@code ticketd serve} on the data directory and a free port, and points the commands at it. */
    private Launched serve(Path data, String name) throws Exception {
        int port = LaunchedProcesses.freePort();
        Launched server = processes.launch(dir, name, Map.of(), "serve", "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--data-dir", data.toString(), "--durability", "none");
        processes.awaitHealthy(server, port);
        env.put("TICKETD_URL", "http://127.0.0.1:" + port);
        return server;
    }

    /**
     * Runs {@code tools/bin/ticketd args…} not on a terminal, checks its exit code and that
     * it drew no progress line, and returns what it printed (stdout and stderr).
     */
    private String ticketd(int exitCode, String... args) throws Exception {
        Finished run = processes.runToExit(dir, "ticketd-" + ++runs + "-" + args[0], env, args);
        assertThat(run.exitCode()).as("ticketd %s:%n%s", String.join(" ", args), run.output()).isEqualTo(exitCode);
        assertThat(run.output()).as("no progress line off a terminal").doesNotContain("\r").doesNotContain("\033[");
        return run.output();
    }

    /** The one line of JSON a command printed with --json (its other lines are notes on stderr). */
    private static JsonNode json(String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("{") || l.startsWith("[")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON in: " + output));
        return JSON.readTree(line);
    }

    private static List<JsonNode> lines(Path ndjson) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(ndjson, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /**
     * Posts the tickets with the stores' own credentials, in batches, with a revision of
     * one of them and a ticket rung up long ago sent last; returns every persistDate in order.
     */
    private List<Long> postTickets(String url, Map<String, String> storeHeaders) throws Exception {
        List<Long> persistDates = new ArrayList<>();
        for (int batch = 0; batch < TICKETS; batch += 40) {
            for (String store : STORES) {
                StringBuilder body = new StringBuilder("[");
                for (int i = batch; i < batch + 40; i++) {
                    if (STORES[i % STORES.length].equals(store)) {
                        body.append(body.length() == 1 ? "" : ",").append(ticket(i, 1000 + i));
                    }
                }
                persistDates.addAll(persistDatesOf(post(url + "/apip/tickets", storeHeaders.get(store),
                        body.append(']').toString())));
            }
        }
        JsonNode revised = post(url + "/apip/tickets", storeHeaders.get("store-2"), ticket(3, 99_999));
        assertThat(revised.at("/results/0/status").asText()).isEqualTo("revised");
        persistDates.addAll(persistDatesOf(revised));
        persistDates.addAll(persistDatesOf(post(url + "/apip/tickets", storeHeaders.get("store-1"),
                "{\"ticketId\":\"T-LATE\",\"startDate\":978307200000000,\"memo\":\"caf\u00e9 \\\"late\\\"\"}")));
        assertThat(persistDates).hasSize(TICKETS + 2).isSorted();
        return persistDates;
    }

    private static String ticket(int i, long total) {
        return "{\"ticketId\":\"T-" + i + "\",\"startDate\":" + (1767225600000000L + i * 60_000_000L)
                + ",\"registerId\":\"R1\",\"type\":\"SALE\",\"currency\":\"EUR\",\"items\":[{\"line\":1,"
                + "\"sku\":\"SKU-" + i + "\",\"quantity\":1,\"amount\":" + total + "}],\"total\":" + total + "}";
    }

    private static List<Long> persistDatesOf(JsonNode ingested) {
        List<Long> out = new ArrayList<>();
        ingested.get("results").forEach(r -> out.add(r.get("persistDate").asLong()));
        return out;
    }

    private JsonNode post(String url, String header, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).header("Authentication", header)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        return answer.has("content") ? answer.get("content") : answer;
    }

    private JsonNode get(String url, String header) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).header("Authentication", header).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("content");
    }

    /** Every result of paging {@code path} from {@code firstQuery} with the cursor until it is null. */
    private List<JsonNode> page(String url, String header, String path, String firstQuery) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        String next = path + "?" + firstQuery;
        while (next != null) {
            JsonNode page = get(url + next, header);
            page.get("results").forEach(results::add);
            next = page.get("cursor").isNull() ? null
                    : path + "?cursor=" + URLEncoder.encode(page.get("cursor").asText(), StandardCharsets.UTF_8);
        }
        return results;
    }
}
