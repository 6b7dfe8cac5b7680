package io.ticketd.engine.registry;

import io.ticketd.engine.TestClock;
import io.ticketd.engine.registry.Authentication.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ticketd.engine.registry.RegistryException.Reason.INVALID;
import static io.ticketd.engine.registry.RegistryException.Reason.NOT_FOUND;
import static io.ticketd.engine.registry.RegistryFixture.READ;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static io.ticketd.engine.registry.RegistryFixture.assertRefused;
import static io.ticketd.engine.registry.RegistryFixture.typo;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryCredentialsTest {
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
        registry.createStore(acme, "S1", "Main Street");
        registry.createStore(acme, "S2", "High Street");
        registry.createStore(other, "X1", "Other's store");
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
    }

    @Test
    void shouldAuthenticateAStoreCredentialForItsOwnStoreOnly() throws Exception {
        IssuedCredential issued = registry.generateStoreCredential("S1");
        assertThat(issued.kind()).isEqualTo(CredentialKind.STORE);
        assertThat(issued.accountId()).isEqualTo(acme);
        assertThat(issued.storeId()).isEqualTo("S1");

        Authentication auth = registry.authenticate(issued.keyId(), issued.secret());
        assertThat(auth.succeeded()).isTrue();
        Principal p = auth.principal();
        assertThat(p).isEqualTo(new Principal(issued.keyId(), CredentialKind.STORE, acme, "S1",
                EnumSet.of(Scope.TICKETS_READ, Scope.TICKETS_WRITE, Scope.MONITORING_READ, Scope.MONITORING_WRITE),
                List.of("S1")));
        assertThat(p.mayUseStore("S1")).isTrue();
        assertThat(p.mayUseStore("S2")).isFalse();
        assertThat(p.has(Scope.USERS_READ)).isFalse();
        assertThat(p.isAdmin()).isFalse();
    }

    @Test
    void shouldAnswerEverySuccessWithTheSamePrebuiltAuthentication() throws Exception {
        IssuedCredential issued = registry.generateStoreCredential("S1");
        Authentication first = registry.authenticate(issued.keyId(), issued.secret());
        Authentication second = registry.authenticate(issued.keyId(), issued.secret());
        assertThat(second).isSameAs(first);
        Authentication wrong = registry.authenticate(issued.keyId(), CredentialFormat.newSecret());
        assertThat(registry.authenticate(issued.keyId(), CredentialFormat.newSecret())).isSameAs(wrong);
    }

    @Test
    void shouldReplaceTheOldStoreCredentialWhenANewOneIsGenerated() throws Exception {
        IssuedCredential old = registry.generateStoreCredential("S1");
        clock.advance(1_000);
        IssuedCredential replacement = registry.generateStoreCredential("S1");

        assertThat(replacement.keyId()).isNotEqualTo(old.keyId());
        assertThat(replacement.secret()).isNotEqualTo(old.secret());
        assertThat(registry.authenticate(old.keyId(), old.secret()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(registry.authenticate(replacement.keyId(), replacement.secret()).succeeded()).isTrue();
        assertThat(registry.storeCredential("S1")).isEqualTo(new StoreCredentialStatus("S1", "Key Active",
                replacement.keyId(), START + 1_000));
        Store s1 = registry.store("S1").orElseThrow();
        assertThat(s1.credentialStatus()).isEqualTo("Key Active");
        assertThat(s1.credentialKeyId()).isEqualTo(replacement.keyId());
    }

    @Test
    void shouldLeaveTheStoreKeyInactiveWhenItsCredentialIsRevoked() throws Exception {
        IssuedCredential issued = registry.generateStoreCredential("S1");
        StoreCredentialStatus status = registry.revokeStoreCredential("S1");

        assertThat(status).isEqualTo(new StoreCredentialStatus("S1", "Key Inactive", null, null));
        assertThat(registry.storeCredential("S1")).isEqualTo(status);
        assertThat(registry.store("S1").orElseThrow().credentialStatus()).isEqualTo("Key Inactive");
        assertThat(registry.store("S1").orElseThrow().credentialKeyId()).isNull();
        assertThat(registry.authenticate(issued.keyId(), issued.secret()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(registry.revokeStoreCredential("S1")).isEqualTo(status);
    }

    @Test
    void shouldRevokeAndRegenerateAStoreCredentialAnyNumberOfTimes() throws Exception {
        List<IssuedCredential> issued = new ArrayList<>();
        for (int round = 0; round < 24; round++) {
            IssuedCredential c = registry.generateStoreCredential("S1");
            issued.add(c);
            assertThat(registry.authenticate(c.keyId(), c.secret()).succeeded()).isTrue();
            if (round % 2 == 0) {
                registry.revokeStoreCredential("S1");
                assertThat(registry.authenticate(c.keyId(), c.secret()).failure()).isEqualTo(Failure.REVOKED);
            }
        }
        IssuedCredential last = issued.get(issued.size() - 1);
        assertThat(registry.storeCredential("S1").keyId()).isEqualTo(last.keyId());
        for (IssuedCredential c : issued.subList(0, issued.size() - 1)) {
            assertThat(registry.authenticate(c.keyId(), c.secret()).failure()).as(c.keyId()).isEqualTo(Failure.REVOKED);
        }
        assertThat(registry.authenticate(last.keyId(), last.secret()).succeeded()).isTrue();
        assertThat(new HashSet<>(issued.stream().map(IssuedCredential::keyId).toList())).hasSize(24);
    }

    @Test
    void shouldRefuseACredentialForAStoreThatDoesNotExist() {
        assertRefused(() -> registry.generateStoreCredential("S9"), NOT_FOUND, "storeId", "store S9 does not exist");
        assertRefused(() -> registry.storeCredential("S9"), NOT_FOUND, "storeId", "store S9 does not exist");
        assertRefused(() -> registry.revokeStoreCredential(null), NOT_FOUND, "storeId", "does not exist");
    }

    @Test
    void shouldTellAMistypedSecretFromAWrongOne() throws Exception {
        IssuedCredential issued = registry.generateStoreCredential("S1");
        assertThat(registry.authenticate(issued.keyId(), typo(issued.secret())).failure()).isEqualTo(Failure.MALFORMED);
        assertThat(registry.authenticate(issued.keyId(), CredentialFormat.newSecret()).failure())
                .isEqualTo(Failure.WRONG_SECRET);
        assertThat(registry.authenticate(CredentialFormat.newKeyId(), issued.secret()).failure())
                .isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(registry.authenticate(CredentialFormat.newKeyId(), typo(issued.secret())).failure())
                .isEqualTo(Failure.MALFORMED);
        assertThat(registry.authenticate("ak_short", issued.secret()).failure()).isEqualTo(Failure.MALFORMED);
        assertThat(registry.authenticate(null, null).failure()).isEqualTo(Failure.MALFORMED);
        assertThat(registry.authenticate(issued.keyId(), issued.secret()).succeeded()).isTrue();
    }

    @Test
    void shouldAuthenticateAnAccessKeyWithItsScopesAndStores() throws Exception {
        Set<Scope> scopes = Set.of(Scope.TICKETS_READ, Scope.USERS_READ);
        IssuedCredential limited = registry.createAccessKey(acme, " Reports ", scopes, List.of("S2"));
        IssuedCredential unlimited = registry.createAccessKey(acme, "Everything", READ, null);

        Principal p = registry.authenticate(limited.keyId(), limited.secret()).principal();
        assertThat(p).isEqualTo(new Principal(limited.keyId(), CredentialKind.ACCESS, acme, null, scopes,
                List.of("S2")));
        assertThat(p.mayUseStore("S1")).isFalse();
        assertThat(p.has(Scope.TICKETS_WRITE)).isFalse();
        Principal all = registry.authenticate(unlimited.keyId(), unlimited.secret()).principal();
        assertThat(all.stores()).isNull();
        assertThat(all.mayUseStore("S1")).isTrue();

        AccessKey key = registry.accessKey(limited.keyId()).orElseThrow();
        assertThat(key).isEqualTo(new AccessKey(limited.keyId(), acme, "Reports", scopes, List.of("S2"), true, START,
                START));
    }

    @Test
    void shouldRejectAnAccessKeyForAStoreOfAnotherAccount() throws Exception {
        assertRefused(() -> registry.createAccessKey(acme, "Sneaky", READ, List.of("S1", "X1")), INVALID, "stores",
                "store X1 is not a store of account " + acme);
        assertRefused(() -> registry.createAccessKey(acme, "Ghost", READ, List.of("S404")), INVALID, "stores",
                "store S404 is not a store of account " + acme);
        assertThat(registry.accessKeys(acme)).isEmpty();
    }

    @Test
    void shouldRejectAnAccessKeyWithoutValidScopesOrStores() {
        assertRefused(() -> registry.createAccessKey("acct_missing", "k", READ, null), NOT_FOUND, "accountId",
                "account acct_missing does not exist");
        assertRefused(() -> registry.createAccessKey(acme, "k", Set.of(), null), INVALID, "scopes",
                "scopes must name at least one of tickets:read, tickets:write, users:read, monitoring:read,"
                        + " monitoring:write");
        assertRefused(() -> registry.createAccessKey(acme, "k", null, null), INVALID, "scopes", "at least one");
        assertRefused(() -> registry.createAccessKey(acme, "k", EnumSet.of(Scope.TICKETS_READ, Scope.ADMIN), null),
                INVALID, "scopes", "scope \"admin\" is only for the admin credential");
        assertRefused(() -> registry.createAccessKey(acme, "k", READ, List.of("S1", "S2", "S1")), INVALID, "stores",
                "store S1 is listed more than once");
        assertRefused(() -> registry.createAccessKey(acme, "k", READ, List.of()), INVALID, "stores",
                "stores must list at least one store");
        assertRefused(() -> registry.createAccessKey(acme, "k", READ, List.of("bad id")), INVALID, "stores[0]",
                "stores[0] must be 1 to 64 characters");
        assertRefused(() -> registry.createAccessKey(acme, " ", READ, null), INVALID, "name", "must not be blank");
    }

    @Test
    void shouldFailAuthenticationWhileAKeyIsDisabledAndSucceedOnceEnabled() throws Exception {
        IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);

        AccessKey disabled = registry.disableKey(key.keyId());
        assertThat(disabled.enabled()).isFalse();
        assertThat(registry.authenticate(key.keyId(), key.secret()).failure()).isEqualTo(Failure.DISABLED);
        assertThat(registry.authenticate(key.keyId(), CredentialFormat.newSecret()).failure())
                .isEqualTo(Failure.WRONG_SECRET);
        assertThat(registry.disableKey(key.keyId()).enabled()).isFalse();

        AccessKey enabled = registry.enableKey(key.keyId());
        assertThat(enabled.enabled()).isTrue();
        assertThat(registry.authenticate(key.keyId(), key.secret()).succeeded()).isTrue();
        assertThat(registry.accessKey(key.keyId()).orElseThrow().enabled()).isTrue();
    }

    @Test
    void shouldFailAuthenticationAsRevokedOnceAKeyIsDeleted() throws Exception {
        IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);
        IssuedCredential kept = registry.createAccessKey(acme, "Kept", READ, null);
        registry.deleteKey(key.keyId());

        assertThat(registry.authenticate(key.keyId(), key.secret()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(registry.accessKey(key.keyId())).isEmpty();
        assertThat(registry.accessKeys(acme)).extracting(AccessKey::keyId).containsExactly(kept.keyId());
        assertRefused(() -> registry.enableKey(key.keyId()), NOT_FOUND, "keyId", "access key " + key.keyId()
                + " was deleted");
        assertRefused(() -> registry.deleteKey(key.keyId()), NOT_FOUND, "keyId", "was deleted");
        assertThat(registry.authenticate(kept.keyId(), kept.secret()).succeeded()).isTrue();
    }

    @Test
    void shouldManageOnlyAccessKeysAsAccessKeys() throws Exception {
        IssuedCredential store = registry.generateStoreCredential("S1");
        IssuedCredential admin = registry.createAdminCredential("bootstrap");
        assertRefused(() -> registry.disableKey(store.keyId()), NOT_FOUND, "keyId", "credential of store S1");
        assertRefused(() -> registry.deleteKey(admin.keyId()), NOT_FOUND, "keyId", "admin credential");
        String unknown = CredentialFormat.newKeyId();
        assertRefused(() -> registry.enableKey(unknown), NOT_FOUND, "keyId", "access key " + unknown
                + " does not exist");
        assertRefused(() -> registry.disableKey(null), NOT_FOUND, "keyId", "does not exist");
        assertThat(registry.accessKey(store.keyId())).isEmpty();
        assertThat(registry.authenticate(store.keyId(), store.secret()).succeeded()).isTrue();
        assertThat(registry.authenticate(admin.keyId(), admin.secret()).succeeded()).isTrue();
    }

    @Test
    void shouldListAnAccountsAccessKeysOldestFirstAndNoOtherAccounts() throws Exception {
        IssuedCredential second = registry.createAccessKey(acme, "second", READ, null);
        clock.set(START - 100);
        IssuedCredential first = registry.createAccessKey(acme, "first", READ, List.of("S1"));
        registry.createAccessKey(other, "not acme's", READ, null);
        registry.generateStoreCredential("S1");

        assertThat(registry.accessKeys(acme)).extracting(AccessKey::keyId).containsExactly(first.keyId(),
                second.keyId());
        assertThat(registry.accessKeys(other)).extracting(AccessKey::name).containsExactly("not acme's");
        assertRefused(() -> registry.accessKeys("acct_missing"), NOT_FOUND, "accountId", "does not exist");
    }

    @Test
    void shouldCreateAnAdminCredentialThatManagesEverything() throws Exception {
        assertThat(registry.hasAdminCredential()).isFalse();
        IssuedCredential admin = registry.createAdminCredential("bootstrap");
        assertThat(registry.hasAdminCredential()).isTrue();
        assertThat(admin.kind()).isEqualTo(CredentialKind.ADMIN);
        assertThat(admin.accountId()).isNull();

        Principal p = registry.authenticate(admin.keyId(), admin.secret()).principal();
        assertThat(p).isEqualTo(new Principal(admin.keyId(), CredentialKind.ADMIN, null, null, Set.of(Scope.ADMIN),
                null));
        assertThat(p.isAdmin()).isTrue();
        assertThat(p.has(Scope.TICKETS_WRITE)).isTrue();
    }

    @Test
    void shouldKeepTheSecretOutOfTheIssuedCredentialsString() throws Exception {
        IssuedCredential issued = registry.createAccessKey(acme, "Feed", READ, null);
        assertThat(issued.toString()).contains(issued.keyId()).doesNotContain(issued.secret())
                .doesNotContain(issued.secret().substring(3, 20));
        assertThat(issued.headerValue()).isEqualTo("X-API-Key AKI=" + issued.keyId() + ";AKS=" + issued.secret());
    }
}
