package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.registry.IssuedCredential;
import io.ticketd.engine.registry.Registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A running server for integration tests: engine, registry and an admin credential
 * in a temporary data directory, listening on 127.0.0.1 on a free port; plus a JDK
 * HTTP client and helpers to set up accounts, stores and credentials through the API.
 */
public final class ServerFixture implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final Path dataDirectory;
    public final TicketEngine engine;
    public final Registry registry;
    public final TicketServer server;
    public final String adminHeader;
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ServerFixture(Path dataDirectory, TicketEngine engine, Registry registry, TicketServer server,
                          String adminHeader) {
        this.dataDirectory = dataDirectory;
        this.engine = engine;
        this.registry = registry;
        this.server = server;
        this.adminHeader = adminHeader;
    }

    public static ServerFixture start(Path dir) throws Exception {
        return start(dir, UnaryOperator.identity(), UnaryOperator.identity());
    }

    public static ServerFixture start(Path dir, UnaryOperator<EngineConfig> engineConfig,
                                      UnaryOperator<ServerConfig> serverConfig) throws Exception {
        TicketEngine engine = TicketEngine.open(engineConfig.apply(EngineConfig.at(dir)));
        Registry registry = Registry.open(dir.resolve("registry"));
        IssuedCredential admin = registry.createAdminCredential("test admin");
        ServerConfig config = serverConfig.apply(ServerConfig.defaults().withBind("127.0.0.1", 0).withIoThreads(2));
        TicketServer server = TicketServer.start(config, engine, registry);
        return new ServerFixture(dir, engine, registry, server, admin.headerValue());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public int port() {
        return server.port();
    }

    /** Sends a request with the given credential header (or none when null). */
    public Response send(String method, String path, String credential, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (credential != null) {
            b.header("Authentication", credential);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    public Response get(String path, String credential) throws IOException, InterruptedException {
        return send("GET", path, credential, null, null);
    }

    public Response post(String path, String credential, String json) throws IOException, InterruptedException {
        return send("POST", path, credential, "application/json", json);
    }

    /** Creates an account through the admin API; returns its id. */
    public String createAccount(String name) throws Exception {
        return post("/admin/v1/accounts", adminHeader, "{\"name\":\"" + name + "\"}").ok(201)
                .json().at("/content/accountId").asText();
    }

    public void createStore(String account, String storeId) throws Exception {
        post("/admin/v1/accounts/" + account + "/stores", adminHeader,
                "{\"storeId\":\"" + storeId + "\",\"name\":\"Store " + storeId + "\"}").ok(201);
    }

    /** Generates a store credential; returns its header value. */
    public String storeCredential(String storeId) throws Exception {
        return post("/admin/v1/stores/" + storeId + "/credentials", adminHeader, null).ok(201)
                .json().at("/content/header").asText();
    }

    /** Creates an access key; returns its header value. */
    public String accessKey(String account, String scopesJson, String storesJson) throws Exception {
        return post("/admin/v1/accounts/" + account + "/keys", adminHeader, "{\"name\":\"test key\",\"scopes\":"
                + scopesJson + (storesJson == null ? "" : ",\"stores\":" + storesJson) + "}").ok(201)
                .json().at("/content/header").asText();
    }

    @Override
    public void close() throws IOException {
        server.stopAccepting();
        engine.close();
        server.close();
        registry.close();
    }

    /** A response, with helpers to assert on it. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** Asserts the status and returns this. */
        public Response ok(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        public String errorCode() {
            return json().at("/error/code").asText();
        }

        public String errorMessage() {
            return json().at("/error/message").asText();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}
