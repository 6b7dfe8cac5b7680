package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.engine.TestClock;
import io.ticketd.engine.registry.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console sessions over HTTP: sign-in with the admin credential and with an Administrator's
 * email and password, the cookie's attributes, the request-forgery guard header, what an
 * account Administrator may and may not reach, sessions ending (sign-out, idle, group or
 * password change), throttling, and password handling in the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSessionIT {
    private static final long START_MICROS = 1_760_000_000_000_000L;
    private static final String PASSWORD = "correct horse battery";

    private ServerFixture s;
    private TestClock clock;
    private String acme;
    private String globex;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        clock = new TestClock(START_MICROS);
        s = ServerFixture.start(dir, e -> e.withClock(clock), c -> c);
        acme = s.createAccount("Acme");
        globex = s.createAccount("Globex");
        s.createStore(acme, "ACME-1");
        s.createStore(globex, "GLOBEX-1");
        createUser(acme, "ada@acme.example", List.of(User.ADMINISTRATOR_GROUP), PASSWORD);
        createUser(acme, "clerk@acme.example", List.of("Clerks"), PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    // ------------------------------------------------------------------------------ sign-in

    @Test
    void adminCredentialSignInSetsASecureHttpOnlyStrictCookie() throws Exception {
        HttpResponse<String> r = signIn("{\"credential\":\"" + adminPair() + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode content = json(r).get("content");
        assertThat(content.get("kind").asText()).isEqualTo("admin");
        assertThat(content.get("accountId").isNull()).isTrue();
        assertThat(content.get("user").isNull()).isTrue();
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("ticketd_session=");
        for (String attribute : List.of("HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=43200")) {
            assertThat(setCookie).containsIgnoringCase(attribute);
        }
        assertThat(cookieOf(r)).hasSizeGreaterThan(40);
    }

    @Test
    void adminCredentialIsAcceptedWithTheHeaderSchemeToo() throws Exception {
        assertThat(signIn("{\"credential\":\"" + s.adminHeader + "\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void storeCredentialsAndAccessKeysCannotSignIn() throws Exception {
        String store = s.storeCredential("ACME-1").substring("X-API-Key ".length());
        HttpResponse<String> r = signIn("{\"credential\":\"" + store + "\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(message(r)).contains("store credential");
        String key = s.accessKey(acme, "[\"tickets:read\"]", null).substring("X-API-Key ".length());
        assertThat(message(signIn("{\"credential\":\"" + key + "\"}"))).contains("access key");
    }

    @Test
    void wrongCredentialIs401WithoutACookie() throws Exception {
        String wrong = adminPair().replaceFirst("AKI=ak_", "AKI=ak_x");
        HttpResponse<String> r = signIn("{\"credential\":\"" + wrong + "\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void administratorSignsInWithEmailAndPasswordAndLastSignInDateIsSet() throws Exception {
        String userId = createUser(acme, "hopper@acme.example", List.of(User.ADMINISTRATOR_GROUP), PASSWORD)
                .get("userId").asText();
        assertThat(s.registry.user(userId).orElseThrow().lastSignInDate()).isNull();
        HttpResponse<String> r = signIn(passwordBody("HOPPER@acme.example", PASSWORD, null));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode content = json(r).get("content");
        assertThat(content.get("kind").asText()).isEqualTo("user");
        assertThat(content.get("accountId").asText()).isEqualTo(acme);
        assertThat(content.at("/user/userId").asText()).isEqualTo(userId);
        assertThat(content.at("/user/emailAddress").asText()).isEqualTo("hopper@acme.example");
        JsonNode viewed = s.get("/admin/v1/users/" + userId, s.adminHeader).ok(200).json().get("content");
        assertThat(viewed.get("lastSignInDate").isNumber()).isTrue();
    }

    @Test
    void wrongPasswordAndUnknownAddressGetTheSame401() throws Exception {
        HttpResponse<String> wrong = signIn(passwordBody("ada@acme.example", "not the password", null));
        HttpResponse<String> unknown = signIn(passwordBody("nobody@acme.example", PASSWORD, null));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
    }

    @Test
    void userOutsideTheAdministratorGroupIsRefusedWithAMessage() throws Exception {
        HttpResponse<String> r = signIn(passwordBody("clerk@acme.example", PASSWORD, null));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(message(r)).contains("not in the Administrator group");
    }

    @Test
    void anAddressAdministeringSeveralAccountsMustNameOne() throws Exception {
        String multi = "multi@example.com";
        createUser(acme, multi, List.of(User.ADMINISTRATOR_GROUP), PASSWORD);
        createUser(globex, multi, List.of(User.ADMINISTRATOR_GROUP), PASSWORD);
        HttpResponse<String> r = signIn(passwordBody(multi, PASSWORD, null));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("account_required");
        assertThat(message(r)).contains(acme, globex);
        HttpResponse<String> chosen = signIn(passwordBody(multi, PASSWORD, globex));
        assertThat(chosen.statusCode()).isEqualTo(200);
        assertThat(json(chosen).at("/content/accountId").asText()).isEqualTo(globex);
    }

    @Test
    void malformedSignInsAre400WithAMessage() throws Exception {
        assertThat(signIn("{\"emailAddress\":\"ada@acme.example\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> both = signIn("{\"credential\":\"" + adminPair() + "\",\"emailAddress\":\"a@b.co\","
                + "\"password\":\"x\"}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(message(both)).contains("not both");
        assertThat(message(signIn("{\"credential\":\"nonsense\"}"))).contains("AKI=");
        assertThat(signIn("{\"user\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(signIn("not json").statusCode()).isEqualTo(400);
    }

    @Test
    void fiveFailuresForOneAddressAre429WithRetryAfterUntilTheWindowPasses() throws Exception {
        String email = "target@acme.example";
        createUser(acme, email, List.of(User.ADMINISTRATOR_GROUP), PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(passwordBody(email, "wrong password " + i, null)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = signIn(passwordBody(email, PASSWORD, null));
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(errorCode(throttled)).isEqualTo("too_many_attempts");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        clock.advance(Duration.ofMinutes(5).toNanos() / 1000 + 1);
        assertThat(signIn(passwordBody(email, PASSWORD, null)).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------ using a session

    @Test
    void sessionCookieWithTheConsoleHeaderReachesTheAdminApi() throws Exception {
        String cookie = cookieOf(signIn("{\"credential\":\"" + adminPair() + "\"}"));
        HttpResponse<String> r = withCookie("GET", "/admin/v1/accounts", cookie, true, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("content")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(withCookie("GET", "/console/api/session", cookie, true, null).statusCode()).isEqualTo(200);
    }

    @Test
    void sessionCookieWithoutTheConsoleHeaderIs403() throws Exception {
        String cookie = cookieOf(signIn("{\"credential\":\"" + adminPair() + "\"}"));
        HttpResponse<String> r = withCookie("POST", "/admin/v1/accounts", cookie, false, "{\"name\":\"Forged\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(errorCode(r)).isEqualTo("console_header_required");
        assertThat(s.registry.accounts()).noneMatch(a -> a.name().equals("Forged"));
    }

    @Test
    void sessionCookieDoesNotAuthenticateTheIntegratorApi() throws Exception {
        String cookie = cookieOf(signIn("{\"credential\":\"" + adminPair() + "\"}"));
        HttpResponse<String> r = withCookie("GET", "/apip/cpos", cookie, true, null);
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void accountAdministratorSeesAndManagesOnlyItsAccount() throws Exception {
        String cookie = cookieOf(signIn(passwordBody("ada@acme.example", PASSWORD, null)));
        JsonNode accounts = json(withCookie("GET", "/admin/v1/accounts", cookie, true, null)).get("content");
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("accountId").asText()).isEqualTo(acme);

        assertThat(withCookie("POST", "/admin/v1/accounts/" + acme + "/stores", cookie, true,
                "{\"storeId\":\"ACME-NEW\",\"name\":\"New\"}").statusCode()).isEqualTo(201);
        assertThat(withCookie("POST", "/admin/v1/stores/ACME-NEW/credentials", cookie, true, null).statusCode())
                .isEqualTo(201);
        assertThat(withCookie("GET", "/admin/v1/accounts/" + acme + "/monitoring", cookie, true, null).statusCode())
                .isEqualTo(200);

        List<HttpResponse<String>> refused = new ArrayList<>();
        refused.add(withCookie("POST", "/admin/v1/accounts", cookie, true, "{\"name\":\"Mine\"}"));
        refused.add(withCookie("GET", "/admin/v1/accounts/" + globex, cookie, true, null));
        refused.add(withCookie("GET", "/admin/v1/accounts/" + globex + "/stores", cookie, true, null));
        refused.add(withCookie("GET", "/admin/v1/stores/GLOBEX-1", cookie, true, null));
        refused.add(withCookie("POST", "/admin/v1/stores/GLOBEX-1/credentials", cookie, true, null));
        refused.add(withCookie("GET", "/admin/v1/accounts/" + globex + "/keys", cookie, true, null));
        refused.add(withCookie("GET", "/admin/v1/accounts/" + globex + "/users", cookie, true, null));
        refused.add(withCookie("GET", "/admin/v1/accounts/" + globex + "/monitoring", cookie, true, null));
        refused.add(withCookie("GET", "/admin/v1/audit?accountId=" + globex, cookie, true, null));
        for (HttpResponse<String> r : refused) {
            assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri()).isEqualTo(403);
            assertThat(message(r)).contains("administers account " + acme + " only");
        }
        assertThat(s.registry.accounts()).noneMatch(a -> a.name().equals("Mine"));
        assertThat(s.registry.storeCredential("GLOBEX-1").keyId()).isNull();

        JsonNode audit = json(withCookie("GET", "/admin/v1/audit", cookie, true, null)).get("content");
        audit.forEach(e -> assertThat(e.get("accountId").asText()).isEqualTo(acme));
    }

    @Test
    void signOutEndsTheSessionAndClearsTheCookie() throws Exception {
        String cookie = cookieOf(signIn("{\"credential\":\"" + adminPair() + "\"}"));
        HttpResponse<String> out = withCookie("DELETE", "/console/api/session", cookie, true, null);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(withCookie("GET", "/admin/v1/accounts", cookie, true, null).statusCode()).isEqualTo(401);
        assertThat(withCookie("GET", "/console/api/session", cookie, true, null).statusCode()).isEqualTo(401);
    }

    @Test
    void anIdleSessionEnds() throws Exception {
        String cookie = cookieOf(signIn("{\"credential\":\"" + adminPair() + "\"}"));
        clock.advance(Duration.ofHours(2).toNanos() / 1000 + 1);
        HttpResponse<String> r = withCookie("GET", "/admin/v1/accounts", cookie, true, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(message(r)).contains("session has ended");
    }

    @Test
    void leavingTheAdministratorGroupOrChangingThePasswordEndsTheSession() throws Exception {
        String userId = createUser(acme, "grace@acme.example", List.of(User.ADMINISTRATOR_GROUP), PASSWORD)
                .get("userId").asText();
        String first = cookieOf(signIn(passwordBody("grace@acme.example", PASSWORD, null)));
        s.send("PUT", "/admin/v1/users/" + userId, s.adminHeader, "application/json",
                "{\"password\":\"another good password\"}").ok(200);
        assertThat(withCookie("GET", "/admin/v1/accounts", first, true, null).statusCode()).isEqualTo(401);

        String second = cookieOf(signIn(passwordBody("grace@acme.example", "another good password", null)));
        assertThat(withCookie("GET", "/admin/v1/accounts", second, true, null).statusCode()).isEqualTo(200);
        s.send("PUT", "/admin/v1/users/" + userId, s.adminHeader, "application/json",
                "{\"userGroups\":[\"Clerks\"]}").ok(200);
        assertThat(withCookie("GET", "/admin/v1/accounts", second, true, null).statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------------ passwords

    @Test
    void passwordIsWriteOnlyAndShownAsPasswordSet() throws Exception {
        JsonNode created = createUser(acme, "lin@acme.example", null, PASSWORD);
        assertThat(created.get("passwordSet").asBoolean()).isTrue();
        assertThat(created.has("password")).isFalse();
        assertThat(created.toString()).doesNotContain(PASSWORD);
        String userId = created.get("userId").asText();
        JsonNode cleared = s.send("PUT", "/admin/v1/users/" + userId, s.adminHeader, "application/json",
                "{\"password\":null}").ok(200).json().get("content");
        assertThat(cleared.get("passwordSet").asBoolean()).isFalse();
        assertThat(s.registry.hasPassword(userId)).isFalse();
    }

    @Test
    void aTooShortPasswordIs400AndChangesNothing() throws Exception {
        String userId = createUser(acme, "short@acme.example", null, null).get("userId").asText();
        ServerFixture.Response r = s.send("PUT", "/admin/v1/users/" + userId, s.adminHeader, "application/json",
                "{\"firstName\":\"Changed\",\"password\":\"short\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("password must have 10 to 256 characters");
        assertThat(s.registry.user(userId).orElseThrow().firstName()).isEqualTo("First");
        assertThat(s.post("/admin/v1/accounts/" + acme + "/users", s.adminHeader, "{\"firstName\":\"A\","
                + "\"lastName\":\"B\",\"emailAddress\":\"tiny@acme.example\",\"password\":\"tiny\"}").status())
                .isEqualTo(400);
        assertThat(s.post("/admin/v1/accounts/" + acme + "/users", s.adminHeader, "{\"firstName\":\"A\","
                + "\"lastName\":\"B\",\"emailAddress\":\"num@acme.example\",\"password\":12345678901}").status())
                .isEqualTo(400);
    }

    // ------------------------------------------------------------------------ helpers

    private JsonNode createUser(String account, String email, List<String> groups, String password) throws Exception {
        StringBuilder body = new StringBuilder("{\"firstName\":\"First\",\"lastName\":\"Last\",\"emailAddress\":\"")
                .append(email).append('"');
        if (groups != null) {
            body.append(",\"userGroups\":").append(ServerFixture.JSON.writeValueAsString(groups));
        }
        if (password != null) {
            body.append(",\"password\":\"").append(password).append('"');
        }
        body.append('}');
        return s.post("/admin/v1/accounts/" + account + "/users", s.adminHeader, body.toString()).ok(201)
                .json().get("content");
    }

    private String adminPair() {
        return s.adminHeader.substring("X-API-Key ".length());
    }

    private static String passwordBody(String email, String password, String accountId) {
        return "{\"emailAddress\":\"" + email + "\",\"password\":\"" + password + "\""
                + (accountId == null ? "" : ",\"accountId\":\"" + accountId + "\"") + "}";
    }

    private HttpResponse<String> signIn(String body) throws Exception {
        return s.http.send(HttpRequest.newBuilder(s.uri("/console/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> withCookie(String method, String path, String cookie, boolean consoleHeader,
                                            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).header("Cookie", "ticketd_session=" + cookie);
        if (consoleHeader) {
            b.header("X-Ticketd-Console", "1");
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieOf(HttpResponse<String> signIn) {
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring("ticketd_session=".length(), setCookie.indexOf(';'));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return ServerFixture.JSON.readTree(r.body());
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return json(r).at("/error/message").asText();
    }

    private static String errorCode(HttpResponse<String> r) throws Exception {
        return json(r).at("/error/code").asText();
    }
}
