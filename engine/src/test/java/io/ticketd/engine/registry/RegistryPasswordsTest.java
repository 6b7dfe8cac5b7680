package io.ticketd.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.engine.TestClock;
import io.ticketd.engine.registry.RegistryDescriptor.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.ticketd.engine.registry.RegistryException.Reason.INVALID;
import static io.ticketd.engine.registry.RegistryException.Reason.NOT_FOUND;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static io.ticketd.engine.registry.RegistryFixture.assertRefused;
import static io.ticketd.engine.registry.RegistryFixture.recordOnDisk;
import static org.assertj.core.api.Assertions.assertThat;

/** Console passwords: stored only as PBKDF2 hashes, kept across restarts, and the outcomes of a sign-in. */
class RegistryPasswordsTest {
    private static final String PASSWORD = "correct horse battery";
    private static final List<String> ADMINISTRATORS = List.of(User.ADMINISTRATOR_GROUP);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);
    private Registry registry;
    private String acme;
    private String globex;

    @BeforeEach
    void open() throws Exception {
        registry = Registry.open(dir, clock);
        acme = registry.createAccount("Acme").accountId();
        globex = registry.createAccount("Globex").accountId();
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
    }

    @Test
    void passwordIsStoredAsASaltedPbkdf2HashApartFromTheUser() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@acme.example", ADMINISTRATORS, PASSWORD);
        JsonNode stored = recordOnDisk(dir, Family.PASSWORDS, user.userId());
        assertThat(stored.get("algorithm").asText()).isEqualTo("PBKDF2WithHmacSHA256");
        assertThat(stored.get("iterations").asInt()).isGreaterThanOrEqualTo(600_000);
        assertThat(stored.get("salt").asText()).isNotEmpty();
        assertThat(stored.toString()).doesNotContain(PASSWORD);
        assertThat(recordOnDisk(dir, Family.USERS, user.userId()).toString()).doesNotContain("hash", "salt");

        User other = registry.createUser(acme, "Bob", "B", "bob@acme.example", null, PASSWORD);
        JsonNode otherStored = recordOnDisk(dir, Family.PASSWORDS, other.userId());
        assertThat(otherStored.get("hash").asText()).isNotEqualTo(stored.get("hash").asText());
    }

    @Test
    void administratorSignsInWithAnyCaseOfItsAddressAndLastSignInDateIsSet() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "Ada@Acme.example", ADMINISTRATORS, PASSWORD);
        SignIn result = registry.signIn(null, "ada@ACME.example", PASSWORD);
        assertThat(result.outcome()).isEqualTo(SignIn.Outcome.SIGNED_IN);
        assertThat(result.user().userId()).isEqualTo(user.userId());
        assertThat(result.user().lastSignInDate()).isNotNull();
        assertThat(registry.user(user.userId()).orElseThrow().lastSignInDate()).isEqualTo(result.user().lastSignInDate());
        assertThat(registry.auditEvents(acme, 1).get(0).event()).isEqualTo(AuditEvent.SIGNED_IN);
    }

    @Test
    void wrongPasswordUnknownAddressAndNoPasswordAreAllWrongPassword() throws Exception {
        registry.createUser(acme, "Ada", "Lovelace", "ada@acme.example", ADMINISTRATORS, PASSWORD);
        registry.createUser(acme, "Nopass", "User", "nopass@acme.example", ADMINISTRATORS);
        assertThat(registry.signIn(null, "ada@acme.example", "wrong password").outcome())
                .isEqualTo(SignIn.Outcome.WRONG_PASSWORD);
        assertThat(registry.signIn(null, "nobody@acme.example", PASSWORD).outcome())
                .isEqualTo(SignIn.Outcome.WRONG_PASSWORD);
        assertThat(registry.signIn(null, "nopass@acme.example", PASSWORD).outcome())
                .isEqualTo(SignIn.Outcome.WRONG_PASSWORD);
        assertThat(registry.auditEvents(null, 1).get(0).event()).isEqualTo(AuditEvent.SIGN_IN_FAILED);
    }

    @Test
    void rightPasswordOutsideTheAdministratorGroupIsNotAdministrator() throws Exception {
        registry.createUser(acme, "Clerk", "C", "clerk@acme.example", List.of("Clerks", "administrator"), PASSWORD);
        SignIn result = registry.signIn(null, "clerk@acme.example", PASSWORD);
        assertThat(result.outcome()).isEqualTo(SignIn.Outcome.NOT_ADMINISTRATOR);
        assertThat(result.user()).isNull();
    }

    @Test
    void administratorOfSeveralAccountsMustNameOne() throws Exception {
        registry.createUser(acme, "Multi", "M", "multi@example.com", ADMINISTRATORS, PASSWORD);
        registry.createUser(globex, "Multi", "M", "multi@example.com", ADMINISTRATORS, PASSWORD);
        SignIn ambiguous = registry.signIn(null, "multi@example.com", PASSWORD);
        assertThat(ambiguous.outcome()).isEqualTo(SignIn.Outcome.ACCOUNT_REQUIRED);
        assertThat(ambiguous.accountIds()).containsExactlyInAnyOrder(acme, globex);
        SignIn chosen = registry.signIn(globex, "multi@example.com", PASSWORD);
        assertThat(chosen.outcome()).isEqualTo(SignIn.Outcome.SIGNED_IN);
        assertThat(chosen.user().accountId()).isEqualTo(globex);
    }

    @Test
    void passwordsSurviveARestartAndDeletingTheUserRemovesIt() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@acme.example", ADMINISTRATORS, PASSWORD);
        registry.close();
        registry = Registry.open(dir, clock);
        assertThat(registry.hasPassword(user.userId())).isTrue();
        assertThat(registry.signIn(null, "ada@acme.example", PASSWORD).outcome()).isEqualTo(SignIn.Outcome.SIGNED_IN);
        registry.deleteUser(user.userId());
        assertThat(registry.hasPassword(user.userId())).isFalse();
        registry.close();
        assertThat(recordOnDisk(dir, Family.PASSWORDS, user.userId())).isNull();
        registry = Registry.open(dir, clock);
    }

    @Test
    void setPasswordReplacesAndNullRemovesIt() throws Exception {
        User user = registry.createUser(acme, "Ada", "Lovelace", "ada@acme.example", ADMINISTRATORS);
        assertThat(registry.hasPassword(user.userId())).isFalse();
        registry.setPassword(user.userId(), PASSWORD);
        long firstSet = registry.passwordChangedDate(user.userId()).orElseThrow();
        String firstStamp = registry.passwordStamp(user.userId()).orElseThrow();
        clock.advance(1_000_000);
        registry.setPassword(user.userId(), "a different password");
        assertThat(registry.passwordChangedDate(user.userId()).orElseThrow()).isGreaterThan(firstSet);
        assertThat(registry.passwordStamp(user.userId()).orElseThrow()).isNotEqualTo(firstStamp);
        assertThat(registry.signIn(null, "ada@acme.example", PASSWORD).outcome())
                .isEqualTo(SignIn.Outcome.WRONG_PASSWORD);
        assertThat(registry.signIn(null, "ada@acme.example", "a different password").outcome())
                .isEqualTo(SignIn.Outcome.SIGNED_IN);
        registry.setPassword(user.userId(), null);
        assertThat(registry.hasPassword(user.userId())).isFalse();
    }

    @Test
    void passwordsOfTheWrongLengthAndUnknownUsersAreRefused() throws Exception {
        assertRefused(() -> registry.createUser(acme, "A", "B", "a@acme.example", null, "short"), INVALID, "password",
                "10 to 256 characters, got 5");
        assertRefused(() -> registry.setPassword("usr_missing", PASSWORD), NOT_FOUND, "userId", "does not exist");
        assertRefused(() -> Registry.validatePassword("x".repeat(257)), INVALID, "password", "got 257");
        assertThat(registry.users(acme, 0, 10)).isEmpty();
    }
}
