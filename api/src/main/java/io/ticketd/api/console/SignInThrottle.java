package io.ticketd.api.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing at the console: after {@value #MAX_FAILURES_PER_ADDRESS} failed
 * sign-ins for one email address, or {@value #MAX_FAILURES_PER_CLIENT} from one client address,
 * within {@link #WINDOW}, further attempts are refused (429) until the oldest of those failures
 * leaves the window. A success does not forgive earlier failures.
 *
 * <p>Thread-safety: safe from any thread; each key's failures are guarded by their deque.
 */
public final class SignInThrottle {
    static final int MAX_FAILURES_PER_ADDRESS = 5;
    static final int MAX_FAILURES_PER_CLIENT = 20;
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** Past this many tracked keys, stale ones are swept before another is added. */
    private static final int SWEEP_ABOVE = 10_000;

    private final LongSupplier clockMicros;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public SignInThrottle(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
    }

    /**
     * Seconds to wait before another attempt for this address or from this client, or 0 when
     * one may be made now.
     */
    public long retryAfterSeconds(String emailAddressOrNull, String client) {
        long now = clockMicros.getAsLong();
        return Math.max(wait(emailKey(emailAddressOrNull), MAX_FAILURES_PER_ADDRESS, now),
                wait(clientKey(client), MAX_FAILURES_PER_CLIENT, now));
    }

    public void failed(String emailAddressOrNull, String client) {
        long now = clockMicros.getAsLong();
        if (failures.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        record(emailKey(emailAddressOrNull), MAX_FAILURES_PER_ADDRESS, now);
        record(clientKey(client), MAX_FAILURES_PER_CLIENT, now);
    }

    private void record(String key, int max, long now) {
        if (key == null) {
            return;
        }
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > max) {
                times.removeFirst();
            }
        }
    }

    private long wait(String key, int max, long now) {
        Deque<Long> times = key == null ? null : failures.get(key);
        if (times == null) {
            return 0;
        }
        long windowMicros = WINDOW.toNanos() / 1000;
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= windowMicros) {
                times.removeFirst();
            }
            if (times.size() < max) {
                return 0;
            }
            long waitMicros = times.peekFirst() + windowMicros - now;
            return Math.max(1, (waitMicros + 999_999) / 1_000_000);
        }
    }

    private void sweep(long now) {
        long windowMicros = WINDOW.toNanos() / 1000;
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || now - last >= windowMicros;
            }
        });
    }

    private static String emailKey(String email) {
        return email == null || email.isBlank() ? null : "email:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String clientKey(String client) {
        return client == null ? null : "client:" + client;
    }
}
