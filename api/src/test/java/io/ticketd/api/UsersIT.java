package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /apip/users?i=N}: 100 a page, stable order, the reference's field shapes, errors, scopes, tenants. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsersIT {
    private ServerFixture s;
    private String reader;
    private String otherReader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
        String account = s.createAccount("Acme");
        String other = s.createAccount("Globex");
        for (int i = 0; i < 205; i++) {
            s.registry.createUser(account, "First" + i, "Last" + i, "user" + i + "@example.com",
                    i % 3 == 0 ? null : List.of("Administrator", "Group " + (i % 7)));
        }
        s.registry.createUser(other, "Other", "Person", "other@example.com", null);
        reader = s.accessKey(account, "[\"users:read\"]", null);
        otherReader = s.accessKey(other, "[\"users:read\"]", null);
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    private JsonNode page(String query, String credential) throws Exception {
        return s.get("/apip/users" + query, credential).ok(200).json().get("content");
    }

    @Test
    void shouldPage205UsersAs100And100And5ThenEmpty() throws Exception {
        assertThat(page("?i=0", reader)).hasSize(100);
        assertThat(page("?i=1", reader)).hasSize(100);
        assertThat(page("?i=2", reader)).hasSize(5);
        assertThat(page("?i=3", reader)).isEmpty();
        assertThat(page("?i=99999", reader)).isEmpty();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            page("?i=" + i, reader).forEach(u -> emails.add(u.get("emailAddress").asText()));
        }
        assertThat(emails).hasSize(205).doesNotHaveDuplicates();
        assertThat(emails.get(0)).isEqualTo("user0@example.com");
        assertThat(emails.get(204)).isEqualTo("user204@example.com");
    }

    @Test
    void shouldDefaultToTheFirstPageInAStableOrder() throws Exception {
        assertThat(page("", reader)).isEqualTo(page("?i=0", reader));
        assertThat(page("?i=1", reader)).isEqualTo(page("?i=1", reader));
    }

    @Test
    void shouldShowTheReferenceFieldsWithNullGroupsAndNullSignIn() throws Exception {
        JsonNode first = page("?i=0", reader).get(0);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        assertThat(fields).containsExactly("firstName", "lastName", "emailAddress", "userGroups", "createdDate",
                "lastSignInDate");
        assertThat(first.get("userGroups").isNull()).isTrue(); // user0 has no groups
        assertThat(first.get("lastSignInDate").isNull()).isTrue();
        assertThat(first.get("createdDate").asLong()).isGreaterThan(1_700_000_000_000_000L); // microseconds
        JsonNode second = page("?i=0", reader).get(1);
        assertThat(second.get("userGroups")).hasSize(2);
        assertThat(second.at("/userGroups/0").asText()).isEqualTo("Administrator");
    }

    @Test
    void shouldRejectANegativeOrNonNumericPage() throws Exception {
        for (String bad : new String[]{"-1", "abc", "1.5", ""}) {
            var r = s.get("/apip/users?i=" + bad, reader);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorMessage()).as(bad).startsWith("i must be");
        }
        assertThat(s.get("/apip/users?page=1", reader).status()).isEqualTo(400);
    }

    @Test
    void shouldNeedUsersReadAndKeepAccountsApart() throws Exception {
        String ticketsOnly = s.accessKey(s.registry.accounts().get(0).accountId(), "[\"tickets:read\"]", null);
        assertThat(s.get("/apip/users", ticketsOnly).status()).isEqualTo(403);
        JsonNode other = page("", otherReader);
        assertThat(other).hasSize(1);
        assertThat(other.get(0).get("emailAddress").asText()).isEqualTo("other@example.com");
        assertThat(s.get("/apip/users", s.adminHeader).status()).isEqualTo(400);
        assertThat(s.get("/apip/users", null).status()).isEqualTo(401);
    }
}
