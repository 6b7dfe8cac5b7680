package io.ticketd.engine.registry;

import io.ticketd.engine.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.ticketd.engine.registry.RegistryException.Reason.CONFLICT;
import static io.ticketd.engine.registry.RegistryException.Reason.INVALID;
import static io.ticketd.engine.registry.RegistryException.Reason.NOT_FOUND;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static io.ticketd.engine.registry.RegistryFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryUsersTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);
    private Registry registry;
    private String acme;
    private String other;

    @BeforeEach
    void open() throws Exception {
        registry = Registry.open(dir, clock);
        acme = registry.createAccount("Acme").accountId();
        other = registry.createAccount("Other").accountId();
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
    }

    @Test
    void shouldCreateAUserWithTrimmedFieldsAndNoSignInYet() throws Exception {
        User user = registry.createUser(acme, " Ada ", "Lovelace ", " ada@example.com ", List.of());
        assertThat(user.userId()).matches("usr_[a-z2-7]{12}");
        assertThat(user).isEqualTo(new User(user.userId(), acme, "Ada", "Lovelace", "ada@example.com", null, START,
                null));
        assertThat(registry.user(user.userId())).contains(user);
        assertThat(registry.user("usr_missing")).isEmpty();
        assertThat(registry.user(null)).isEmpty();
        assertThat(registry.userCount(acme)).isEqualTo(1);
        assertThat(registry.userCount(other)).isZero();
    }

    @Test
    void shouldDeduplicateUserGroups() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@example.com",
                List.of("Administrator", "Custom Group 2", "Administrator"));
        assertThat(user.userGroups()).containsExactly("Administrator", "Custom Group 2");
    }

    @Test
    void shouldKeepEmailAddressesUniquePerAccountIgnoringCase() throws Exception {
        User ada = registry.createUser(acme, "Ada", "Lovelace", "Ada@Example.com", null);
        assertRefused(() -> registry.createUser(acme, "Other", "Ada", "ada@EXAMPLE.COM", null), CONFLICT,
                "emailAddress", "a user of account " + acme + " already has the email address ada@EXAMPLE.COM");
        assertThat(registry.createUser(other, "Same", "Address", "ada@example.com", null).accountId()).isEqualTo(other);

        User alan = registry.createUser(acme, "Alan", "Turing", "alan@example.com", null);
        assertRefused(() -> registry.updateUser(alan.userId(), null, null, "ADA@example.COM", null), CONFLICT,
                "emailAddress", "already has the email address");
        assertThat(registry.updateUser(ada.userId(), null, null, "ada@example.com", null).emailAddress())
                .isEqualTo("ada@example.com");

        registry.deleteUser(ada.userId());
        assertThat(registry.updateUser(alan.userId(), null, null, "ADA@example.com", null).emailAddress())
                .isEqualTo("ADA@example.com");
        assertRefused(() -> registry.createUser(acme, "New", "Ada", "ada@example.com", null), CONFLICT,
                "emailAddress", "(" + alan.userId() + ")");
        assertThat(registry.createUser(acme, "New", "Alan", "alan@example.com", null).emailAddress())
                .as("the address Alan gave up is free again").isEqualTo("alan@example.com");
    }

    @Test
    void shouldPageUsersByCreatedDateThenUserId() throws Exception {
        List<User> created = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            // Runs of users share a created date, and the clock steps back now and then.
            clock.set(START + (i / 7) * 1_000L - (i % 13 == 0 ? 50_000L : 0));
            created.add(registry.createUser(acme, "First" + i, "Last" + i, "user" + i + "@example.com", null));
        }
        registry.createUser(other, "Not", "Acme", "not@example.com", null);

        List<User> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            List<User> users = registry.users(acme, page * 100, 100);
            assertThat(users).hasSize(page < 2 ? 100 : 50);
            paged.addAll(users);
        }
        created.sort(Comparator.comparingLong(User::createdDate).thenComparing(User::userId));
        assertThat(paged).containsExactlyElementsOf(created);
        assertThat(registry.users(acme, 300, 100)).isEmpty();
        assertThat(registry.users(acme, 249, Integer.MAX_VALUE)).containsExactly(created.get(249));
        assertThat(registry.userCount(acme)).isEqualTo(250);
        assertRefused(() -> registry.users(acme, -1, 100), INVALID, "offset", "offset must not be negative");
        assertRefused(() -> registry.users(acme, 0, -1), INVALID, "limit", "limit must not be negative");
    }

    @Test
    void shouldKeepThePageOrderWhenUsersChange() throws Exception {
        User first = registry.createUser(acme, "A", "A", "a@example.com", null);
        clock.advance(1);
        User second = registry.createUser(acme, "B", "B", "b@example.com", null);
        clock.advance(1);
        User third = registry.createUser(acme, "C", "C", "c@example.com", null);

        User renamed = registry.updateUser(first.userId(), "Zed", null, null, null);
        User signedIn = registry.recordSignIn(second.userId());
        assertThat(registry.users(acme, 0, 10)).containsExactly(renamed, signedIn, third);
        registry.deleteUser(second.userId());
        assertThat(registry.users(acme, 0, 10)).containsExactly(renamed, third);
        assertThat(registry.userCount(acme)).isEqualTo(2);
    }

    @Test
    void shouldKeepFieldsGivenAsNullOnUpdate() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@example.com", List.of("Admins"));
        User renamed = registry.updateUser(user.userId(), null, "King", null, null);
        assertThat(renamed).isEqualTo(new User(user.userId(), acme, "Ada", "King", "ada@example.com",
                List.of("Admins"), START, null));
        User ungrouped = registry.updateUser(user.userId(), null, null, null, List.of());
        assertThat(ungrouped.userGroups()).isNull();
        assertThat(registry.user(user.userId())).contains(ungrouped);
    }

    @Test
    void shouldRecordTheLastSignIn() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@example.com", null);
        long at = clock.advance(60_000_000);
        User signedIn = registry.recordSignIn(user.userId());
        assertThat(signedIn.lastSignInDate()).isEqualTo(at);
        assertThat(signedIn.createdDate()).isEqualTo(START);
        assertThat(registry.user(user.userId()).orElseThrow().lastSignInDate()).isEqualTo(at);
    }

    @Test
    void shouldRejectInvalidUserFields() {
        assertRefused(() -> registry.createUser(acme, " ", "L", "a@example.com", null), INVALID, "firstName",
                "firstName must not be blank");
        assertRefused(() -> registry.createUser(acme, "F", "x".repeat(101), "a@example.com", null), INVALID,
                "lastName", "lastName is 101 characters; at most 100 are allowed");
        assertRefused(() -> registry.createUser(acme, "F", "L", "not-an-address", null), INVALID, "emailAddress",
                "exactly one '@'");
        assertRefused(() -> registry.createUser(acme, "F", "L", "a@example.com", List.of("ok", " ")), INVALID,
                "userGroups[1]", "userGroups[1] must not be blank");
        assertRefused(() -> registry.createUser("acct_missing", "F", "L", "a@example.com", null), NOT_FOUND,
                "accountId", "account acct_missing does not exist");
    }

    @Test
    void shouldRefuseChangesToAUserThatDoesNotExist() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@example.com", null);
        registry.deleteUser(user.userId());
        assertRefused(() -> registry.deleteUser(user.userId()), NOT_FOUND, "userId",
                "user " + user.userId() + " does not exist");
        assertRefused(() -> registry.updateUser(user.userId(), "A", null, null, null), NOT_FOUND, "userId",
                "does not exist");
        assertRefused(() -> registry.recordSignIn(null), NOT_FOUND, "userId", "does not exist");
        assertThat(registry.user(user.userId())).isEmpty();
    }

    @Test
    void shouldKeepUsersAcrossReopen() throws Exception {
        User ada = registry.createUser(acme, "Ada", "Lovelace", "ada@example.com", List.of("Admins"));
        clock.advance(1);
        User alan = registry.recordSignIn(registry.createUser(acme, "Alan", "Turing", "alan@example.com", null)
                .userId());
        registry.close();
        registry = Registry.open(dir, clock);
        assertThat(registry.users(acme, 0, 100)).containsExactly(ada, alan);
        assertRefused(() -> registry.createUser(acme, "Copy", "Cat", "ALAN@example.com", null), CONFLICT,
                "emailAddress", "already has the email address ALAN@example.com (" + alan.userId() + ")");
    }
}
