package io.ticketd.tools.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ticketd.tools.admin.TicketdTestServer;
import io.ticketd.tools.admin.TicketdTestServer.CommandRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code ticketd export} in-process against a server started in the test
 * (127.0.0.1, a free port) holding a few hundred tickets in several stores, with a
 * revision, a back-dated ticket, and text with escapes and non-ASCII characters; and
 * checks that the NDJSON written is exactly, byte for byte and in order, the results
 * that paging the API directly returns for the same range and credential. Also: an
 * empty range, a refused credential (exit 1, no file left), bad usage (exit 2), and, on
 * a stand-in server, a 503 retried after its Retry-After and the retries' bound.
 */
class ExportCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TICKETS = 300;
    private static final String[] STORES = {"exp-1", "exp-2", "exp-3"};

    @TempDir
    Path dir;

    private TicketdTestServer server;
    private String account;
    private String accessKey;
    private final Map<String, String> storeCredentials = new HashMap<>();
    /** The persistDate of the last ticket stored, plus one: an end of range past every ticket. */
    private long end;

    @BeforeEach
    void startServer() throws Exception {
        server = TicketdTestServer.start(dir);
        account = admin("POST", "/admin/v1/accounts", "{\"name\":\"Export\"}").get("accountId").asText();
        for (String store : STORES) {
            admin("POST", "/admin/v1/accounts/" + account + "/stores", "{\"storeId\":\"" + store + "\"}");
            storeCredentials.put(store, admin("POST", "/admin/v1/stores/" + store + "/credentials", null)
                    .get("header").asText());
        }
        accessKey = admin("POST", "/admin/v1/accounts/" + account + "/keys",
                "{\"name\":\"feed\",\"scopes\":[\"tickets:read\",\"tickets:write\"]}").get("header").asText();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<byte[]> response = server.request(method, path, server.adminHeader(), body);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isBetween(200, 201);
        return JSON.readTree(response.body()).get("content");
    }

    private static String ticket(int i, String store, long total) {
        return "{\"ticketId\":\"T-" + String.format("%04d", i) + "\",\"storeId\":\"" + store + "\",\"startDate\":"
                + (1767225600000000L + i * 60_000_000L) + ",\"registerId\":\"R" + (i % 4) + "\",\"type\":\"SALE\","
                + "\"currency\":\"EUR\",\"memo\":\"Caf\\u00e9 \\\"au lait\\\" ☕ n°" + i + "\",\"rate\":1.50,"
                + "\"items\":[{\"line\":1,\"sku\":\"SKU-" + i + "\",\"quantity\":2,\"amount\":" + total + "}],"
                + "\"total\":" + total + "}";
    }

    /** Posts the tickets: 300 over three stores, one revised, one rung up in 2001 and sent last. */
    private void storeTickets() throws Exception {
        for (int batch = 0; batch < TICKETS; batch += 50) {
            StringBuilder body = new StringBuilder("[");
            for (int i = batch; i < batch + 50; i++) {
                body.append(i == batch ? "" : ",").append(ticket(i, STORES[i % STORES.length], 1000 + i));
            }
            post(accessKey, body.append(']').toString());
        }
        JsonNode revised = post(accessKey, ticket(5, STORES[5 % STORES.length], 999_999));
        assertThat(revised.at("/results/0/status").asText()).isEqualTo("revised");
        post(storeCredentials.get("exp-1"), "{\"ticketId\":\"T-BACK\",\"startDate\":978307200000000,\"total\":1}");
    }

    private JsonNode post(String header, String body) throws Exception {
        HttpResponse<byte[]> response = server.request("POST", "/apip/tickets", header, body);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode content = JSON.readTree(response.body()).get("content");
        for (JsonNode result : content.get("results")) {
            end = Math.max(end, result.get("persistDate").asLong() + 1);
        }
        return content;
    }

    /** The results of paging the API directly, each as the raw bytes of its JSON object, then a newline. */
    private byte[] pageDirectly(String header, String path, String firstQuery) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        String next = path + "?" + firstQuery;
        while (next != null) {
            HttpResponse<byte[]> response = server.request("GET", next, header, null);
            assertThat(response.statusCode()).isEqualTo(200);
            for (byte[] result : rawResults(response.body())) {
                all.write(result);
                all.write('\n');
            }
            JsonNode cursor = JSON.readTree(response.body()).at("/content/cursor");
            next = cursor.isNull() ? null : path + "?cursor=" + URLEncoder.encode(cursor.asText(), StandardCharsets.UTF_8);
        }
        return all.toByteArray();
    }

    /** The objects of a page's results array, cut out of the body by matching braces outside strings. */
    private static List<byte[]> rawResults(byte[] body) {
        byte[] marker = "\"results\":[".getBytes(StandardCharsets.US_ASCII);
        int i = indexOf(body, marker) + marker.length;
        List<byte[]> results = new ArrayList<>();
        while (body[i] != ']') {
            if (body[i] == ',') {
                i++;
            }
            int start = i;
            int depth = 0;
            boolean inString = false;
            boolean escaped = false;
            do {
                byte b = body[i++];
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{') {
                    depth++;
                } else if (b == '}') {
                    depth--;
                }
            } while (depth > 0);
            results.add(Arrays.copyOfRange(body, start, i));
        }
        return results;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no results array in " + new String(haystack, StandardCharsets.UTF_8));
    }

    private CommandRun export(String... args) {
        return export(new ByteArrayOutputStream(), args);
    }

    private CommandRun export(ByteArrayOutputStream stdout, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", server.url()));
        all.addAll(List.of(args));
        return TicketdTestServer.run(new ExportCommand(stdout), all.toArray(String[]::new));
    }

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void shouldExportAnAccountByteForByteAsTheApiPagesIt() throws Exception {
        storeTickets();
        byte[] expected = pageDirectly(server.adminHeader(), "/cpos/" + account + "/apip/tickets",
                "startDate=0&endDate=" + end + "&maxPageSize=50");
        List<String> lines = new String(expected, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(TICKETS + 2);
        assertThat(lines).filteredOn(l -> l.contains("\"ticketId\":\"T-0005\"")).hasSize(2);
        assertThat(lines.get(lines.size() - 1)).contains("\"ticketId\":\"T-BACK\"").contains("\"storeId\":\"exp-1\"");
        assertThat(lines.get(0)).contains("Caf\\u00e9 \\\"au lait\\\" ☕").contains("\"rate\":1.50");

        Path outDir = Files.createDirectories(dir.resolve("out"));
        Path file = outDir.resolve("acme.ndjson");
        CommandRun run = export("--admin-credentials", server.adminFile().toString(), "--account", account,
                "--from", "0", "--to", Long.toString(end), "--output", file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        assertThat(filesIn(outDir)).containsExactly(file);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).matches("ticketd export: 302 tickets written to "
                + Pattern.quote(file.toAbsolutePath().toString()) + " in [0-9.]+ s\\R");
    }

    @Test
    void shouldWriteTheSameLinesToStandardOutputWhateverThePageSizeAndUpToNowByDefault() throws Exception {
        storeTickets();
        byte[] expected = pageDirectly(server.adminHeader(), "/cpos/" + account + "/apip/tickets",
                "startDate=0&endDate=" + end);
        ByteArrayOutputStream smallPages = new ByteArrayOutputStream();
        CommandRun run = export(smallPages, "--admin-credentials", server.adminFile().toString(), "--account",
                account, "--to", Long.toString(end), "--page-size", "7");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(smallPages.toByteArray()).isEqualTo(expected);
        assertThat(run.err()).contains("302 tickets written to standard output");

        ByteArrayOutputStream upToNow = new ByteArrayOutputStream();
        CommandRun byDefault = export(upToNow, "--credentials", accessKey.substring("X-API-Key ".length()));
        assertThat(byDefault.exit()).as(byDefault.err()).isZero();
        assertThat(upToNow.toByteArray()).isEqualTo(pageDirectly(accessKey, "/apip/tickets", "startDate=0"))
                .isEqualTo(expected);
    }

    @Test
    void shouldExportOneStoreWithItsOwnCredentialOrWithAnAccessKey() throws Exception {
        storeTickets();
        String storeCredential = storeCredentials.get("exp-3");
        byte[] expected = pageDirectly(storeCredential, "/apip/tickets", "startDate=0&endDate=" + end);
        List<String> lines = new String(expected, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(TICKETS / 3 + 1).allMatch(l -> l.contains("\"storeId\":\"exp-3\""));
        assertThat(lines.get(lines.size() - 1)).contains("\"ticketId\":\"T-0005\"").contains("\"revision\":2");

        ByteArrayOutputStream own = new ByteArrayOutputStream();
        CommandRun withStoreCredential = export(own, "--credentials", storeCredential, "--to", Long.toString(end));
        assertThat(withStoreCredential.exit()).as(withStoreCredential.err()).isZero();
        assertThat(own.toByteArray()).isEqualTo(expected);

        ByteArrayOutputStream byKey = new ByteArrayOutputStream();
        CommandRun withKey = export(byKey, "--credentials", accessKey, "--account", account, "--store", "exp-3",
                "--to", Long.toString(end));
        assertThat(withKey.exit()).as(withKey.err()).isZero();
        assertThat(byKey.toByteArray()).isEqualTo(expected)
                .isEqualTo(pageDirectly(accessKey, "/cpos/" + account + "/apip/tickets",
                        "startDate=0&endDate=" + end + "&storeId=exp-3"));
    }

    @Test
    void shouldExportNothingFromAnEmptyRangeAndExit0() throws Exception {
        storeTickets();
        Path file = dir.resolve("empty.ndjson");
        CommandRun run = export("--credentials", accessKey, "--from", Long.toString(end + 1_000_000),
                "--to", Long.toString(end + 2_000_000), "--output", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(file).exists().isEmptyFile();
        assertThat(run.err()).startsWith("ticketd export: 0 tickets written to ");
    }

    @Test
    @Timeout(60) // following the cursor instead would run until the clock reaches the end of the range
    void shouldEndARangeThatGoesOnIntoTheFutureOnceItHasCaughtUp() throws Exception {
        storeTickets();
        byte[] expected = pageDirectly(accessKey, "/apip/tickets", "startDate=0&endDate=" + end);
        long tomorrow = end + 86_400_000_000L;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandRun run = export(out, "--credentials", accessKey, "--to", Long.toString(tomorrow), "--page-size", "20");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void shouldPrintTheServersRefusalExit1AndLeaveAnyFileAsItWas() throws Exception {
        storeTickets();
        Path outDir = Files.createDirectories(dir.resolve("refused"));
        Path file = outDir.resolve("tickets.ndjson");
        CommandRun run = export("--credentials", "AKI=ak_AAAAAAAAAAAAAAAAAAAAAA;AKS=sk_wrong", "--output",
                file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ticketd export: 401 unauthenticated: ").hasLineCount(1);
        assertThat(filesIn(outDir)).isEmpty();

        Files.writeString(file, "kept\n");
        String otherAccount = admin("POST", "/admin/v1/accounts", "{\"name\":\"Other\"}").get("accountId").asText();
        CommandRun forbidden = export("--credentials", accessKey, "--account", otherAccount, "--output",
                file.toString());
        assertThat(forbidden.exit()).isEqualTo(1);
        assertThat(forbidden.err()).startsWith("ticketd export: 403 forbidden: ");
        assertThat(filesIn(outDir)).containsExactly(file);
        assertThat(Files.readString(file)).isEqualTo("kept\n");
    }

    @Test
    void shouldRefuseBadUsageAnUnreachableServerOrAMalformedCredentialWithExit2() throws Exception {
        String key = "--credentials=" + accessKey;
        Map<String, CommandRun> runs = Map.of(
                "page size 51", export(key, "--page-size", "51"),
                "page size 0", export(key, "--page-size", "0"),
                "both credentials", export(key, "--admin-credentials", server.adminFile().toString()),
                "admin without account", export("--admin-credentials", server.adminFile().toString()),
                "to before from", export(key, "--from", "10", "--to", "5"),
                "malformed credential", export("--credentials", "hello"),
                "missing admin file", export("--admin-credentials", dir.resolve("none").toString(), "--account", "a"),
                "no output directory", export(key, "--output", dir.resolve("no/such/dir/x.ndjson").toString()),
                "unreachable", TicketdTestServer.run(new ExportCommand(new ByteArrayOutputStream()),
                        "--url", TicketdTestServer.unreachableUrl(), key));
        runs.forEach((what, run) -> assertThat(run.exit()).as(what + ": " + run.err()).isEqualTo(2));
        assertThat(runs.get("page size 51").err()).contains("must be 1 to 50, got 51");
        assertThat(runs.get("unreachable").err()).startsWith("ticketd export: cannot connect to ").hasLineCount(1);
        assertThat(runs.get("malformed credential").err())
                .isEqualTo("ticketd export: --credentials must be AKI=<key id>;AKS=<secret>" + System.lineSeparator());
    }

    @Test
    void shouldWriteATicketSentPrettyPrintedOnOneLine() throws Exception {
        String pretty = "{\n  \"ticketId\": \"T-PRETTY\",\n  \"startDate\": 1767225600000000,\n"
                + "  \"memo\": \"two  spaces, a \\n newline escape, a \\\"quote\\\"\",\n  \"items\": [ 1, 2 ]\n}";
        post(storeCredentials.get("exp-3"), pretty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandRun run = export(out, "--credentials", storeCredentials.get("exp-3"));
        assertThat(run.exit()).as(run.err()).isZero();

        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).hasLineCount(1).startsWith("{\"ticketId\":\"T-PRETTY\",\"startDate\":1767225600000000,"
                + "\"memo\":\"two  spaces, a \\n newline escape, a \\\"quote\\\"\",\"items\":[1,2]");
        byte[] asPaged = pageDirectly(storeCredentials.get("exp-3"), "/apip/tickets", "startDate=0");
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree(asPaged));
    }

    /** A stand-in for the server on 127.0.0.1 that answers each request with the next scripted answer. */
    private static final class ScriptedServer implements AutoCloseable {
        private final HttpServer http;
        private final List<String> requests = new CopyOnWriteArrayList<>();

        ScriptedServer(Function<Integer, Answer> script) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                requests.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
                Answer answer = script.apply(requests.size());
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        static Answer overloaded() {
            return new Answer(503, Map.of("Retry-After", "0"),
                    "{\"error\":{\"code\":\"overloaded\",\"message\":\"the server is at capacity\"}}");
        }
    }

    @Test
    void shouldRetryA503AfterItsRetryAfterAndFollowTheCursorAlone() throws Exception {
        try (ScriptedServer stub = new ScriptedServer(n -> switch (n) {
            case 1, 2 -> Answer.overloaded();
            case 3 -> new Answer(200, Map.of(), "{\"content\":{\"cursor\":\"c+1/=\",\"resultCount\":2,\"results\":"
                    + "[{\"a\":1},{\"b\":\"x\\u00e9\"}]}}");
            case 4 -> Answer.overloaded();
            default -> new Answer(200, Map.of(), "{\"content\":{\"cursor\":null,\"resultCount\":1,\"results\":"
                    + "[{\"c\":[1,{\"d\":null}]}]}}");
        })) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandRun run = TicketdTestServer.run(new ExportCommand(out), "--url", stub.url(), "--credentials",
                    "AKI=ak_x;AKS=sk_y", "--store", "s 1", "--from", "5", "--to", "9", "--page-size", "2");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"a\":1}\n{\"b\":\"x\\u00e9\"}\n{\"c\":[1,{\"d\":null}]}\n");
            String first = "/apip/tickets?startDate=5&endDate=9&maxPageSize=2&storeId=s%201";
            assertThat(stub.requests).containsExactly(first, first, first, "/apip/tickets?cursor=c%2B1%2F%3D",
                    "/apip/tickets?cursor=c%2B1%2F%3D");
        }
    }

    @Test
    void shouldGiveUpAfterABoundedNumberOfTriesWhileTheServerAnswers503() throws Exception {
        try (ScriptedServer stub = new ScriptedServer(n -> Answer.overloaded())) {
            Path file = dir.resolve("never.ndjson");
            CommandRun run = TicketdTestServer.run(new ExportCommand(new ByteArrayOutputStream()), "--url", stub.url(),
                    "--credentials", "AKI=ak_x;AKS=sk_y", "--output", file.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("ticketd export: 503 overloaded: the server is at capacity (gave up after "
                    + ExportCommand.MAX_ATTEMPTS + " tries) (" + file.toAbsolutePath() + " was not written)"
                    + System.lineSeparator());
            assertThat(stub.requests).hasSize(ExportCommand.MAX_ATTEMPTS);
            assertThat(filesIn(dir)).doesNotContain(file);
        }
    }
}
