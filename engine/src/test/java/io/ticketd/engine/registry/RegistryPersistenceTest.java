package io.ticketd.engine.registry;

import io.ticketd.engine.TestClock;
import io.ticketd.engine.registry.Authentication.Failure;
import io.ticketd.engine.registry.RegistryDescriptor.Family;
import io.ticketd.engine.registry.RegistryStore.Batch;
import io.ticketd.engine.registry.RegistryStore.Sync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.ticketd.engine.registry.RegistryFixture.READ;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryPersistenceTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);

    @Test
    void shouldKeepEverythingAcrossReopen() throws Exception {
        List<Account> accounts;
        List<Store> stores;
        List<AccessKey> keys;
        List<User> users;
        List<AuditEvent> audit;
        IssuedCredential active;
        IssuedCredential revoked;
        IssuedCredential disabled;
        IssuedCredential deleted;
        IssuedCredential admin;
        String acme;
        try (Registry registry = Registry.open(dir, clock)) {
            acme = registry.createAccount("Acme").accountId();
            registry.createAccount("Other");
            registry.createStore(acme, "S1", "Main Street");
            registry.createStore(acme, "S2", "High Street");
            registry.createStore(acme, "S3", "Never had a key");
            revoked = registry.generateStoreCredential("S1");
            clock.advance(1);
            active = registry.generateStoreCredential("S1");
            registry.revokeStoreCredential(registry.generateStoreCredential("S2").storeId());
            disabled = registry.createAccessKey(acme, "Disabled", Set.of(Scope.USERS_READ, Scope.TICKETS_READ),
                    List.of("S2", "S1"));
            registry.disableKey(disabled.keyId());
            deleted = registry.createAccessKey(acme, "Deleted", READ, null);
            registry.deleteKey(deleted.keyId());
            admin = registry.createAdminCredential("bootstrap");
            registry.createUser(acme, "Ada", "Lovelace", "ada@example.com", List.of("Admins"));
            registry.recordSignIn(registry.createUser(acme, "Alan", "Turing", "alan@example.com", null).userId());
            registry.authenticate(active.keyId(), active.secret());
            registry.authenticate(CredentialFormat.newKeyId(), CredentialFormat.newSecret());

            accounts = registry.accounts();
            stores = registry.stores(acme);
            keys = registry.accessKeys(acme);
            users = registry.users(acme, 0, 100);
            audit = registry.auditEvents(null, 1_000);
        }
        try (Registry registry = Registry.open(dir, clock)) {
            assertThat(registry.accounts()).isEqualTo(accounts);
            assertThat(registry.stores(acme)).isEqualTo(stores);
            assertThat(registry.stores(acme)).extracting(Store::credentialStatus)
                    .containsExactly("Key Active", "Key Inactive", "Key Inactive");
            assertThat(registry.accessKeys(acme)).isEqualTo(keys);
            assertThat(registry.users(acme, 0, 100)).isEqualTo(users);
            assertThat(registry.auditEvents(null, 1_000)).isEqualTo(audit);
            assertThat(registry.hasAdminCredential()).isTrue();

            assertThat(registry.authenticate(active.keyId(), active.secret()).principal().storeId()).isEqualTo("S1");
            assertThat(registry.authenticate(admin.keyId(), admin.secret()).principal().isAdmin()).isTrue();
            assertThat(registry.authenticate(revoked.keyId(), revoked.secret()).failure()).isEqualTo(Failure.REVOKED);
            assertThat(registry.authenticate(disabled.keyId(), disabled.secret()).failure())
                    .isEqualTo(Failure.DISABLED);
            assertThat(registry.authenticate(deleted.keyId(), deleted.secret()).failure()).isEqualTo(Failure.REVOKED);
            assertThat(registry.enableKey(disabled.keyId()).stores()).containsExactly("S2", "S1");
            assertThat(registry.authenticate(disabled.keyId(), disabled.secret()).principal().scopes())
                    .containsExactlyInAnyOrder(Scope.USERS_READ, Scope.TICKETS_READ);
        }
    }

    @Test
    void shouldNeverStoreASecretInClear() throws Exception {
        List<IssuedCredential> issued = new ArrayList<>();
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            registry.createStore(acme, "S1", "Main Street");
            issued.add(registry.createAdminCredential("bootstrap"));
            issued.add(registry.generateStoreCredential("S1"));
            issued.add(registry.generateStoreCredential("S1"));
            issued.add(registry.createAccessKey(acme, "Feed", READ, null));
            for (int i = 0; i < issued.size(); i++) {
                IssuedCredential c = issued.get(i);
                IssuedCredential next = issued.get((i + 1) % issued.size());
                registry.authenticate(c.keyId(), c.secret());
                registry.authenticate(c.keyId(), next.secret());
                registry.authenticate(CredentialFormat.newKeyId(), c.secret());
                registry.authenticate(c.keyId(), RegistryFixture.typo(c.secret()));
            }
            registry.flushLastUsed();
        }
        byte[] everything = allBytesUnder(dir);
        for (IssuedCredential c : issued) {
            // What was written is findable, so a secret would have been too.
            assertThat(contains(everything, c.keyId())).as("key id %s on disk", c.keyId()).isTrue();
            assertThat(contains(everything, CredentialFormat.hashHex(c.secret()))).isTrue();
            assertThat(contains(everything, c.secret())).as("secret of %s on disk", c.keyId()).isFalse();
            assertThat(contains(everything, c.secret().substring(3, 35))).isFalse();
        }
    }

    @Test
    void shouldReportLastUsedDateAfterFlush() throws Exception {
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isNull();

            long usedAt = clock.advance(5_000_000);
            registry.authenticate(key.keyId(), key.secret());
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(usedAt);
            assertThat(RegistryFixture.credentialOnDisk(dir, key.keyId()).get("lastUsedDate").isNull()).isTrue();

            registry.flushLastUsed();
            assertThat(RegistryFixture.credentialOnDisk(dir, key.keyId()).get("lastUsedDate").asLong())
                    .isEqualTo(usedAt);
            assertThat(registry.accessKeys(acme).get(0).lastUsedDate()).isEqualTo(usedAt);
        }
    }

    @Test
    void shouldRecordLastUsedDateToTheSecond() throws Exception {
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);
            long first = clock.advance(10);
            registry.authenticate(key.keyId(), key.secret());
            clock.advance(999_999);
            registry.authenticate(key.keyId(), key.secret());
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(first);
            long later = clock.advance(1);
            registry.authenticate(key.keyId(), key.secret());
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(later);
            clock.advance(5_000_000);
            registry.authenticate(key.keyId(), CredentialFormat.newSecret());
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(later);
        }
    }

    @Test
    void shouldKeepLastUsedDatesWrittenOnCloseAndThroughChangesOfState() throws Exception {
        IssuedCredential key;
        long usedAt;
        long again;
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            key = registry.createAccessKey(acme, "Feed", READ, null);
            usedAt = clock.advance(2_000_000);
            registry.authenticate(key.keyId(), key.secret());
            clock.advance(1);
            registry.disableKey(key.keyId());
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(usedAt);
        }
        try (Registry registry = Registry.open(dir, clock)) {
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(usedAt);
            again = clock.advance(3_000_000);
            registry.enableKey(key.keyId());
            registry.authenticate(key.keyId(), key.secret());
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(again);
        }
        try (Registry registry = Registry.open(dir, clock)) {
            assertThat(registry.accessKey(key.keyId()).orElseThrow().lastUsedDate()).isEqualTo(again);
        }
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameRegistry() throws Exception {
        try (Registry registry = Registry.open(dir, clock)) {
            assertThatThrownBy(() -> Registry.open(dir, clock)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot open the registry at " + dir);
            assertThat(registry.accounts()).isEmpty();
        }
        try (Registry registry = Registry.open(dir)) {
            assertThat(registry.accounts()).isEmpty();
        }
    }

    @Test
    void shouldRefuseARegistryWrittenInANewerLayout() throws Exception {
        try (RegistryStore store = RegistryStore.open(dir); Batch batch = store.batch()) {
            batch.put(Family.META, RegistryDescriptor.FORMAT_KEY, "2".getBytes(StandardCharsets.US_ASCII))
                    .commit(Sync.SYNC);
        }
        assertThatThrownBy(() -> Registry.open(dir, clock)).isInstanceOf(IOException.class)
                .hasMessageContaining("has layout version 2; this ticketd reads version 1");
        try (RegistryStore store = RegistryStore.open(dir)) {
            assertThat(store.get(Family.META, RegistryDescriptor.FORMAT_KEY)).asString().isEqualTo("2");
        }
    }

    @Test
    void shouldRefuseChangesAndAuthenticationOnceClosed() throws Exception {
        Registry registry = Registry.open(dir, clock);
        String acme = registry.createAccount("Acme").accountId();
        IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);
        registry.close();
        registry.close();

        assertThatThrownBy(() -> registry.createAccount("Late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> registry.authenticate(key.keyId(), key.secret()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.createUser(acme, "A", "B", "a@b.co", null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(registry.accounts()).extracting(Account::accountId).containsExactly(acme);
    }

    private static byte[] allBytesUnder(Path directory) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.write(Files.readAllBytes(p));
            }
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
