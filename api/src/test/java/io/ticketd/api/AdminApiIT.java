package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every admin endpoint: success shapes, and each client error with its status and a message naming the problem. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiIT {
    private ServerFixture s;
    private String admin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
        admin = s.adminHeader;
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    @Test
    void shouldCreateListAndGetAccounts() throws Exception {
        JsonNode created = s.post("/admin/v1/accounts", admin, "{\"name\":\"Acme Fuel\"}").ok(201).json().at("/content");
        String id = created.get("accountId").asText();
        assertThat(id).matches("acct_[a-z2-7]{12}");
        assertThat(created.get("name").asText()).isEqualTo("Acme Fuel");
        assertThat(created.get("createdDate").asLong()).isGreaterThan(1_700_000_000_000_000L);
        assertThat(s.get("/admin/v1/accounts", admin).ok(200).json().at("/content").findValuesAsText("accountId")).contains(id);
        assertThat(s.get("/admin/v1/accounts/" + id, admin).ok(200).json().at("/content/name").asText()).isEqualTo("Acme Fuel");
        assertThat(s.get("/admin/v1/accounts/acct_nope", admin).status()).isEqualTo(404);
    }

    @Test
    void shouldRejectBadAccountBodies() throws Exception {
        String[][] cases = {
                {"{}", "name is required"},
                {"{\"name\":42}", "name must be a string"},
                {"{\"name\":\"x\",\"nmae\":\"y\"}", "unknown field 'nmae'"},
                {"{\"name\":", "not valid JSON: the document ends before the object opened at column 1 is closed (column 9)"},
                {"[\"name\"]", "must be a JSON object"},
                {"", "empty"},
                {"{\"name\":\"   \"}", "name"},
        };
        for (String[] c : cases) {
            var r = s.post("/admin/v1/accounts", admin, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorMessage()).as(c[0]).contains(c[1]);
        }
        var wrongType = s.send("POST", "/admin/v1/accounts", admin, "text/plain", "{\"name\":\"x\"}");
        assertThat(wrongType.status()).isEqualTo(415);
    }

    @Test
    void shouldManageStoresAndTheirCredentials() throws Exception {
        String account = s.createAccount("Stores");
        JsonNode store = s.post("/admin/v1/accounts/" + account + "/stores", admin,
                "{\"storeId\":\"ST-1\",\"name\":\"Main street\"}").ok(201).json().at("/content");
        assertThat(store.get("credentialStatus").asText()).isEqualTo("Key Inactive");
        assertThat(s.post("/admin/v1/accounts/" + account + "/stores", admin, "{\"storeId\":\"ST-1\"}").status())
                .isEqualTo(409);
        assertThat(s.post("/admin/v1/accounts/" + account + "/stores", admin, "{\"storeId\":\"bad id\"}").status())
                .isEqualTo(400);
        assertThat(s.post("/admin/v1/accounts/acct_nope/stores", admin, "{\"storeId\":\"ST-9\"}").status()).isEqualTo(404);
        assertThat(s.get("/admin/v1/accounts/" + account + "/stores", admin).ok(200).json().at("/content")
                .findValuesAsText("storeId")).containsExactly("ST-1");
        assertThat(s.get("/admin/v1/stores/ST-1", admin).ok(200).json().at("/content/name").asText()).isEqualTo("Main street");
        assertThat(s.get("/admin/v1/stores/ST-404", admin).status()).isEqualTo(404);

        JsonNode credential = s.post("/admin/v1/stores/ST-1/credentials", admin, null).ok(201).json().at("/content");
        assertThat(credential.get("status").asText()).isEqualTo("Key Active");
        assertThat(credential.get("keyId").asText()).startsWith("ak_");
        assertThat(credential.get("secret").asText()).startsWith("sk_");
        JsonNode status = s.get("/admin/v1/stores/ST-1/credentials", admin).ok(200).json().at("/content");
        assertThat(status.get("status").asText()).isEqualTo("Key Active");
        assertThat(status.get("keyId").asText()).isEqualTo(credential.get("keyId").asText());
        assertThat(status.has("secret")).isFalse();
        assertThat(s.get("/admin/v1/stores/ST-1", admin).ok(200).json().at("/content/credentialStatus").asText())
                .isEqualTo("Key Active");

        JsonNode revoked = s.send("DELETE", "/admin/v1/stores/ST-1/credentials", admin, null, null).ok(200).json()
                .at("/content");
        assertThat(revoked.get("status").asText()).isEqualTo("Key Inactive");
        assertThat(s.get("/apip/tickets?startDate=0", credential.get("header").asText()).status()).isEqualTo(401);
        for (int i = 0; i < 3; i++) { // any number of regenerations
            String header = s.post("/admin/v1/stores/ST-1/credentials", admin, null).ok(201).json().at("/content/header").asText();
            assertThat(s.get("/apip/tickets?startDate=0", header).status()).isEqualTo(200);
        }
        assertThat(s.post("/admin/v1/stores/ST-404/credentials", admin, null).status()).isEqualTo(404);
    }

    @Test
    void shouldManageAccessKeys() throws Exception {
        String account = s.createAccount("Keys");
        s.createStore(account, "K-1");
        JsonNode created = s.post("/admin/v1/accounts/" + account + "/keys", admin,
                "{\"name\":\"reports\",\"scopes\":[\"tickets:read\",\"users:read\"],\"stores\":[\"K-1\"]}").ok(201)
                .json().at("/content");
        String keyId = created.get("keyId").asText();
        assertThat(created.get("secret").asText()).startsWith("sk_");
        assertThat(created.get("header").asText()).startsWith("X-API-Key AKI=" + keyId + ";AKS=sk_");
        assertThat(created.get("scopes")).hasSize(2);
        assertThat(created.get("status").asText()).isEqualTo("enabled");
        assertThat(created.get("lastUsedDate").isNull()).isTrue();

        JsonNode listed = s.get("/admin/v1/accounts/" + account + "/keys", admin).ok(200).json().at("/content");
        assertThat(listed.findValuesAsText("keyId")).containsExactly(keyId);
        assertThat(listed.get(0).has("secret")).isFalse();
        assertThat(s.get("/admin/v1/keys/" + keyId, admin).ok(200).json().at("/content/stores/0").asText()).isEqualTo("K-1");

        assertThat(s.post("/admin/v1/keys/" + keyId + "/disable", admin, null).ok(200).json().at("/content/status")
                .asText()).isEqualTo("disabled");
        assertThat(s.post("/admin/v1/keys/" + keyId + "/enable", admin, null).ok(200).json().at("/content/status")
                .asText()).isEqualTo("enabled");
        s.send("DELETE", "/admin/v1/keys/" + keyId, admin, null, null).ok(200);
        assertThat(s.get("/admin/v1/keys/" + keyId, admin).status()).isEqualTo(404);
        assertThat(s.post("/admin/v1/keys/" + keyId + "/enable", admin, null).status()).isEqualTo(404);
        assertThat(s.get("/apip/tickets?startDate=0", created.get("header").asText()).status()).isEqualTo(401);
    }

    @Test
    void shouldRejectBadKeyRequests() throws Exception {
        String account = s.createAccount("BadKeys");
        String other = s.createAccount("Other");
        s.createStore(other, "O-1");
        String[][] cases = {
                {"{\"name\":\"k\"}", "scopes is required"},
                {"{\"name\":\"k\",\"scopes\":[]}", "scopes is required"},
                {"{\"name\":\"k\",\"scopes\":[\"tickets:delete\"]}", "scope \"tickets:delete\" is not one of"},
                {"{\"name\":\"k\",\"scopes\":[\"admin\"]}", "scope \"admin\" is not one of"},
                {"{\"name\":\"k\",\"scopes\":\"tickets:read\"}", "scopes must be an array"},
                {"{\"name\":\"k\",\"scopes\":[\"tickets:read\"],\"stores\":[\"O-1\"]}", "O-1"},
                {"{\"scopes\":[\"tickets:read\"]}", "name is required"},
        };
        for (String[] c : cases) {
            var r = s.post("/admin/v1/accounts/" + account + "/keys", admin, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorMessage()).as(c[0]).contains(c[1]);
        }
        assertThat(s.post("/admin/v1/accounts/acct_nope/keys", admin, "{\"name\":\"k\",\"scopes\":[\"tickets:read\"]}")
                .status()).isEqualTo(404);
    }

    @Test
    void shouldManageUsers() throws Exception {
        String account = s.createAccount("Users");
        JsonNode user = s.post("/admin/v1/accounts/" + account + "/users", admin,
                "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"emailAddress\":\"ada@example.com\"}").ok(201)
                .json().at("/content");
        String userId = user.get("userId").asText();
        assertThat(user.get("userGroups").isNull()).isTrue();
        assertThat(user.get("lastSignInDate").isNull()).isTrue();
        var dup = s.post("/admin/v1/accounts/" + account + "/users", admin,
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"emailAddress\":\"ADA@example.com\"}");
        assertThat(dup.status()).isEqualTo(409);
        var invalid = s.post("/admin/v1/accounts/" + account + "/users", admin,
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"emailAddress\":\"not-an-email\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorMessage()).contains("emailAddress");

        JsonNode updated = s.send("PUT", "/admin/v1/users/" + userId, admin, "application/json",
                "{\"userGroups\":[\"Administrator\",\"Custom Group 2\"]}").ok(200).json().at("/content");
        assertThat(updated.get("userGroups")).hasSize(2);
        assertThat(updated.get("firstName").asText()).isEqualTo("Ada");
        assertThat(s.get("/admin/v1/users/" + userId, admin).ok(200).json().at("/content/userGroups/0").asText())
                .isEqualTo("Administrator");
        assertThat(s.get("/admin/v1/accounts/" + account + "/users", admin).ok(200).json().at("/content")).hasSize(1);
        assertThat(s.get("/admin/v1/accounts/" + account + "/users?limit=0", admin).status()).isEqualTo(400);
        s.send("DELETE", "/admin/v1/users/" + userId, admin, null, null).ok(200);
        assertThat(s.get("/admin/v1/users/" + userId, admin).status()).isEqualTo(404);
    }

    @Test
    void shouldListTheCredentialAuditTrail() throws Exception {
        String account = s.createAccount("Audit");
        s.createStore(account, "AU-1");
        s.storeCredential("AU-1");
        JsonNode events = s.get("/admin/v1/audit?accountId=" + account + "&limit=10", admin).ok(200).json().at("/content");
        assertThat(events.findValuesAsText("event")).contains("created");
        assertThat(events.get(0).get("time").asLong()).isPositive();
        assertThat(s.get("/admin/v1/audit?limit=abc", admin).status()).isEqualTo(400);
    }

    @Test
    void shouldServeHealthWithoutCredentialsAndMetricsWithThem() throws Exception {
        JsonNode health = s.get("/health", null).ok(200).json().at("/content");
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(s.get("/metrics", null).status()).isEqualTo(401);
        String account = s.createAccount("Metrics");
        s.createStore(account, "M-1");
        String writer = s.storeCredential("M-1");
        s.post("/apip/tickets", writer, "{\"ticketId\":\"m\",\"startDate\":1}").ok(200);
        assertThat(s.get("/metrics", writer).status()).isEqualTo(200); // a store credential has monitoring:read
        String ticketsOnly = s.accessKey(account, "[\"tickets:read\"]", null);
        assertThat(s.get("/metrics", ticketsOnly).status()).isEqualTo(403);
        var metrics = s.get("/metrics", admin).ok(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("ticketd_ingest_tickets_total{status=\"created\"}",
                "ticketd_ring_remaining_capacity", "ticketd_commit_batch_size_bucket", "ticketd_journal_sync_seconds_count",
                "ticketd_index_lag_records", "ticketd_http_request_duration_seconds_bucket{route=\"tickets.ingest\"",
                "ticketd_http_responses_total{code=\"200\"}", "ticketd_ingest_rate_tickets_per_second");
    }
}
