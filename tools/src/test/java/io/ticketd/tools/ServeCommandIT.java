package io.ticketd.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.tools.LaunchedProcesses.Finished;
import io.ticketd.tools.LaunchedProcesses.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code tools/bin/ticketd serve} as a user does, as a separate process on a fresh
 * data directory, and checks what a user relies on: the admin credential bootstrap, the
 * README's quick start, the data directory lock, a clean stop on SIGTERM that keeps every
 * ticket, configuration through the environment, and the command line's help and errors.
 *
 * <p>Every server binds 127.0.0.1 on a free port. Each process writes its output to a log
 * in the test's temporary directory, printed when the test fails; processes still running
 * after a test are stopped (SIGTERM, then SIGKILL).
 */
class ServeCommandIT {
    private static final Duration STARTUP = LaunchedProcesses.STARTUP;
    private static final Duration EXIT = LaunchedProcesses.EXIT;
    private static final int LOAD_FEEDS = 4;
    private static final int LOAD_BATCH = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /* The README's quick start, step by step: the same requests, bodies and extractions. */
    private static final String ACCOUNT_BODY = "{\"name\":\"Acme Fuel\"}";
    private static final String STORE_BODY = "{\"storeId\":\"store-1\",\"name\":\"Main Street\"}";
    private static final String TICKET_BODY = "{\"ticketId\":\"T-1001\",\"startDate\":1767225600000000,"
            + "\"registerId\":\"R1\",\"type\":\"SALE\",\"currency\":\"EUR\",\"total\":1250}";
    /** {@code grep -o 'acct_[^"]*'}. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[^\"]*");
    /** {@code grep -o 'AKI=[^"]*'}. */
    private static final Pattern CREDENTIAL = Pattern.compile("AKI=[^\"]*");
    private static final Pattern ADMIN_FILE_LINE = Pattern.compile("AKI=ak_[A-Za-z0-9]+;AKS=(sk_[A-Za-z0-9]+)\n");

    @TempDir
    Path dir;

    @RegisterExtension
    final LaunchedProcesses processes = new LaunchedProcesses();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldBootstrapTheAdminCredentialServeTheQuickStartStopCleanlyAndKeepEverythingAcrossARestart()
            throws Exception {
        Path data = dir.resolve("data");
        Path adminFile = data.resolve("admin.credentials");
        int port = LaunchedProcesses.freePort();
        Launched server = processes.launch(dir, "serve-1", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port), "--data-dir", data.toString());
        processes.awaitHealthy(server, port);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile))).isEqualTo("rw-------");
        String fileContent = Files.readString(adminFile, StandardCharsets.US_ASCII);
        Matcher line = ADMIN_FILE_LINE.matcher(fileContent);
        assertThat(line.matches()).as("admin.credentials holds one AKI=ak_…;AKS=sk_… line: %s", fileContent).isTrue();
        assertThat(server.log()).contains(adminFile.toString()).doesNotContain(line.group(1));

        String admin = fileContent.strip(); // ADMIN=$(cat data/admin.credentials)
        String base = "http://127.0.0.1:" + port;
        String store = runQuickStart(base, admin);
        JsonNode ticket = onlyTicket(base, store);
        long persistDate = ticket.get("persistDate").asLong();

        server.process().destroy(); // SIGTERM
        assertThat(server.process().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(server.process().exitValue()).isZero();
        assertThat(server.log()).contains("ticketd stopped cleanly");

        FileTime written = Files.getLastModifiedTime(adminFile);
        int port2 = LaunchedProcesses.freePort();
        Launched restarted = processes.launch(dir, "serve-2", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port2), "--data-dir", data.toString());
        processes.awaitHealthy(restarted, port2);
        String base2 = "http://127.0.0.1:" + port2;
        JsonNode again = onlyTicket(base2, store);
        assertThat(again.get("ticketId").asText()).isEqualTo("T-1001");
        assertThat(again.get("persistDate").asLong()).isEqualTo(persistDate);
        assertThat(Files.readString(adminFile, StandardCharsets.US_ASCII)).isEqualTo(fileContent);
        assertThat(Files.getLastModifiedTime(adminFile)).isEqualTo(written);
        assertThat(restarted.log()).doesNotContain("first start");
        assertThat(send("GET", base2 + "/admin/v1/accounts", admin, null, null).statusCode()).isEqualTo(200);

        restarted.process().destroy();
        assertThat(restarted.process().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(restarted.process().exitValue()).isZero();
    }

    @Test
    void shouldKeepEveryAcknowledgedTicketWhenStoppedUnderLoad() throws Exception {
        Path data = dir.resolve("data");
        int port = LaunchedProcesses.freePort();
        Launched server = processes.launch(dir, "serve-load", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port), "--data-dir", data.toString());
        processes.awaitHealthy(server, port);
        String base = "http://127.0.0.1:" + port;
        String store = runQuickStart(base, Files.readString(data.resolve("admin.credentials")).strip());

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stopFeeding = new AtomicBoolean();
        ExecutorService feeds = Executors.newFixedThreadPool(LOAD_FEEDS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int feed = 0; feed < LOAD_FEEDS; feed++) {
                int id = feed;
                running.add(feeds.submit(() -> feed(base, store, id, acknowledged, stopFeeding)));
            }
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (acknowledged.size() < 500 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertThat(acknowledged).as("tickets acknowledged before SIGTERM").hasSizeGreaterThanOrEqualTo(500);

            server.process().destroy(); // SIGTERM, while the feeds keep posting
            assertThat(server.process().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            stopFeeding.set(true);
            for (Future<?> feed : running) {
                feed.get(EXIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            stopFeeding.set(true);
            feeds.shutdownNow();
        }
        assertThat(server.process().exitValue()).isZero();
        assertThat(server.log()).contains("ticketd stopped cleanly");

        int port2 = LaunchedProcesses.freePort();
        Launched restarted = processes.launch(dir, "serve-load-restarted", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port2), "--data-dir", data.toString());
        processes.awaitHealthy(restarted, port2);
        Set<String> stored = allTicketIds("http://127.0.0.1:" + port2, store);
        assertThat(stored).containsAll(acknowledged).contains("T-1001");
    }

    /** Posts batches of new tickets until told to stop or the server goes; records those answered 200. */
    private Void feed(String base, String store, int feed, Set<String> acknowledged, AtomicBoolean stop)
            throws InterruptedException {
        for (int batch = 0; !stop.get(); batch++) {
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < LOAD_BATCH; i++) {
                String ticketId = "L-" + feed + "-" + batch + "-" + i;
                ids.add(ticketId);
                body.append(i == 0 ? "" : ",").append("{\"ticketId\":\"").append(ticketId)
                        .append("\",\"startDate\":1767225600000000,\"total\":").append(i).append('}');
            }
            try {
                HttpResponse<String> answer = send("POST", base + "/apip/tickets", store, "application/json",
                        body.append(']').toString());
                if (answer.statusCode() == 200) {
                    acknowledged.addAll(ids);
                }
            } catch (IOException e) {
                return null; // the server has stopped: this batch was not acknowledged
            }
        }
        return null;
    }

    /** Every ticket id the store credential can page through, from startDate 0 to now. */
    private Set<String> allTicketIds(String base, String storeCredential) throws Exception {
        Set<String> ids = new HashSet<>();
        String url = base + "/apip/tickets?startDate=0&maxPageSize=50";
        for (int pages = 0; url != null; pages++) {
            assertThat(pages).as("pages").isLessThan(10_000);
            HttpResponse<String> page = send("GET", url, storeCredential, null, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode content = JSON.readTree(page.body()).get("content");
            content.get("results").forEach(t -> ids.add(t.get("ticketId").asText()));
            JsonNode cursor = content.get("cursor");
            boolean more = !cursor.isNull() && content.get("resultCount").asInt() > 0;
            url = more ? base + "/apip/tickets?cursor=" + URLEncoder.encode(cursor.asText(), StandardCharsets.UTF_8)
                    : null;
        }
        return ids;
    }

    @Test
    void shouldRefuseASecondServeOnTheSameDataDirectoryNamingTheHolder() throws Exception {
        int port = LaunchedProcesses.freePort();
        // Without --data-dir: ./data, relative to the working directory (the temporary directory).
        Launched first = processes.launch(dir, "serve-first", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port));
        processes.awaitHealthy(first, port);
        Path data = dir.resolve("data");
        assertThat(data.resolve("admin.credentials")).exists();

        int port2 = LaunchedProcesses.freePort();
        Launched second = processes.launch(dir, "serve-second", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port2), "--data-dir", data.toString());
        assertThat(second.process().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("second serve exits").isTrue();
        assertThat(second.process().exitValue()).isNotZero();
        assertThat(second.log())
                .contains("data directory " + data + " is in use by another ticketd process")
                .contains("(pid " + first.process().pid() + ")")
                .doesNotContain("\tat ");
        assertThat(isListening(port2)).isFalse();
        assertThat(get("http://127.0.0.1:" + port + "/health").statusCode()).as("first still serving").isEqualTo(200);
    }

    @Test
    void shouldReadSettingsFromTheEnvironmentAndLetAFlagWin() throws Exception {
        int[] ports = LaunchedProcesses.freePorts(2);
        int envPort = ports[0];
        int flagPort = ports[1];
        Path envData = dir.resolve("env-data");
        Map<String, String> env = Map.of("TICKETD_PORT", String.valueOf(envPort),
                "TICKETD_DATA_DIR", envData.toString(), "TICKETD_DURABILITY", "none");

        Launched flagWins = processes.launch(dir, "serve-flag", env,
                "serve", "--bind", "127.0.0.1", "--port", String.valueOf(flagPort));
        processes.awaitHealthy(flagWins, flagPort);
        assertThat(isListening(envPort)).as("the environment's port, overridden by the flag").isFalse();
        assertThat(envData.resolve("admin.credentials")).exists();
        assertThat(flagWins.log()).contains("durability none");
        flagWins.process().destroy();
        assertThat(flagWins.process().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(flagWins.process().exitValue()).isZero();

        Launched envOnly = processes.launch(dir, "serve-env", env, "serve", "--bind", "127.0.0.1");
        processes.awaitHealthy(envOnly, envPort);
    }

    @Test
    void shouldPrintUsageListingEveryOptionOnHelp() throws Exception {
        Finished top = processes.runToExit(dir, "help", Map.of(), "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.output()).contains("Usage: ticketd", "serve", "--version", "--verbose");

        Finished serve = processes.runToExit(dir, "serve-help", Map.of(), "serve", "--help");
        assertThat(serve.exitCode()).isZero();
        assertThat(serve.output()).contains("Usage: ticketd serve",
                "--port", "TICKETD_PORT", "--bind", "TICKETD_BIND", "--data-dir", "TICKETD_DATA_DIR",
                "--durability", "TICKETD_DURABILITY", "--ring-size", "TICKETD_RING_SIZE",
                "--public-url", "TICKETD_PUBLIC_URL", "--io-threads", "TICKETD_IO_THREADS",
                "--monitoring-timeout", "TICKETD_MONITORING_TIMEOUT", "--idle-timeout", "TICKETD_IDLE_TIMEOUT",
                "--request-timeout", "TICKETD_REQUEST_TIMEOUT", "--help", "--verbose");
    }

    @Test
    void shouldRejectInvalidSettingsWithAOneLineMessage() throws Exception {
        Path data = dir.resolve("never-used");
        Finished ring = processes.runToExit(dir, "bad-ring", Map.of(),
                "serve", "--bind", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--ring-size", "1000");
        assertThat(ring.exitCode()).isEqualTo(2);
        assertThat(ring.output()).contains("--ring-size", "power of two", "'1000'").doesNotContain("\tat ");

        Finished durability = processes.runToExit(dir, "bad-durability", Map.of("TICKETD_DURABILITY", "sometimes"),
                "serve", "--bind", "127.0.0.1", "--port", "0", "--data-dir", data.toString());
        assertThat(durability.exitCode()).isEqualTo(2);
        assertThat(durability.output()).contains("--durability", "fsync or none", "TICKETD_DURABILITY");

        Finished bind = processes.runToExit(dir, "bad-bind", Map.of(),
                "serve", "--bind", "999.1.1.1", "--port", "0", "--data-dir", data.toString());
        assertThat(bind.exitCode()).isEqualTo(2);
        assertThat(bind.output()).contains("--bind", "IP address", "'999.1.1.1'").doesNotContain("\tat ");
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldFailWithOneLineWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Finished run = processes.runToExit(dir, "port-taken", Map.of(),
                    "serve", "--bind", "127.0.0.1", "--port", String.valueOf(port), "--data-dir",
                    dir.resolve("data").toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("cannot listen on 127.0.0.1:" + port, "Address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void shouldDocumentInTheReadmeTheQuickStartThisTestRuns() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("ticketd.readme", "../README.md")));
        assertThat(readme).contains("tools/bin/ticketd serve", "ADMIN=$(cat data/admin.credentials)",
                "'" + ACCOUNT_BODY + "'", "grep -o '" + ACCOUNT_ID.pattern() + "'",
                "\"$TICKETD/admin/v1/accounts/$ACCOUNT/stores\"", "'" + STORE_BODY + "'",
                "\"$TICKETD/admin/v1/stores/store-1/credentials\"", "grep -o '" + CREDENTIAL.pattern() + "'",
                "-H \"Authentication: X-API-Key $STORE\" -H 'Content-Type: application/json'",
                "'" + TICKET_BODY + "'", "\"$TICKETD/apip/tickets?startDate=0\"");
    }

    /** The README's quick start over HTTP; returns the store credential ($STORE), as AKI=…;AKS=…. */
    private String runQuickStart(String base, String admin) throws Exception {
        HttpResponse<String> account = send("POST", base + "/admin/v1/accounts", admin, "application/json",
                ACCOUNT_BODY);
        assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
        String accountId = grep(ACCOUNT_ID, account.body());

        HttpResponse<String> store = send("POST", base + "/admin/v1/accounts/" + accountId + "/stores", admin,
                "application/json", STORE_BODY);
        assertThat(store.statusCode()).as(store.body()).isEqualTo(201);

        HttpResponse<String> credential = send("POST", base + "/admin/v1/stores/store-1/credentials", admin, null,
                null);
        assertThat(credential.statusCode()).as(credential.body()).isEqualTo(201);
        String storeCredential = grep(CREDENTIAL, credential.body());

        HttpResponse<String> posted = send("POST", base + "/apip/tickets", storeCredential, "application/json",
                TICKET_BODY);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(JSON.readTree(posted.body()).at("/content/results/0/status").asText()).isEqualTo("created");
        return storeCredential;
    }

    /** {@code GET /apip/tickets?startDate=0} with the store credential: the one ticket of the quick start. */
    private JsonNode onlyTicket(String base, String storeCredential) throws Exception {
        HttpResponse<String> page = send("GET", base + "/apip/tickets?startDate=0", storeCredential, null, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonNode content = JSON.readTree(page.body()).get("content");
        assertThat(content.get("resultCount").asInt()).as(page.body()).isEqualTo(1);
        JsonNode ticket = content.get("results").get(0);
        assertThat(ticket.get("ticketId").asText()).isEqualTo("T-1001");
        assertThat(ticket.get("storeId").asText()).isEqualTo("store-1");
        assertThat(ticket.get("total").asLong()).isEqualTo(1250);
        assertThat(ticket.get("persistDate").isIntegralNumber()).as(page.body()).isTrue();
        assertThat(ticket.get("revision").asInt()).isEqualTo(1);
        return ticket;
    }

    /** One request as curl sends it in the README: header {@code Authentication: X-API-Key <credential>}. */
    private HttpResponse<String> send(String method, String url, String credential, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authentication", "X-API-Key " + credential);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String grep(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return m.group();
    }

    private static boolean isListening(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
