package io.ticketd.engine.ingest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clock for the commit thread that, once {@linkplain #arm() armed}, holds it inside a
 * ticket's commit (the clock reading for a request's first ticket in {@code
 * CommitHandler.commitTicket}), not in an idle reading of the wait timeout, until
 * {@linkplain #release() released}: so a test can publish behind a batch the commit
 * thread is in the middle of.
 */
final class CommitThreadGate implements LongSupplier {
    private final LongSupplier clock;
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final CountDownLatch held = new CountDownLatch(1);

    CommitThreadGate(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public long getAsLong() {
        CountDownLatch g = gate.get();
        if (g != null && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getMethodName().equals("commitTicket")))) {
            held.countDown();
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return clock.getAsLong();
    }

    void arm() {
        gate.set(new CountDownLatch(1));
    }

    /** Waits until the commit thread is held inside a ticket's commit. */
    void awaitHeld() throws InterruptedException {
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the commit thread reached a ticket's commit").isTrue();
    }

    void release() {
        CountDownLatch g = gate.getAndSet(null);
        if (g != null) {
            g.countDown();
        }
    }
}
