package io.ticketd.api.console;

import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The console's signed-in sessions, in memory (a restart signs everyone out). A session is
 * named by a random 256-bit token that only the browser's cookie holds; this store keeps its
 * SHA-256, so a heap dump yields no usable token. A session ends at its absolute lifetime, after
 * an idle period, at sign-out, or as soon as its user is deleted, leaves the
 * {@value User#ADMINISTRATOR_GROUP} group, or has its password removed or changed.
 *
 * <p>Thread-safety: safe from any thread (event loops look sessions up; the blocking executor
 * opens them; housekeeping sweeps).
 */
public final class ConsoleSessions {
    /** How long a session lasts at most: the cookie's Max-Age. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** A session unused this long ends. */
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(2);
    /** The most sessions kept; beyond it the one closest to expiry is dropped. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Registry registry;
    private final LongSupplier clockMicros;
    private final Map<String, Entry> byTokenHash = new ConcurrentHashMap<>();

    private static final class Entry {
        final ConsoleSession session;
        /** The user's password stamp as the session opened: another value means it changed since. */
        final Optional<String> passwordSet;
        volatile long lastUsed;

        Entry(ConsoleSession session, Optional<String> passwordSet, long lastUsed) {
            this.session = session;
            this.passwordSet = passwordSet;
            this.lastUsed = lastUsed;
        }
    }

    public ConsoleSessions(Registry registry, LongSupplier clockMicros) {
        this.registry = registry;
        this.clockMicros = clockMicros;
    }

    /** A new session for the admin credential's principal; returns its token. */
    public Opened openForAdmin(Principal admin) {
        return open(admin, null);
    }

    /** A new session for {@code user}, an Administrator of its account; returns its token. */
    public Opened openForUser(User user) {
        return open(Principal.accountAdministrator(user.userId(), user.accountId()), user);
    }

    /** A newly opened session and the token its cookie carries. */
    public record Opened(String token, ConsoleSession session) {
    }

    private Opened open(Principal principal, User user) {
        long now = clockMicros.getAsLong();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ConsoleSession session = new ConsoleSession(principal, user, now, now + LIFETIME.toNanos() / 1000);
        if (byTokenHash.size() >= MAX_SESSIONS) {
            sweep();
            evictClosestToExpiry();
        }
        Optional<String> passwordSet = user == null ? Optional.empty() : registry.passwordStamp(user.userId());
        byTokenHash.put(hash(token), new Entry(session, passwordSet, now));
        return new Opened(token, session);
    }

    /** The live session named by {@code token}, or null; a hit counts as use. */
    public ConsoleSession find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return null;
        }
        String key = hash(token);
        Entry entry = byTokenHash.get(key);
        if (entry == null) {
            return null;
        }
        long now = clockMicros.getAsLong();
        if (!alive(entry, now)) {
            byTokenHash.remove(key, entry);
            return null;
        }
        entry.lastUsed = now;
        return entry.session;
    }

    /** Ends the session named by {@code token}, if any. */
    public void close(String token) {
        if (token != null && token.length() <= 100) {
            byTokenHash.remove(hash(token));
        }
    }

    /** Drops every session that has ended; run periodically. */
    public void sweep() {
        long now = clockMicros.getAsLong();
        byTokenHash.values().removeIf(e -> !alive(e, now));
    }

    public int size() {
        return byTokenHash.size();
    }

    private boolean alive(Entry entry, long now) {
        ConsoleSession s = entry.session;
        if (now >= s.expiresDate() || now - entry.lastUsed >= IDLE_TIMEOUT.toNanos() / 1000) {
            return false;
        }
        if (s.user() == null) {
            return true;
        }
        User current = registry.user(s.user().userId()).orElse(null);
        if (current == null || !current.inGroup(User.ADMINISTRATOR_GROUP)) {
            return false;
        }
        Optional<String> passwordSet = registry.passwordStamp(current.userId());
        return passwordSet.isPresent() && passwordSet.equals(entry.passwordSet);
    }

    private void evictClosestToExpiry() {
        String victim = null;
        long soonest = Long.MAX_VALUE;
        for (Iterator<Map.Entry<String, Entry>> it = byTokenHash.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().session.expiresDate() < soonest) {
                soonest = e.getValue().session.expiresDate();
                victim = e.getKey();
            }
        }
        if (victim != null) {
            byTokenHash.remove(victim);
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
