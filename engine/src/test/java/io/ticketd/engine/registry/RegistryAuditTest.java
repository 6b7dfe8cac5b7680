package io.ticketd.engine.registry;

import io.ticketd.engine.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.ticketd.engine.registry.RegistryFixture.READ;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static io.ticketd.engine.registry.RegistryFixture.typo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RegistryAuditTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);

    @Test
    void shouldAuditEveryCredentialEvent() throws Exception {
        List<AuditEvent> expected = new ArrayList<>();
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            registry.createStore(acme, "S1", "Main Street");

            IssuedCredential first = registry.generateStoreCredential("S1");
            expected.add(new AuditEvent(clock.peek(), "created", first.keyId(), acme, "S1", null));
            IssuedCredential second = step(() -> registry.generateStoreCredential("S1"));
            expected.add(new AuditEvent(clock.peek(), "regenerated", second.keyId(), acme, "S1",
                    "replaces " + first.keyId()));
            step(() -> registry.revokeStoreCredential("S1"));
            expected.add(new AuditEvent(clock.peek(), "revoked", second.keyId(), acme, "S1", null));

            IssuedCredential key = step(() -> registry.createAccessKey(acme, "Feed", READ, null));
            expected.add(new AuditEvent(clock.peek(), "created", key.keyId(), acme, null, null));
            step(() -> registry.disableKey(key.keyId()));
            expected.add(new AuditEvent(clock.peek(), "disabled", key.keyId(), acme, null, null));
            step(() -> registry.authenticate(key.keyId(), key.secret()));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", key.keyId(), acme, null, "disabled"));
            step(() -> registry.authenticate(key.keyId(), CredentialFormat.newSecret()));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", key.keyId(), acme, null, "wrong_secret"));
            step(() -> registry.enableKey(key.keyId()));
            expected.add(new AuditEvent(clock.peek(), "enabled", key.keyId(), acme, null, null));
            step(() -> {
                registry.deleteKey(key.keyId());
                return null;
            });
            expected.add(new AuditEvent(clock.peek(), "deleted", key.keyId(), acme, null, null));
            step(() -> registry.authenticate(key.keyId(), key.secret()));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", key.keyId(), acme, null, "revoked"));
            step(() -> registry.authenticate(second.keyId(), second.secret()));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", second.keyId(), acme, "S1", "revoked"));

            IssuedCredential admin = step(() -> registry.createAdminCredential("bootstrap"));
            expected.add(new AuditEvent(clock.peek(), "created", admin.keyId(), null, null, null));
            String unknown = CredentialFormat.newKeyId();
            step(() -> registry.authenticate(unknown, admin.secret()));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", unknown, null, null, "unknown_key"));
            step(() -> registry.authenticate(admin.keyId(), typo(admin.secret())));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", admin.keyId(), null, null, "malformed"));
            step(() -> registry.authenticate("not a key id", admin.secret()));
            expected.add(new AuditEvent(clock.peek(), "auth_failed", null, null, null, "malformed"));
            assertThat(step(() -> registry.authenticate(admin.keyId(), admin.secret())).succeeded()).isTrue();

            Collections.reverse(expected);
            assertThat(registry.auditEvents(null, 100)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldNotAuditChangesThatChangeNothing() throws Exception {
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            registry.createStore(acme, "S1", "Main Street");
            registry.revokeStoreCredential("S1");
            IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);
            registry.enableKey(key.keyId());
            registry.authenticate(key.keyId(), key.secret());
            assertThat(registry.auditEvents(null, 100)).extracting(AuditEvent::event).containsExactly("created");
        }
    }

    @Test
    void shouldListOneAccountsEventsOrEveryonesNewestFirst() throws Exception {
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            String other = registry.createAccount("Other").accountId();
            IssuedCredential acmeKey = registry.createAccessKey(acme, "a", READ, null);
            tick();
            IssuedCredential otherKey = registry.createAccessKey(other, "o", READ, null);
            tick();
            registry.authenticate(acmeKey.keyId(), CredentialFormat.newSecret());
            tick();
            registry.authenticate(CredentialFormat.newKeyId(), CredentialFormat.newSecret());

            assertThat(registry.auditEvents(acme, 100)).extracting(AuditEvent::event, AuditEvent::keyId)
                    .containsExactly(tuple("auth_failed", acmeKey.keyId()), tuple("created", acmeKey.keyId()));
            assertThat(registry.auditEvents(other, 100)).extracting(AuditEvent::keyId).containsExactly(otherKey.keyId());
            assertThat(registry.auditEvents(null, 100)).hasSize(4);
            assertThat(registry.auditEvents(null, 2)).extracting(AuditEvent::time).containsExactly(START + 3, START + 2);
            assertThat(registry.auditEvents(null, 0)).isEmpty();
        }
    }

    @Test
    void shouldKeepOnlyTheNewestEventsWhenTheTrailIsFull() throws Exception {
        try (Registry registry = Registry.open(dir, clock, 5)) {
            String acme = registry.createAccount("Acme").accountId();
            registry.createStore(acme, "S1", "Main Street");
            for (int i = 0; i < 12; i++) {
                tick();
                if (i % 3 == 0) {
                    registry.generateStoreCredential("S1");
                } else {
                    registry.authenticate("garbage", "garbage");
                }
            }
            assertThat(registry.auditEvents(null, 100)).extracting(AuditEvent::time)
                    .containsExactly(START + 12, START + 11, START + 10, START + 9, START + 8);
        }
        try (Registry registry = Registry.open(dir, clock, 3)) {
            assertThat(registry.auditEvents(null, 100)).extracting(AuditEvent::time)
                    .containsExactly(START + 12, START + 11, START + 10);
            tick();
            registry.authenticate("garbage", "garbage");
            assertThat(registry.auditEvents(null, 100)).extracting(AuditEvent::time)
                    .containsExactly(START + 13, START + 12, START + 11);
        }
    }

    @Test
    void shouldCapTheTrailAtOneHundredThousandEventsByDefault() throws Exception {
        int extra = 25;
        try (Registry registry = Registry.open(dir, clock)) {
            for (int i = 0; i < Registry.AUDIT_CAPACITY + extra; i++) {
                clock.advance(1);
                registry.authenticate("garbage", "garbage");
            }
            List<AuditEvent> kept = registry.auditEvents(null, Integer.MAX_VALUE);
            assertThat(kept).hasSize(100_000);
            assertThat(kept.get(0).time()).isEqualTo(START + Registry.AUDIT_CAPACITY + extra);
            assertThat(kept.get(kept.size() - 1).time()).isEqualTo(START + extra + 1);
        }
    }

    private long tick() {
        return clock.advance(1);
    }

    /** Advances the clock, then does {@code action}: each event gets its own time. */
    private <T> T step(Step<T> action) throws Exception {
        tick();
        return action.run();
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }
}
