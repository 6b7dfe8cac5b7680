package io.ticketd.tools.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.tools.admin.TicketdTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code ticketd load} against a server started in the test (loopback, a free
 * port) and checks that it completes and that its verification passes — also when a
 * tiny commit ring makes the server answer 503 and the generator has to retry.
 */
class LoadCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private int load(TicketdTestServer server, Path json, String... extra) {
        List<String> args = new ArrayList<>(List.of("--url", server.url(), "--admin-credentials",
                server.adminFile().toString(), "--json", json.toString()));
        args.addAll(List.of(extra));
        return new CommandLine(new LoadCommand()).execute(args.toArray(String[]::new));
    }

    @Test
    void shouldRunEveryPhaseAndVerifyEveryAcknowledgedTicket() throws Exception {
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            Path json = dir.resolve("figures.json");
            int exit = load(server, json, "--tickets", "3000", "--duration", "2", "--connections", "4");
            assertThat(exit).isZero();
            JsonNode figures = JSON.readTree(json.toFile());
            assertThat(figures.at("/verification/ok").asBoolean()).isTrue();
            assertThat(figures.at("/verification/missing").asLong()).isZero();
            assertThat(figures.at("/verification/repeated").asLong()).isZero();
            List<String> names = new ArrayList<>();
            for (JsonNode phase : figures.get("phases")) {
                names.add(phase.get("name").asText());
                assertThat(phase.get("ops").asLong()).as(phase.get("name").asText()).isPositive();
                assertThat(phase.get("errorsByStatus")).isEmpty();
                assertThat(phase.at("/latencyMicros/p99").asLong()).isPositive();
            }
            assertThat(names).containsExactly("ingest-single-1c", "ingest-single-32c", "ingest-batch", "page-1t",
                    "page-2t", "mixed-ingest", "mixed-page");
            long ingested = 0;
            for (JsonNode phase : figures.get("phases")) {
                if (phase.get("unit").asText().equals("tickets")) {
                    ingested += phase.get("ops").asLong();
                }
            }
            assertThat(figures.at("/verification/acknowledged").asLong()).isEqualTo(ingested);
            assertThat(figures.at("/verification/pagedBack").asLong()).isEqualTo(ingested);
        }
    }

    @Test
    void shouldWarmUpWithBatchesThenPagesThenSingleTicketsAndVerifyThemToo() throws Exception {
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            Path json = dir.resolve("figures.json");
            int exit = load(server, json, "--warmup", "2", "--phase", "ingest-single-1c", "--duration", "1",
                    "--tickets", "2000", "--connections", "2");
            assertThat(exit).isZero();
            JsonNode figures = JSON.readTree(json.toFile());
            List<String> parts = new ArrayList<>();
            long warmupTickets = 0;
            for (JsonNode part : figures.get("warmup")) {
                parts.add(part.get("name").asText());
                assertThat(part.get("ops").asLong()).as(part.get("name").asText()).isPositive();
                assertThat(part.get("errorsByStatus")).isEmpty();
                if (part.get("unit").asText().equals("tickets")) {
                    warmupTickets += part.get("ops").asLong();
                }
            }
            assertThat(parts).containsExactly("warm-up-batch", "warm-up-page", "warm-up-single");
            JsonNode batched = figures.get("warmup").get(0);
            assertThat(batched.get("ops").asLong()).as("tickets in batches")
                    .isGreaterThan(batched.get("requests").asLong());
            long measured = figures.get("phases").get(0).get("ops").asLong();
            assertThat(figures.at("/verification/ok").asBoolean()).isTrue();
            assertThat(figures.at("/verification/acknowledged").asLong()).isEqualTo(warmupTickets + measured);
            assertThat(figures.at("/verification/pagedBack").asLong()).isEqualTo(warmupTickets + measured);
        }
    }

    @Test
    void shouldStillVerifyEveryTicketOnceWhenTheServerAnswers503() throws Exception {
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withRingSize(1024).withDurability(Durability.FSYNC))) {
            Path json = dir.resolve("figures.json");
            int exit = load(server, json, "--tickets", "20000", "--duration", "20", "--batch", "100",
                    "--connections", "32", "--phase", "ingest-batch");
            assertThat(exit).isZero();
            JsonNode figures = JSON.readTree(json.toFile());
            JsonNode batch = figures.get("phases").get(0);
            assertThat(batch.get("retried503").asLong()).as("503s answered by a full ring").isPositive();
            assertThat(batch.get("ops").asLong()).isEqualTo(20000);
            assertThat(figures.at("/verification/ok").asBoolean()).isTrue();
            assertThat(figures.at("/verification/acknowledged").asLong()).isEqualTo(20000);
            assertThat(figures.at("/verification/pagedBack").asLong()).isEqualTo(20000);
        }
    }

    @Test
    void shouldSendTheTicketsOfAnNdjsonFile() throws Exception {
        Path input = dir.resolve("tickets.ndjson");
        try (InputStream in = LoadCommandIT.class.getResourceAsStream("/workload/seed42-100stores.ndjson")) {
            Files.copy(in, input);
        }
        long lines = Files.readAllLines(input).stream().filter(l -> !l.isBlank()).count();
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            Path json = dir.resolve("figures.json");
            assertThat(load(server, json, "--input", input.toString(), "--phase", "ingest-batch")).isZero();
            JsonNode figures = JSON.readTree(json.toFile());
            assertThat(figures.at("/verification/acknowledged").asLong()).isEqualTo(lines);
            assertThat(figures.at("/verification/ok").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldRunTwiceAgainstTheSameServer() throws Exception {
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            Path json = dir.resolve("figures.json");
            assertThat(load(server, json, "--tickets", "500", "--phase", "ingest-batch")).isZero();
            assertThat(load(server, json, "--tickets", "500", "--phase", "ingest-batch")).isZero();
            assertThat(JSON.readTree(json.toFile()).at("/verification/acknowledged").asLong()).isEqualTo(500);
        }
    }

    @Test
    void shouldPaceThePagersAtThePageRate() throws Exception {
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            Path json = dir.resolve("figures.json");
            int exit = load(server, json, "--tickets", "2000", "--duration", "2", "--page-rate", "40",
                    "--phase", "ingest-batch,page-1t,page-2t,mixed");
            assertThat(exit).isZero();
            JsonNode figures = JSON.readTree(json.toFile());
            assertThat(figures.at("/verification/ok").asBoolean()).isTrue();
            assertThat(figures.at("/config/pageRate").asDouble()).isEqualTo(40.0);
            for (JsonNode phase : figures.get("phases")) {
                if (phase.get("unit").asText().equals("pages")) {
                    // open loop: no page is sent before it is due, so at most rate x duration + one per walker
                    assertThat(phase.get("ops").asLong()).as(phase.get("name").asText()).isBetween(1L, 40L * 2 + 2);
                    assertThat(phase.get("errorsByStatus")).isEmpty();
                }
            }
        }
    }

    @Test
    void shouldFailAndQuoteTheServerWhenItRejectsATicket() throws Exception {
        Path input = dir.resolve("tickets.ndjson");
        List<String> valid;
        try (InputStream in = LoadCommandIT.class.getResourceAsStream("/workload/seed42-100stores.ndjson")) {
            valid = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(3).toList();
        }
        String store = JSON.readTree(valid.get(0)).get("storeId").asText();
        List<String> lines = new ArrayList<>(valid);
        lines.add(1, "{\"storeId\":\"" + store + "\",\"ticketId\":\"\"}"); // an empty ticket id
        Files.write(input, lines);
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            Path json = dir.resolve("figures.json");
            int exit = load(server, json, "--input", input.toString(), "--phase", "ingest-batch", "--batch", "1",
                    "--connections", "1");

            assertThat(exit).as("a request failed").isEqualTo(1);
            JsonNode figures = JSON.readTree(json.toFile());
            assertThat(figures.get("failedRequests").asLong()).isEqualTo(1);
            JsonNode batch = figures.get("phases").get(0);
            assertThat(batch.at("/errorsByStatus/400").asLong()).isEqualTo(1);
            assertThat(batch.get("errorSamples")).hasSize(1);
            assertThat(batch.get("errorSamples").get(0).asText()).startsWith("HTTP 400: ").contains("ticketId");
            assertThat(figures.at("/verification/ok").asBoolean()).as("what was accepted is all there").isTrue();
            assertThat(figures.at("/verification/acknowledged").asLong()).isEqualTo(3);
        }
    }

    @Test
    void shouldExitWith2WhenTheServerRefusesTheGivenCredentials() throws Exception {
        try (TicketdTestServer server = TicketdTestServer.start(dir, c -> c.withDurability(Durability.NONE))) {
            int exit = new CommandLine(new LoadCommand()).execute("--url", server.url(), "--credentials",
                    "AKI=AK_nosuchkey;AKS=nosuchsecret", "--tickets", "10", "--phase", "ingest-batch");
            assertThat(exit).isEqualTo(2);
        }
    }

    @Test
    void shouldExitWith2WhenNothingListensAtTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        int exit = new CommandLine(new LoadCommand()).execute("--url", "http://127.0.0.1:" + port, "--credentials",
                "AKI=a;AKS=b", "--tickets", "10");
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void shouldRefuseUnreadableFilesMalformedCredentialsAndUrlsBeforeConnecting() {
        // each is refused, naming what is wrong, before a connection is tried (nothing listens at port 9)
        String url = "http://127.0.0.1:9";
        assertRefused("cannot read --input " + dir.resolve("missing.ndjson") + ": no such file",
                "--url", url, "--credentials", "AKI=a;AKS=b", "--input", dir.resolve("missing.ndjson").toString());
        assertRefused("cannot read --admin-credentials " + dir.resolve("missing.credentials") + ": no such file",
                "--url", url, "--admin-credentials", dir.resolve("missing.credentials").toString());
        assertRefused("--credentials must be an access key", "--url", url, "--credentials", "garbage");
        assertRefused("--credentials must be an access key", "--url", url, "--credentials", "AKI=a;AKS=");
        for (String badUrl : List.of("garbage", "http://", "https://127.0.0.1:9", "http://127.0.0.1:9/apip",
                "http://[::1")) {
            assertRefused("--url must be http://HOST[:PORT] (plain HTTP/1.1), got '" + badUrl + "'",
                    "--url", badUrl, "--credentials", "AKI=a;AKS=b");
        }
        assertRefused("cannot write --json " + dir.resolve("no/such/dir/figures.json") + ": no directory",
                "--url", url, "--credentials", "AKI=a;AKS=b", "--json", dir.resolve("no/such/dir/figures.json").toString());
        assertRefused("cannot write --json " + dir + ": it is a directory",
                "--url", url, "--credentials", "AKI=a;AKS=b", "--json", dir.toString());
    }

    @Test
    void shouldNameEachOutOfRangeOptionWithTheValueGiven() {
        String[] base = {"--url", "http://127.0.0.1:9", "--credentials", "AKI=a;AKS=b"};
        assertRefused("give either --admin-credentials FILE or --credentials", "--url", "http://127.0.0.1:9");
        assertRefused("give either --admin-credentials FILE or --credentials", "--url", "http://127.0.0.1:9",
                "--credentials", "AKI=a;AKS=b", "--admin-credentials", dir.resolve("admin").toString());
        assertRefused("--batch must be 1 to 1000 tickets a request (the server's limit), got 0", with(base, "--batch", "0"));
        assertRefused("--batch must be 1 to 1000 tickets a request (the server's limit), got 1001",
                with(base, "--batch", "1001"));
        assertRefused("--connections must be at least 1, got 0", with(base, "--connections", "0"));
        assertRefused("--tickets must be at least 1, got -1", with(base, "--tickets", "-1"));
        assertRefused("--stores must be at least 1, got 0", with(base, "--stores", "0"));
        assertRefused("--duration must be at least 1 second, got 0", with(base, "--duration", "0"));
        assertRefused("--warmup must not be negative (0: no warm-up), got -1", with(base, "--warmup", "-1"));
        assertRefused("--rate must be a number of tickets a second, 0 or more", with(base, "--rate", "-1"));
        assertRefused("--rate must be a number of tickets a second, 0 or more", with(base, "--rate", "NaN"));
        assertRefused("--rate must be a number of tickets a second, 0 or more", with(base, "--rate", "Infinity"));
        assertRefused("--page-rate must be a number of pages a second, 0 or more", with(base, "--page-rate", "-5"));
        assertRefused("--server-pid 2147483647: no such process", with(base, "--server-pid", "2147483647"));
    }

    @Test
    void shouldRefuseUnknownPhasesNamingThem() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadCommand()).setErr(new PrintWriter(err, true));
        assertThat(cli.execute("--credentials", "AKI=a;AKS=b", "--phase", "ingest-batch,nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown phase 'nope'");
    }

    private static String[] with(String[] base, String... more) {
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Runs the command, which must exit 2 having printed {@code message} and tried no connection. */
    private static void assertRefused(String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadCommand()).setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).as(String.join(" ", args)).contains("ticketd load: " + message)
                .doesNotContain("cannot reach");
    }
}
