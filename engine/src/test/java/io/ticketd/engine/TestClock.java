package io.ticketd.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A wall clock in microseconds that tests set, step back and can freeze: while
 * {@linkplain #block() blocked}, every caller (the commit thread) waits until
 * {@linkplain #release() released}, which holds the ring's consumer still.
 */
public final class TestClock implements LongSupplier {
    private final AtomicLong now;
    private volatile CountDownLatch gate;
    private final CountDownLatch firstBlockedCaller = new CountDownLatch(1);

    public TestClock(long startMicros) {
        this.now = new AtomicLong(startMicros);
    }

    @Override
    public long getAsLong() {
        CountDownLatch g = gate;
        if (g != null) {
            firstBlockedCaller.countDown();
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test clock stayed blocked for 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return now.get();
    }

    public void set(long micros) {
        now.set(micros);
    }

    public long advance(long micros) {
        return now.addAndGet(micros);
    }

    public long peek() {
        return now.get();
    }

    public void block() {
        gate = new CountDownLatch(1);
    }

    /** Waits until some thread is held by {@link #block()}. */
    public void awaitBlockedCaller() throws InterruptedException {
        if (!firstBlockedCaller.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("nothing called the blocked clock within 30 s");
        }
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }
}
