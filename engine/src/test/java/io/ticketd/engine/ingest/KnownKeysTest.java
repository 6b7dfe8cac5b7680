package io.ticketd.engine.ingest;

import io.ticketd.engine.EngineFixture;
import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in front of the dedupe lookup never says "not indexed" of a ticket the
 * index holds: those indexed before it existed, those in the batch open when it began,
 * and those added since.
 */
class KnownKeysTest {
    @TempDir
    Path dir;

    private IndexStore index;
    private final AtomicLong epoch = new AtomicLong();

    @BeforeEach
    void open() throws IOException {
        index = IndexStore.open(dir.resolve("index"));
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    private void index(String prefix, int count) throws Exception {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < count; i++) {
                batch.put(index.tickets(), key(prefix, i), new byte[IndexKeyDescriptor.LATEST_REVISION_LENGTH]);
            }
            index.write(batch);
        }
    }

    private static byte[] key(String prefix, int i) {
        return (prefix + "-" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static long hash(String prefix, int i) {
        byte[] key = key(prefix, i);
        return LatestRevisions.KEY_HASH.hashBytes(key, 0, key.length);
    }

    private static void awaitInUse(KnownKeys known, long atLeast) {
        EngineFixture.awaitCondition("a filled filter of at least " + atLeast + " keys in use",
                () -> known.capacityInUse() >= atLeast);
    }

    @Test
    void shouldHoldEveryIndexedKeyAndRuleOutMostOthers() throws Exception {
        index("before", 20_000); // indexed before the filter existed
        try (KnownKeys known = new KnownKeys(index, epoch::get, capacity -> { }, 1 << 16)) {
            known.start();
            index("open-batch", 500); // the batch open when it began: indexed, never added
            assertThat(known.mayHold(hash("never", 0))).as("nothing is ruled out before the scan").isTrue();
            epoch.incrementAndGet();
            awaitInUse(known, 1 << 16);
            for (int i = 0; i < 1_000; i++) {
                known.add(hash("after", i)); // committed since
            }

            for (int i = 0; i < 20_000; i++) {
                assertThat(known.mayHold(hash("before", i))).isTrue();
            }
            for (int i = 0; i < 500; i++) {
                assertThat(known.mayHold(hash("open-batch", i))).isTrue();
            }
            for (int i = 0; i < 1_000; i++) {
                assertThat(known.mayHold(hash("after", i))).isTrue();
            }
            int falsePositives = 0;
            for (int i = 0; i < 100_000; i++) {
                falsePositives += known.mayHold(hash("never", i)) ? 1 : 0;
            }
            assertThat(falsePositives).as("tickets never indexed said to be maybe").isLessThan(2_000);
        }
    }

    @Test
    void shouldReplaceAFullFilterWithoutForgettingAnyKey() throws Exception {
        index("before", 1_000);
        try (KnownKeys known = new KnownKeys(index, epoch::get, capacity -> { }, 4_096)) {
            known.start();
            epoch.incrementAndGet();
            awaitInUse(known, 4_096);
            // more keys than it has room for, indexed as the commit thread indexes them
            for (int i = 0; i < 5_000; i++) {
                known.add(hash("grown", i));
            }
            index("grown", 5_000);
            epoch.incrementAndGet();
            for (int i = 5_000; i < 5_100; i++) {
                known.add(hash("grown", i)); // added while the larger one fills
            }
            awaitInUse(known, 8_192);

            for (int i = 0; i < 1_000; i++) {
                assertThat(known.mayHold(hash("before", i))).isTrue();
            }
            for (int i = 0; i < 5_100; i++) {
                assertThat(known.mayHold(hash("grown", i))).isTrue();
            }
        }
    }

    @Test
    void shouldStopAScanWaitingForItsBatchWhenClosed() throws Exception {
        KnownKeys known = new KnownKeys(index, epoch::get, capacity -> { }, 1 << 16);
        known.start(); // the epoch never advances: the scan waits
        long started = System.nanoTime();
        known.close();
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(known.capacityInUse()).isZero();
        assertThat(known.mayHold(hash("any", 1))).isTrue();
    }

    @Test
    void shouldRuleOutAboutOneKeyInAHundredWrongAtCapacity() {
        KnownKeys.Filter filter = new KnownKeys.Filter(100_000);
        SplittableRandom random = new SplittableRandom(7);
        long[] added = new long[100_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong();
            filter.add(added[i], i % 2 == 0);
            filter.commitAdds++;
        }
        for (long h : added) {
            assertThat(filter.mightContain(h)).isTrue();
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            falsePositives += filter.mightContain(random.nextLong()) ? 1 : 0;
        }
        assertThat(falsePositives).isLessThan(3_000);
        assertThat(filter.full()).isFalse();
        filter.add(random.nextLong(), false);
        filter.commitAdds++;
        assertThat(filter.full()).isTrue();
    }
}
