package io.ticketd.engine.registry;

import io.ticketd.engine.TestClock;
import io.ticketd.engine.registry.Authentication.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.ticketd.engine.registry.RegistryFixture.READ;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryConcurrencyTest {
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);

    @Test
    void shouldAuthenticateFromManyThreadsWhileCredentialsChange() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Registry registry = Registry.open(dir, clock)) {
            String acme = registry.createAccount("Acme").accountId();
            registry.createStore(acme, "S1", "Main Street");
            AtomicReference<IssuedCredential> current = new AtomicReference<>(registry.generateStoreCredential("S1"));
            IssuedCredential key = registry.createAccessKey(acme, "Feed", READ, null);
            AtomicBoolean done = new AtomicBoolean();
            Set<Failure> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch started = new CountDownLatch(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    started.countDown();
                    while (!done.get()) {
                        IssuedCredential store = current.get();
                        Authentication a = registry.authenticate(store.keyId(), store.secret());
                        if (a.succeeded()) {
                            assertThat(a.principal().keyId()).isEqualTo(store.keyId());
                        } else {
                            seen.add(a.failure());
                        }
                        Authentication k = registry.authenticate(key.keyId(), key.secret());
                        if (!k.succeeded()) {
                            seen.add(k.failure());
                        }
                    }
                    return null;
                }));
            }
            started.await();
            for (int round = 0; round < 50; round++) {
                clock.advance(1_000_000);
                current.set(registry.generateStoreCredential("S1"));
                if (round % 2 == 0) {
                    registry.disableKey(key.keyId());
                } else {
                    registry.enableKey(key.keyId());
                }
                registry.flushLastUsed();
            }
            done.set(true);
            for (Future<?> worker : workers) {
                worker.get(1, TimeUnit.MINUTES);
            }
            // A credential replaced between reading it and presenting it is revoked; nothing else may fail.
            assertThat(EnumSet.of(Failure.REVOKED, Failure.DISABLED)).containsAll(seen);
            assertThat(registry.authenticate(current.get().keyId(), current.get().secret()).succeeded()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseRatherThanCrashWhenClosedWhileFailuresAreBeingAudited() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            Registry registry = Registry.open(dir, clock);
            CountDownLatch busy = new CountDownLatch(THREADS * 100);
            List<Future<Throwable>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    try {
                        while (true) {
                            registry.authenticate(CredentialFormat.newKeyId(), CredentialFormat.newSecret());
                            busy.countDown();
                        }
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            busy.await();
            registry.close();
            for (Future<Throwable> worker : workers) {
                assertThat(worker.get(1, TimeUnit.MINUTES)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is closed");
            }
        } finally {
            pool.shutdownNow();
        }
        try (Registry reopened = Registry.open(dir, clock)) {
            assertThat(reopened.auditEvents(null, Integer.MAX_VALUE)).hasSizeGreaterThanOrEqualTo(THREADS * 100)
                    .allSatisfy(e -> assertThat(e.detail()).isEqualTo("unknown_key"));
        }
    }
}
