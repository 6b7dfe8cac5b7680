package io.ticketd.tools.admin;

import io.ticketd.api.ServerConfig;
import io.ticketd.api.TicketServer;
import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.registry.IssuedCredential;
import io.ticketd.engine.registry.Registry;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A ticketd server in the test's JVM, for the admin, export and load tests, as
 * {@code ticketd serve} assembles it (engine, registry, HTTP server on 127.0.0.1 and a
 * free port), with an admin credential written to a file the way the server's first
 * start writes it; plus a plain HTTP client to check what the commands did, and a way
 * to run a command capturing its output.
 */
public final class TicketdTestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final TicketEngine engine;
    private final Registry registry;
    private final TicketServer http;
    private final Path adminFile;
    private final String adminHeader;

    private TicketdTestServer(TicketEngine engine, Registry registry, TicketServer http, Path adminFile,
                              String adminHeader) {
        this.engine = engine;
        this.registry = registry;
        this.http = http;
        this.adminFile = adminFile;
        this.adminHeader = adminHeader;
    }

    /** Starts a server on a fresh data directory under {@code dir}, with durability none. */
    public static TicketdTestServer start(Path dir) throws Exception {
        return start(dir, config -> config.withDurability(Durability.NONE));
    }

    /** Starts a server on a fresh data directory under {@code dir}, its engine configured by {@code engineConfig}. */
    public static TicketdTestServer start(Path dir, UnaryOperator<EngineConfig> engineConfig) throws Exception {
        Path data = dir.resolve("data");
        TicketEngine engine = TicketEngine.open(engineConfig.apply(EngineConfig.at(data)));
        Registry registry = Registry.open(data.resolve("registry"));
        IssuedCredential admin = registry.createAdminCredential("admin command test");
        Path file = dir.resolve("admin.credentials");
        Files.writeString(file, "AKI=" + admin.keyId() + ";AKS=" + admin.secret() + "\n");
        TicketServer http = TicketServer.start(ServerConfig.defaults().withBind("127.0.0.1", 0).withIoThreads(2),
                engine, registry);
        return new TicketdTestServer(engine, registry, http, file, admin.headerValue());
    }

    public String url() {
        return "http://127.0.0.1:" + http.port();
    }

    /** The admin credential file, {@code AKI=…;AKS=…}. */
    public Path adminFile() {
        return adminFile;
    }

    /** The admin credential's header value, {@code X-API-Key AKI=…;AKS=…}. */
    public String adminHeader() {
        return adminHeader;
    }

    /** A request straight to the server, with {@code header} as its credential (or none when null). */
    public HttpResponse<byte[]> request(String method, String pathAndQuery, String header, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (header != null) {
            request.header("Authentication", header);
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The status of POSTing {@code ticketsJson} (a ticket or an array) to {@code /apip/tickets}. */
    public int postTickets(String header, String ticketsJson) throws IOException, InterruptedException {
        return request("POST", "/apip/tickets", header, ticketsJson).statusCode();
    }

    @Override
    public void close() throws IOException {
        http.stopAccepting();
        engine.close();
        http.close();
        registry.close();
    }

    /** An http:// URL of 127.0.0.1 where nothing listens: a port taken free and closed again. */
    public static String unreachableUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** What a command printed, and its exit code. */
    public record CommandRun(int exit, String out, String err) {
    }

    /** Runs {@code command} with picocli as {@code ticketd} would, capturing stdout and stderr. */
    public static CommandRun run(Object command, String... args) {
        return run(new CommandLine(command), args);
    }

    /** Runs a command line, capturing stdout and stderr. */
    public static CommandRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
