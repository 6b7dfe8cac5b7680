package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.ticketd.api.OpenApiDocument.OperationKey;
import io.ticketd.api.OpenApiDocument.ResponseDefinition;
import io.ticketd.api.http.Route;
import io.ticketd.api.http.Router;
import io.ticketd.engine.registry.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the served OpenAPI document ({@code GET /openapi.yaml}) to the running server:
 * <ul>
 * <li>its operations are exactly the server's routes (from the router, not a list kept here),
 *     with the credential scheme and scope each route needs;</li>
 * <li>every operation is called, on its happy paths and its error cases, and every answer is
 *     checked against what the document says for that status: the status is documented, the
 *     media type is, the body validates against the schema and the required headers are there;
 *     every documented status of every operation is produced at least once, except the few
 *     listed in {@link #NOT_PRODUCED_HERE} with the reason;</li>
 * <li>every example in the document validates against its schema.</li>
 * </ul>
 * Parsing is swagger-parser's; schema validation is networknt's JSON Schema validator with the
 * OpenAPI 3.1 dialect. Every exchange is also written to
 * {@code target/openapi-contract/exchanges.ndjson}, the place to take new examples from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIT {
    /** The credential header scheme, as the docs page's "Authorize" and swagger-initializer.js use it. */
    private static final String KEY_SCHEME = "X-API-Key";
    private static final String SESSION_SCHEME = "ConsoleSession";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String UNKNOWN_ACCOUNT = "acct_aaaaaaaaaaaa";
    private static final String UNKNOWN_KEY = "ak_AAAAAAAAAAAAAAAAAAAA";
    private static final String UNKNOWN_USER = "usr_aaaaaaaaaaaa";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Documented statuses this test cannot produce on a healthy server, and what produces them instead. */
    private static final Map<Integer, String> NOT_PRODUCED_HERE = Map.of(
            503, "back-pressure, a commit or storage failure, or shutting down: BackPressureIT fills the ring;"
                    + " the others need a failing disk");

    private ServerFixture s;
    private OpenApiDocument doc;
    private Router router;
    private final Map<OperationKey, Set<Integer>> produced = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    private Caller admin;
    private String lastRequest;
    private final Map<String, String> samples = new LinkedHashMap<>();
    private String accountA;
    private String accountB;
    private Caller store42;
    private Caller fullKey;
    private Caller narrowKey;
    private String narrowKeyId;
    private Caller otherAccountKey;
    private String adaId;
    private String graceId;

    /** Who calls: a credential header value, or a console session cookie (with or without the console header). */
    private record Caller(String authentication, String sessionCookie, boolean consoleHeader) {
        static Caller key(String headerValue) {
            return new Caller(headerValue, null, false);
        }

        static Caller session(String cookie, boolean consoleHeader) {
            return new Caller(null, cookie, consoleHeader);
        }
    }

    private static final Caller NOBODY = new Caller(null, null, false);

    /** One answer: status, headers (lower-case names, first value), body. */
    private record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return ServerFixture.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String contentType() {
            return headers.get("content-type");
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
        admin = Caller.key(s.adminHeader);
        router = new Router();
        s.server.routes().forEach(router::add);
        HttpResponse<String> served = s.http.send(HttpRequest.newBuilder(s.uri("/openapi.yaml")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        doc = OpenApiDocument.parse(served.body());
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    // --------------------------------------------------------------------------- the document

    @Test
    void documentedOperationsAreExactlyTheRoutesTheServerAnswers() {
        Set<OperationKey> routes = new TreeSet<>();
        for (Route r : s.server.routes()) {
            routes.add(new OperationKey(r.method().name(), r.pattern()));
        }
        Set<OperationKey> documented = doc.operations();
        Set<OperationKey> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<OperationKey> unserved = new TreeSet<>(documented);
        unserved.removeAll(routes);
        assertThat(undocumented).as("routes the server answers that the document does not describe").isEmpty();
        assertThat(unserved).as("operations the document describes that the server does not answer").isEmpty();
    }

    @Test
    void everyOperationNamesTheCredentialsItsRouteNeeds() {
        List<String> wrong = new ArrayList<>();
        for (Route r : s.server.routes()) {
            OperationKey key = new OperationKey(r.method().name(), r.pattern());
            if (doc.operation(key) == null) {
                continue; // reported by documentedOperationsAreExactlyTheRoutesTheServerAnswers
            }
            List<String> scopes = doc.scopes(key, KEY_SCHEME);
            List<String> expected = r.isPublic() ? null : List.of(r.scope().wireName());
            if (!java.util.Objects.equals(scopes, expected)) {
                wrong.add(key + ": " + KEY_SCHEME + " scopes are " + scopes + ", the route needs " + expected);
            }
            if (r.acceptsSessions() && doc.scopes(key, SESSION_SCHEME) == null) {
                wrong.add(key + ": the route takes console sessions; the document does not say so");
            }
            if (!r.isPublic() && !doc.requiresCredentials(key)) {
                wrong.add(key + ": the route needs credentials; the document lets it be called without");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theCredentialSchemeIsTheHeaderTheDocsPageFills() throws Exception {
        SecurityScheme scheme = doc.model().getComponents().getSecuritySchemes().get(KEY_SCHEME);
        assertThat(scheme).as("securitySchemes." + KEY_SCHEME).isNotNull();
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(scheme.getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(scheme.getName()).isEqualTo("Authentication");
        HttpResponse<String> initializer = s.http.send(HttpRequest.newBuilder(s.uri("/docs/swagger-initializer.js"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        // the page sends what is pasted into Authorize in this header, prefixed with the scheme
        assertThat(initializer.body()).contains("request.headers.Authentication", "\"X-API-Key \"");
    }

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        OpenApiDocument.ExampleCheck check = doc.checkExamples();
        assertThat(check.checked()).as("examples found in the document").isGreaterThan(100);
        assertThat(check.problems()).isEmpty();
    }

    // ------------------------------------------------------------------------- the exchanges

    @Test
    void everyOperationAnswersAsDocumented() throws Exception {
        health();
        accounts();
        stores();
        storeCredentials();
        accessKeys();
        users();
        tickets();
        ticketPages();
        integratorUsers();
        monitoring();
        adminMonitoringAndAudit();
        consoleSessions();
        web();
        withoutCredentials();
        withoutTheScope();
        withAnotherMethod();
        withTooLargeBodies();
        withAnotherMediaType();
        withAnUnknownQueryParameter();
        writeExchanges();

        List<String> missing = new ArrayList<>();
        for (OperationKey key : doc.operations()) {
            for (String status : doc.statuses(key)) {
                int code = Integer.parseInt(status);
                if (!produced.getOrDefault(key, Set.of()).contains(code) && !NOT_PRODUCED_HERE.containsKey(code)) {
                    missing.add(key + " " + status);
                }
            }
        }
        List<String> failures = new ArrayList<>(problems);
        missing.forEach(m -> failures.add("documented, never produced here: " + m));
        assertThat(failures).as("answers that do not match the document, and documented answers never produced")
                .isEmpty();
    }

    private void health() throws Exception {
        expect(200, get("/health", NOBODY));
    }

    private void accounts() throws Exception {
        accountA = expect(201, post("/admin/v1/accounts", admin, "{\"name\":\"Northwind Fuel\"}")).json()
                .at("/content/accountId").asText();
        accountB = expect(201, post("/admin/v1/accounts", admin, "{\"name\":\"Globex Retail\"}")).json()
                .at("/content/accountId").asText();
        samples.put("accountId", accountA);
        expect(400, post("/admin/v1/accounts", admin, "{\"nmae\":\"Northwind\"}"));
        expect(400, post("/admin/v1/accounts", admin, "[\"Northwind\"]"));
        expect(200, get("/admin/v1/accounts", admin));
        expect(200, get("/admin/v1/accounts/" + accountA, admin));
        expect(404, get("/admin/v1/accounts/" + UNKNOWN_ACCOUNT, admin));
    }

    private void stores() throws Exception {
        String stores = "/admin/v1/accounts/" + accountA + "/stores";
        expect(201, post(stores, admin, "{\"storeId\":\"NW-0042\",\"name\":\"Northwind Main Street\"}"));
        expect(201, post(stores, admin, "{\"storeId\":\"NW-0043\"}"));
        expect(201, post("/admin/v1/accounts/" + accountB + "/stores", admin,
                "{\"storeId\":\"GX-0001\",\"name\":\"Globex Harbour\"}"));
        samples.put("storeId", "NW-0042");
        samples.put("stationId", "NW-0042");
        expect(409, post(stores, admin, "{\"storeId\":\"NW-0042\"}"));
        expect(400, post(stores, admin, "{\"storeId\":\"NW 42!\"}"));
        expect(404, post("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/stores", admin, "{\"storeId\":\"NW-0099\"}"));
        expect(200, get(stores, admin));
        expect(404, get("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/stores", admin));
        expect(200, get("/admin/v1/stores/NW-0042", admin));
        expect(404, get("/admin/v1/stores/NW-9999", admin));
    }

    private void storeCredentials() throws Exception {
        store42 = Caller.key(expect(201, call("POST", "/admin/v1/stores/NW-0042/credentials", admin))
                .json().at("/content/header").asText());
        expect(404, call("POST", "/admin/v1/stores/NW-9999/credentials", admin));
        expect(200, get("/admin/v1/stores/NW-0042/credentials", admin));
        expect(200, get("/admin/v1/stores/NW-0043/credentials", admin));
        expect(404, get("/admin/v1/stores/NW-9999/credentials", admin));
        expect(201, call("POST", "/admin/v1/stores/GX-0001/credentials", admin));
        expect(200, call("DELETE", "/admin/v1/stores/GX-0001/credentials", admin));
        expect(404, call("DELETE", "/admin/v1/stores/NW-9999/credentials", admin));
    }

    private void accessKeys() throws Exception {
        String keys = "/admin/v1/accounts/" + accountA + "/keys";
        fullKey = Caller.key(createKey(accountA, "Integration", allScopesBut(null), null));
        JsonNode narrow = expect(201, post(keys, admin,
                "{\"name\":\"Store 42 reader\",\"scopes\":[\"tickets:read\"],\"stores\":[\"NW-0042\"]}")).json();
        narrowKey = Caller.key(narrow.at("/content/header").asText());
        narrowKeyId = narrow.at("/content/keyId").asText();
        samples.put("keyId", narrowKeyId);
        otherAccountKey = Caller.key(createKey(accountB, "Globex BI", List.of("tickets:read"), null));
        expect(400, post(keys, admin, "{\"name\":\"BI\",\"scopes\":[\"tickets:delete\"]}"));
        expect(400, post(keys, admin, "{\"name\":\"BI\",\"scopes\":[\"tickets:read\"],\"stores\":[\"GX-0001\"]}"));
        expect(404, post("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/keys", admin,
                "{\"name\":\"BI\",\"scopes\":[\"tickets:read\"]}"));
        expect(200, get(keys, admin));
        expect(404, get("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/keys", admin));
        expect(200, get("/admin/v1/keys/" + narrowKeyId, admin));
        expect(404, get("/admin/v1/keys/" + UNKNOWN_KEY, admin));

        String temporary = expect(201, post(keys, admin,
                "{\"name\":\"Temporary\",\"scopes\":[\"monitoring:read\"]}")).json().at("/content/keyId").asText();
        for (String action : List.of("disable", "enable")) {
            expect(200, call("POST", "/admin/v1/keys/" + temporary + "/" + action, admin));
            expect(404, call("POST", "/admin/v1/keys/" + UNKNOWN_KEY + "/" + action, admin));
        }
        expect(200, call("DELETE", "/admin/v1/keys/" + temporary, admin));
        expect(404, call("DELETE", "/admin/v1/keys/" + temporary, admin));
    }

    private void users() throws Exception {
        String users = "/admin/v1/accounts/" + accountA + "/users";
        adaId = expect(201, post(users, admin, "{\"firstName\":\"Ada\",\"lastName\":"
                + "\"Lovelace\",\"emailAddress\":\"ada@northwind.example\",\"userGroups\":[\"Administrator\"],"
                + "\"password\":\"" + PASSWORD + "\"}")).json().at("/content/userId").asText();
        graceId = expect(201, post(users, admin, "{\"firstName\":\"Grace\",\"lastName\":"
                + "\"Hopper\",\"emailAddress\":\"grace@northwind.example\"}")).json().at("/content/userId").asText();
        samples.put("userId", graceId);
        expect(201, post(users, admin, "{\"firstName\":\"Carl\",\"lastName\":\"Clerk\","
                + "\"emailAddress\":\"carl@northwind.example\",\"userGroups\":[\"Clerks\"],\"password\":\"" + PASSWORD
                + "\"}"));
        // the same Administrator in a second account: signing in then needs the account
        expect(201, post("/admin/v1/accounts/" + accountB + "/users", admin,
                "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"emailAddress\":\"ada@northwind.example\","
                        + "\"userGroups\":[\"Administrator\"],\"password\":\"" + PASSWORD + "\"}"));
        expect(409, post(users, admin, "{\"firstName\":\"Ada\",\"lastName\":\"L\","
                + "\"emailAddress\":\"ADA@northwind.example\"}"));
        expect(400, post(users, admin, "{\"firstName\":\"Ada\",\"lastName\":\"L\","
                + "\"emailAddress\":\"ada at northwind\"}"));
        expect(400, post(users, admin, "{\"firstName\":\"Ada\",\"lastName\":\"L\","
                + "\"emailAddress\":\"ada2@northwind.example\",\"password\":\"short\"}"));
        expect(404, post("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/users", admin,
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"emailAddress\":\"a@b.example\"}"));
        expect(200, get(users, admin));
        expect(200, get(users + "?offset=1&limit=1", admin));
        expect(400, get(users + "?limit=0", admin));
        expect(404, get("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/users", admin));
        expect(200, get("/admin/v1/users/" + adaId, admin));
        expect(404, get("/admin/v1/users/" + UNKNOWN_USER, admin));

        String grace = "/admin/v1/users/" + graceId;
        expect(200, call("PUT", grace, admin, "application/json", "{\"userGroups\":[\"Shift Leads\"]}"));
        expect(200, call("PUT", grace, admin, "application/json", "{\"password\":\"" + PASSWORD + "\"}"));
        expect(200, call("PUT", grace, admin, "application/json", "{\"password\":null}"));
        expect(409, call("PUT", grace, admin, "application/json", "{\"emailAddress\":\"ada@northwind.example\"}"));
        expect(400, call("PUT", grace, admin, "application/json", "{\"password\":\"short\"}"));
        expect(404, call("PUT", "/admin/v1/users/" + UNKNOWN_USER, admin, "application/json",
                "{\"firstName\":\"Nobody\"}"));
        String leaving = expect(201, post(users, admin, "{\"firstName\":\"Temp\","
                + "\"lastName\":\"Worker\",\"emailAddress\":\"temp@northwind.example\"}")).json()
                .at("/content/userId").asText();
        expect(200, call("DELETE", "/admin/v1/users/" + leaving, admin));
        expect(404, call("DELETE", "/admin/v1/users/" + leaving, admin));
    }

    private void tickets() throws Exception {
        long now = System.currentTimeMillis() * 1000;
        String coffee = "{\"ticketId\":\"T-1001\",\"startDate\":" + (now - 60_000_000) + ",\"registerId\":\"R1\","
                + "\"type\":\"SALE\",\"currency\":\"EUR\",\"items\":[{\"line\":1,\"sku\":\"4006381333931\","
                + "\"description\":\"Coffee\",\"quantity\":1,\"unitPrice\":250,\"amount\":250}],\"total\":250}";
        String noSale = "{\"ticketId\":\"T-1002\",\"startDate\":" + (now - 30_000_000) + ",\"type\":\"NO_SALE\","
                + "\"total\":0}";
        expect(200, post("/apip/tickets", store42, coffee));
        expect(200, post("/apip/tickets", store42, "[" + coffee + "," + noSale + "]"));
        expect(200, call("POST", "/apip/tickets", store42, "application/x-ndjson",
                "{\"ticketId\":\"T-1003\",\"startDate\":" + (now - 20_000_000) + "}\n{\"ticketId\":\"T-1004\","
                        + "\"startDate\":" + (now - 10_000_000) + "}\n"));
        expect(200, call("POST", "/apip/tickets", store42, "application/jsonl",
                "{\"ticketId\":\"T-1003\",\"startDate\":" + (now - 20_000_000) + "}\n"));
        expect(200, post("/apip/tickets", fullKey, noSale.replace("\"NO_SALE\"",
                "\"VOID\"").replace("{\"ticketId\"", "{\"storeId\":\"NW-0042\",\"ticketId\"")));
        expect(400, post("/apip/tickets", store42, "[" + coffee + ",{\"ticketId\":\"T-1005\"}]"));
        expect(400, post("/apip/tickets", fullKey,
                "{\"ticketId\":\"T-1006\",\"storeId\":\"NW-9999\",\"startDate\":" + now + "}"));
        expect(400, post("/apip/tickets", store42, "[]"));
        expect(400, post("/apip/tickets", store42, "{\"ticketId\":"));
        expect(403, post("/apip/tickets", admin, noSale));
        expect(403, post("/apip/tickets", store42,
                "{\"ticketId\":\"T-1007\",\"storeId\":\"NW-0043\",\"startDate\":" + now + "}"));
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.append("{\"ticketId\":\"M-").append(i).append("\",\"startDate\":").append(now).append("}\n");
        }
        expect(413, call("POST", "/apip/tickets", store42, "application/x-ndjson", tooMany.toString()));
    }

    private void ticketPages() throws Exception {
        for (String path : List.of("/apip/tickets", "/cpos/" + accountA + "/apip/tickets")) {
            JsonNode first = expect(200, get(path + "?startDate=0&maxPageSize=2&storeId=NW-0042", fullKey)).json();
            String cursor = first.at("/content/cursor").asText();
            JsonNode next = expect(200, get(path + "?cursor=" + cursor, fullKey)).json();
            expect(200, get(path + "?cursor=" + next.at("/content/cursor").asText(), fullKey));
            expect(400, get(path + "?startDate=0&maxPageSize=51", fullKey));
            expect(400, get(path + "?endDate=0", fullKey));
            expect(400, get(path + "?cursor=not-a-cursor", fullKey));
            expect(400, get(path + "?startDate=0&maxpagesize=5", fullKey));
            expect(404, get(path + "?startDate=0&storeId=NW-9999", fullKey));
            expect(403, get(path + "?startDate=0&storeId=NW-0043", narrowKey));
        }
        expect(200, get("/apip/tickets?startDate=0", store42));
        expect(200, get("/cpos/" + accountA + "/apip/tickets?startDate=0", admin));
        expect(404, get("/cpos/" + UNKNOWN_ACCOUNT + "/apip/tickets?startDate=0", admin));
        expect(403, get("/cpos/" + accountA + "/apip/tickets?startDate=0", otherAccountKey));
        expect(400, get("/apip/tickets?startDate=0", admin));
        expect(200, get("/apip/cpos", fullKey));
        expect(400, get("/apip/cpos", admin));
    }

    private void integratorUsers() throws Exception {
        expect(200, get("/apip/users", fullKey));
        expect(200, get("/apip/users?i=1", fullKey));
        expect(400, get("/apip/users?i=x", fullKey));
        String secret = fullKey.authentication().substring(fullKey.authentication().indexOf("AKS=") + 4);
        expect(401, get("/apip/users", Caller.key("X-API-Key AKI=" + UNKNOWN_KEY + ";AKS=" + secret)));
        char last = secret.charAt(secret.length() - 1);
        String mistyped = fullKey.authentication().substring(0, fullKey.authentication().length() - 1)
                + (last == 'a' ? 'b' : 'a');
        expect(401, get("/apip/users", Caller.key(mistyped)));
        expect(400, get("/apip/users", admin));
        expect(200, get("/metrics", fullKey));
    }

    private void monitoring() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String push = "/apip/stations/NW-0042/monitoring";
        expect(200, post(push, store42, "{\"status\":2,\"time\":" + now
                + ",\"received_from_cloud\":" + (now - 30) + ",\"cloud_online\":true}"));
        expect(200, post(push, store42, "{\"status\":0,\"time\":" + now + "}"));
        expect(400, post(push, store42, "{\"status\":1,\"time\":" + now + "}"));
        expect(400, post(push, store42, "{\"status\":0}"));
        expect(400, post(push, admin, "{\"status\":0,\"time\":" + now + "}"));
        expect(403, post("/apip/stations/NW-0043/monitoring", store42, "{\"status\":0,\"time\":" + now + "}"));
        expect(404, post("/apip/stations/NW-9999/monitoring", fullKey, "{\"status\":0,\"time\":" + now + "}"));
        expect(200, get(push, store42));
        expect(200, get("/apip/stations/NW-0043/monitoring", fullKey));
        expect(400, get(push, admin));
        expect(403, get("/apip/stations/NW-0043/monitoring", store42));
        expect(404, get("/apip/stations/NW-9999/monitoring", fullKey));
        expect(200, get("/apip/monitoring", fullKey));
        expect(200, get("/apip/monitoring", store42));
        expect(400, get("/apip/monitoring", admin));
        expect(400, get("/apip/monitoring?all=1", fullKey));
    }

    private void adminMonitoringAndAudit() throws Exception {
        expect(200, get("/admin/v1/accounts/" + accountA + "/monitoring", admin));
        expect(400, get("/admin/v1/accounts/" + accountA + "/monitoring?all=1", admin));
        expect(404, get("/admin/v1/accounts/" + UNKNOWN_ACCOUNT + "/monitoring", admin));
        expect(200, get("/admin/v1/audit?limit=3", admin));
        expect(200, get("/admin/v1/audit?accountId=" + accountA, admin));
        expect(400, get("/admin/v1/audit?limit=abc", admin));
    }

    private void consoleSessions() throws Exception {
        String session = "/console/api/session";
        String ada = "{\"emailAddress\":\"ada@northwind.example\",\"password\":\"" + PASSWORD + "\"";
        expect(400, post(session, NOBODY, ada + "}"));
        Answer signedIn = expect(200, post(session, NOBODY, ada + ",\"accountId\":\"" + accountA + "\"}"));
        Caller adaSession = Caller.session(cookie(signedIn), true);
        String adminPair = s.adminHeader.substring("X-API-Key ".length());
        Caller adminSession = Caller.session(cookie(expect(200, post(session, NOBODY,
                "{\"credential\":\"" + adminPair + "\"}"))), true);
        expect(400, post(session, NOBODY,
                "{\"credential\":\"" + adminPair + "\",\"emailAddress\":\"ada@northwind.example\"}"));
        expect(401, post(session, NOBODY,
                "{\"emailAddress\":\"ada@northwind.example\",\"password\":\"not the password\"}"));
        expect(403, post(session, NOBODY,
                "{\"emailAddress\":\"carl@northwind.example\",\"password\":\"" + PASSWORD + "\"}"));
        expect(403, post(session, NOBODY,
                "{\"credential\":\"" + store42.authentication().substring("X-API-Key ".length()) + "\"}"));

        expect(200, get(session, adaSession));
        expect(200, get(session, adminSession));
        expect(401, get(session, Caller.session("no-such-session", true)));
        expect(403, get(session, Caller.session(adaSession.sessionCookie(), false)));

        // what an account's Administrator reaches with the session cookie
        expect(200, get("/admin/v1/accounts", adaSession));
        expect(200, get("/admin/v1/accounts/" + accountA + "/stores", adaSession));
        expect(403, post("/admin/v1/accounts", adaSession, "{\"name\":\"Mine\"}"));
        expect(403, get("/admin/v1/accounts/" + accountB, adaSession));
        expect(403, get("/admin/v1/audit?accountId=" + accountB, adaSession));
        expect(403, get("/admin/v1/accounts", Caller.session(adaSession.sessionCookie(), false)));
        expect(401, get("/admin/v1/accounts", Caller.session("no-such-session", true)));

        expect(403, call("DELETE", session, Caller.session(adaSession.sessionCookie(), false)));
        expect(200, call("DELETE", session, adaSession));
        expect(200, call("DELETE", session, NOBODY));
        expect(401, get(session, adaSession));

        // five failed sign-ins for one address: the sixth attempt is refused for a while
        String locked = "{\"emailAddress\":\"locked@northwind.example\",\"password\":\"wrong password 1\"}";
        for (int i = 0; i < 5; i++) {
            expect(401, post(session, NOBODY, locked));
        }
        expect(429, post(session, NOBODY, locked));
    }

    private void web() throws Exception {
        String etag = expect(200, get("/openapi.yaml", NOBODY)).headers().get("etag");
        expect(304, call("GET", "/openapi.yaml", NOBODY, null, null, Map.of("If-None-Match", etag)));
        for (String area : List.of("/docs", "/console")) {
            expect(301, get(area, NOBODY));
            expect(400, get(area + "/?page=1", NOBODY));
            String pageTag = expect(200, get(area + "/", NOBODY)).headers().get("etag");
            expect(304, call("GET", area + "/", NOBODY, null, null, Map.of("If-None-Match", pageTag)));
            expect(404, get(area + "/no-such-file.js", NOBODY));
            expect(404, get(area + "/.hidden.js", NOBODY));
        }
        for (String file : List.of("/docs/swagger-initializer.js", "/docs/swagger-ui.css", "/docs/favicon-32x32.png",
                "/docs/index.html", "/console/console.js", "/console/console.css", "/console/index.html")) {
            String fileTag = expect(200, get(file, NOBODY)).headers().get("etag");
            expect(304, call("GET", file, NOBODY, null, null, Map.of("If-None-Match", fileTag)));
        }
    }

    // --------------------------------------------------------------- sweeps over every operation

    /** Every operation that needs credentials, called without any: 401. */
    private void withoutCredentials() throws Exception {
        for (OperationKey key : doc.operations()) {
            if (doc.requiresCredentials(key)) {
                expect(401, call(key.method(), concrete(key), NOBODY, null, null));
            }
        }
    }

    /** Every operation that needs a scope, called with a credential that has every other one: 403. */
    private void withoutTheScope() throws Exception {
        Map<String, Caller> lacking = new TreeMap<>();
        for (OperationKey key : doc.operations()) {
            List<String> scopes = doc.scopes(key, KEY_SCHEME);
            if (scopes == null || scopes.isEmpty()) {
                continue;
            }
            String scope = scopes.get(0);
            Caller caller = scope.equals(Scope.ADMIN.wireName()) ? fullKey : lacking.get(scope);
            if (caller == null) {
                caller = Caller.key(createKey(accountA, "All but " + scope, allScopesBut(scope), null));
                lacking.put(scope, caller);
            }
            expect(403, call(key.method(), concrete(key), caller, null, null));
        }
    }

    /** Every path, called with a method it does not take: 405 with the methods it takes in Allow. */
    private void withAnotherMethod() throws Exception {
        ResponseDefinition notAllowed = doc.componentResponse("MethodNotAllowed");
        for (String path : doc.model().getPaths().keySet()) {
            OperationKey key = new OperationKey("PATCH", path);
            Answer a = send("PATCH", concrete(key), admin, "application/json", "{}", Map.of());
            record(key, a, "PATCH", concrete(key));
            if (a.status() != 405) {
                problems.add("PATCH " + path + ": expected 405, got " + a.status() + ": " + a.body());
                continue;
            }
            report("PATCH " + path + " 405", doc.check(notAllowed, a.contentType(), a.headers(), a.body()));
            Set<String> allowed = Arrays.stream(a.headers().getOrDefault("allow", "").split(","))
                    .map(String::trim).collect(Collectors.toCollection(TreeSet::new));
            if (!allowed.equals(doc.methods(path))) {
                problems.add("PATCH " + path + ": Allow is " + allowed + ", the document has " + doc.methods(path));
            }
        }
    }

    /** Every operation with a request body, sent one over the limit (announced by its length): 413. */
    private void withTooLargeBodies() throws Exception {
        for (OperationKey key : doc.operations()) {
            if (doc.requestMediaTypes(key).isEmpty()) {
                continue;
            }
            Caller caller = callerFor(key);
            String path = concrete(key);
            String request = key.method() + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (caller.authentication() == null ? "" : "Authentication: " + caller.authentication() + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: " + (ServerConfig.MAX_BODY_BYTES + 1)
                    + "\r\n\r\n";
            try (RawHttp raw = new RawHttp(s.port(), 10_000)) {
                raw.send(request);
                RawHttp.Response r = raw.read();
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h : r.headers()) {
                    int colon = h.indexOf(':');
                    headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            h.substring(colon + 1).trim());
                }
                Answer answer = new Answer(r.status(), headers, r.body());
                record(key, answer, key.method(), path + " (a body over the limit)");
                expect(413, check(key, answer, path, null, null));
            }
        }
    }

    /** Every operation with a JSON request body, sent text/plain instead: 415. */
    private void withAnotherMediaType() throws Exception {
        for (OperationKey key : doc.operations()) {
            if (doc.requestMediaTypes(key).contains("application/json")) {
                expect(415, call(key.method(), concrete(key), callerFor(key), "text/plain", "{}"));
            }
        }
    }

    /**
     * Every operation, called with a query parameter it does not document: 400 naming the parameter
     * (a typo such as {@code maxpagesize} is refused, never silently ignored).
     */
    private void withAnUnknownQueryParameter() throws Exception {
        for (OperationKey key : doc.operations()) {
            Answer a = expect(400, call(key.method(), concrete(key) + "?unexpected=1", callerFor(key), null, null));
            if (!a.body().contains("unknown query parameter 'unexpected'")) {
                problems.add(key + "?unexpected=1: the 400 does not name the parameter: "
                        + OpenApiDocument.abbreviate(a.body()));
            }
        }
    }

    // ------------------------------------------------------------------------------- helpers

    /** A credential that may call the operation with the sample path parameters. */
    private Caller callerFor(OperationKey key) {
        List<String> scopes = doc.scopes(key, KEY_SCHEME);
        if (scopes == null) {
            return NOBODY;
        }
        return scopes.contains(Scope.ADMIN.wireName()) ? admin : fullKey;
    }

    private List<String> allScopesBut(String excluded) {
        List<String> scopes = new ArrayList<>();
        for (Scope scope : EnumSet.complementOf(EnumSet.of(Scope.ADMIN))) {
            if (!scope.wireName().equals(excluded)) {
                scopes.add(scope.wireName());
            }
        }
        return scopes;
    }

    /** Creates an access key through the API (checked like every other call); returns its header value. */
    private String createKey(String account, String name, List<String> scopes, List<String> stores) throws Exception {
        ObjectNode body = ServerFixture.JSON.createObjectNode().put("name", name);
        scopes.forEach(body.putArray("scopes")::add);
        if (stores != null) {
            stores.forEach(body.putArray("stores")::add);
        }
        return expect(201, post("/admin/v1/accounts/" + account + "/keys", admin,
                body.toString())).json().at("/content/header").asText();
    }

    /** The operation's path with the sample value of each path parameter. */
    private String concrete(OperationKey key) {
        Matcher m = PATH_PARAMETER.matcher(key.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals("file") ? (key.path().startsWith("/docs") ? "index.html" : "console.js")
                    : samples.get(name);
            if (value == null) {
                throw new AssertionError("no sample value for the path parameter " + name + " of " + key);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String cookie(Answer signedIn) {
        String setCookie = signedIn.headers().get("set-cookie");
        assertThat(setCookie).as("Set-Cookie of a sign-in").startsWith("ticketd_session=");
        return setCookie.substring("ticketd_session=".length(), setCookie.indexOf(';'));
    }

    /** Records a problem unless the answer has the status the scenario meant to produce; returns the answer. */
    private Answer expect(int status, Answer answer) {
        if (answer.status() != status) {
            problems.add(lastRequest + ": expected " + status + " but got " + answer.status() + ": "
                    + OpenApiDocument.abbreviate(answer.body()));
        }
        return answer;
    }

    private Answer get(String path, Caller caller) throws Exception {
        return call("GET", path, caller, null, null);
    }

    private Answer post(String path, Caller caller, String json) throws Exception {
        return call("POST", path, caller, "application/json", json);
    }

    private Answer call(String method, String path, Caller caller) throws Exception {
        return call(method, path, caller, null, null);
    }

    private Answer call(String method, String path, Caller caller, String contentType, String body) throws Exception {
        return call(method, path, caller, contentType, body, Map.of());
    }

    /** Sends a request, then checks the answer against the operation the router maps it to. */
    private Answer call(String method, String path, Caller caller, String contentType, String body,
                        Map<String, String> headers) throws Exception {
        Answer answer = send(method, path, caller, contentType, body, headers);
        // the path as the server routes it (decoded, without the query)
        Router.Match match = router.match(HttpMethod.valueOf(method), new QueryStringDecoder(path).path());
        if (!match.found()) {
            problems.add(method + " " + path + " is not a route the server answers (" + answer.status() + ")");
            return answer;
        }
        OperationKey key = new OperationKey(method, match.route().pattern());
        record(key, answer, method, path);
        return check(key, answer, path, contentType, body);
    }

    /** Checks an answer against the documented response of its status (and a 2xx request against the request). */
    private Answer check(OperationKey key, Answer answer, String path, String contentType, String body) {
        String what = key.method() + " " + path;
        produced.computeIfAbsent(key, k -> new TreeSet<>()).add(answer.status());
        if (doc.operation(key) == null) {
            problems.add(what + ": " + key + " is not in the document");
            return answer;
        }
        ResponseDefinition definition = doc.response(key, answer.status());
        if (definition == null) {
            problems.add(what + " (" + key + ") answered " + answer.status() + ", which the document does not list "
                    + doc.statuses(key) + ": " + OpenApiDocument.abbreviate(answer.body()));
            return answer;
        }
        report(what + " " + answer.status(), doc.check(definition, answer.contentType(), answer.headers(),
                answer.body()));
        if (answer.status() / 100 == 2) {
            checkRequest(key, path, contentType, body);
        }
        return answer;
    }

    /** A request the server accepted must be one the document describes: known query parameters, a valid body. */
    private void checkRequest(OperationKey key, String path, String contentType, String body) {
        String what = key.method() + " " + path;
        Set<String> documented = new TreeSet<>();
        for (Parameter p : doc.parameters(key)) {
            if (p.getIn().equals("query")) {
                documented.add(p.getName());
            }
        }
        String query = URI.create(path).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!documented.contains(name)) {
                    problems.add(what + ": accepted the query parameter " + name + ", which is not documented");
                }
            }
        }
        if (body == null || contentType == null) {
            return;
        }
        String pointer = doc.requestSchemaPointer(key, contentType);
        if (pointer == null) {
            problems.add(what + ": accepted a " + contentType + " body, which the document does not list");
            return;
        }
        JsonNode value;
        try {
            value = contentType.equals("application/json") ? ServerFixture.JSON.readTree(body)
                    : TextNode.valueOf(body);
        } catch (IOException e) {
            problems.add(what + ": accepted a body that is not JSON");
            return;
        }
        report(what + " (request body)", doc.validate(value, pointer));
    }

    private void report(String what, List<String> found) {
        for (String problem : found) {
            problems.add(what + ": " + problem);
        }
    }

    private void record(OperationKey key, Answer answer, String method, String path) {
        lastRequest = method + " " + path;
        ObjectNode line = ServerFixture.JSON.createObjectNode();
        line.put("request", lastRequest).put("operation", key.toString()).put("status", answer.status());
        answer.headers().forEach(line.putObject("headers")::put);
        line.put("body", answer.contentType() != null && answer.contentType().startsWith("application/json")
                ? answer.body() : OpenApiDocument.abbreviate(answer.body()));
        exchanges.add(line.toString());
    }

    private void writeExchanges() throws IOException {
        Path out = Path.of("target", "openapi-contract", "exchanges.ndjson");
        Files.createDirectories(out.getParent());
        Files.write(out, exchanges, StandardCharsets.UTF_8);
    }

    private Answer send(String method, String path, Caller caller, String contentType, String body,
                        Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).timeout(Duration.ofSeconds(30));
        if (caller.authentication() != null) {
            b.header("Authentication", caller.authentication());
        }
        if (caller.sessionCookie() != null) {
            b.header("Cookie", "ticketd_session=" + caller.sessionCookie());
        }
        if (caller.consoleHeader()) {
            b.header("X-Ticketd-Console", "1");
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> received = new LinkedHashMap<>();
        r.headers().map().forEach((name, values) -> received.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return new Answer(r.statusCode(), received, r.body());
    }
}
