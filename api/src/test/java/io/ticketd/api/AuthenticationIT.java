package io.ticketd.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authentication and authorisation matrix over real sockets: missing, malformed,
 * mistyped, unknown, wrong, revoked and disabled credentials; scopes; store limits;
 * admin-only routes; and accounts that must not see each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIT {
    private static final String TICKET = "{\"ticketId\":\"T1\",\"storeId\":\"S1\",\"startDate\":1763000000000000}";

    private ServerFixture s;
    private String account;
    private String other;
    private String store1;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
        account = s.createAccount("Acme");
        other = s.createAccount("Globex");
        s.createStore(account, "S1");
        s.createStore(account, "S2");
        s.createStore(other, "G1");
        store1 = s.storeCredential("S1");
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    @Test
    void shouldAnswer401WithHowToWhenNoCredentialIsSent() throws Exception {
        var r = s.get("/apip/tickets?startDate=0", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthenticated");
        assertThat(r.errorMessage()).contains("Authentication: X-API-Key AKI=");
        assertThat(r.header("WWW-Authenticate")).startsWith("X-API-Key");
    }

    @Test
    void shouldAnswer401ForAMalformedHeader() throws Exception {
        for (String bad : new String[]{"Bearer abc", "X-API-Key", "X-API-Key AKI=ak_x", "X-API-Key AKS=sk_y",
                "X-API-Key AKI=ak_x;AKS=sk_y;FOO=1", "X-API-Key garbage"}) {
            var r = s.get("/apip/tickets?startDate=0", bad);
            assertThat(r.status()).as(bad).isEqualTo(401);
            assertThat(r.errorMessage()).as(bad).startsWith("malformed credentials");
        }
    }

    @Test
    void shouldTellAMistypedSecretFromAWrongOne() throws Exception {
        String keyId = store1.substring(store1.indexOf("AKI=") + 4, store1.indexOf(';'));
        String secret = store1.substring(store1.indexOf("AKS=") + 4);
        char last = secret.charAt(secret.length() - 1);
        String typo = secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
        var mistyped = s.get("/apip/tickets?startDate=0", "X-API-Key AKI=" + keyId + ";AKS=" + typo);
        assertThat(mistyped.status()).isEqualTo(401);
        assertThat(mistyped.errorMessage()).contains("checksum");

        String otherSecret = s.storeCredential("S2");
        String wellFormedButWrong = "X-API-Key AKI=" + keyId + ";AKS=" + otherSecret.substring(otherSecret.indexOf("AKS=") + 4);
        var wrong = s.get("/apip/tickets?startDate=0", wellFormedButWrong);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorMessage()).isEqualTo("invalid credentials");
    }

    @Test
    void shouldAnswerUnknownWrongRevokedAndDisabledKeysWithTheSameBody() throws Exception {
        String s2 = s.storeCredential("S2");
        String unknownKey = "X-API-Key AKI=ak_AAAAAAAAAAAAAAAAAAAA;" + s2.substring(s2.indexOf("AKS="));
        String key = s.accessKey(account, "[\"tickets:read\"]", null);
        String keyId = key.substring(key.indexOf("AKI=") + 4, key.indexOf(';'));
        s.post("/admin/v1/keys/" + keyId + "/disable", s.adminHeader, null).ok(200);
        String revoked = s.storeCredential("S2");
        s.send("DELETE", "/admin/v1/stores/S2/credentials", s.adminHeader, null, null).ok(200);
        String replaced = s.storeCredential("S1");
        s.storeCredential("S1"); // regenerating replaces the previous credential
        store1 = s.storeCredential("S1");

        String body401 = null;
        for (String credential : new String[]{unknownKey, key, revoked, replaced}) {
            var r = s.get("/apip/tickets?startDate=0", credential);
            assertThat(r.status()).isEqualTo(401);
            if (body401 == null) {
                body401 = r.body();
            }
            assertThat(r.body()).isEqualTo(body401);
        }
        assertThat(body401).contains("invalid credentials");
        s.post("/admin/v1/keys/" + keyId + "/enable", s.adminHeader, null).ok(200);
        assertThat(s.get("/apip/tickets?startDate=0", key).status()).isEqualTo(200);
    }

    @Test
    void shouldAcceptTheStandardAuthorizationHeaderToo() throws Exception {
        var r = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/apip/tickets?startDate=0"))
                        .header("Authorization", store1).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer403WhenAScopeIsMissing() throws Exception {
        String readOnly = s.accessKey(account, "[\"tickets:read\"]", null);
        var r = s.post("/apip/tickets", readOnly, TICKET);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorMessage()).contains("tickets:write");
        String writeOnly = s.accessKey(account, "[\"tickets:write\"]", null);
        assertThat(s.get("/apip/tickets?startDate=0", writeOnly).status()).isEqualTo(403);
        assertThat(s.post("/apip/tickets", writeOnly, TICKET).status()).isEqualTo(200);
    }

    @Test
    void shouldKeepAdminRoutesForTheAdminCredential() throws Exception {
        String all = s.accessKey(account, "[\"tickets:read\",\"tickets:write\",\"users:read\",\"monitoring:read\","
                + "\"monitoring:write\"]", null);
        for (String credential : new String[]{all, store1}) {
            var r = s.get("/admin/v1/accounts", credential);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.errorMessage()).contains("'admin'");
        }
        assertThat(s.get("/admin/v1/accounts", s.adminHeader).status()).isEqualTo(200);
    }

    @Test
    void shouldKeepAStoreCredentialToItsOwnStore() throws Exception {
        var r = s.post("/apip/tickets", store1, "{\"ticketId\":\"X\",\"storeId\":\"S2\",\"startDate\":1}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorMessage()).contains("S2").contains("S1");
        assertThat(s.get("/apip/tickets?startDate=0&storeId=S2", store1).status()).isEqualTo(403);
        var filled = s.post("/apip/tickets", store1, "{\"ticketId\":\"filled\",\"startDate\":1}").ok(200);
        assertThat(filled.json().at("/content/results/0/storeId").asText()).isEqualTo("S1");
    }

    @Test
    void shouldKeepAnAccessKeyToItsListedStores() throws Exception {
        String limited = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", "[\"S2\"]");
        assertThat(s.post("/apip/tickets", limited, TICKET).status()).isEqualTo(403);
        assertThat(s.post("/apip/tickets", limited, "{\"ticketId\":\"L\",\"storeId\":\"S2\",\"startDate\":1}")
                .status()).isEqualTo(200);
        assertThat(s.get("/apip/tickets?startDate=0&storeId=S1", limited).status()).isEqualTo(403);
        var own = s.get("/apip/tickets?startDate=0", limited).ok(200);
        assertThat(own.json().at("/content/results").findValuesAsText("storeId")).containsOnly("S2");
    }

    @Test
    void shouldNotLetOneAccountReadOrWriteAnother() throws Exception {
        String globex = s.accessKey(other, "[\"tickets:read\",\"tickets:write\"]", null);
        var write = s.post("/apip/tickets", globex, TICKET);
        assertThat(write.status()).isEqualTo(400);
        assertThat(write.errorCode()).isEqualTo("unknown_store");
        var read = s.get("/cpos/" + account + "/apip/tickets?startDate=0", globex);
        assertThat(read.status()).isEqualTo(403);
        assertThat(s.get("/apip/tickets?startDate=0&storeId=S1", globex).status()).isEqualTo(404);
    }

    @Test
    void shouldAuditFailedAuthentications() throws Exception {
        String keyId = store1.substring(store1.indexOf("AKI=") + 4, store1.indexOf(';'));
        String wrong = "X-API-Key AKI=" + keyId + ";AKS=" + s.storeCredential("S2").split("AKS=")[1];
        store1 = s.storeCredential("S1");
        s.get("/apip/tickets?startDate=0", wrong);
        var audit = s.get("/admin/v1/audit?limit=50", s.adminHeader).ok(200).json().at("/content");
        assertThat(audit.findValuesAsText("event")).contains("auth_failed", "created", "regenerated");
    }
}
