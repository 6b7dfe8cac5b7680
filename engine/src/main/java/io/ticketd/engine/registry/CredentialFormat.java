package io.ticketd.engine.registry;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The shape of key ids and secrets, how a secret is checked for typos, and how it is
 * hashed for storage: the only place that knows them.
 *
 * <pre>
 *   key id:  ak_ RRRRRRRRRRRRRRRRRRRR                         3 + 20 = 23 characters
 *   secret:  sk_ SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS CCCCCC      3 + 32 + 6 = 41 characters
 *
 *   R, S  random base62 ([0-9A-Za-z]) from SecureRandom: about 119 bits in a key id, 190 in a secret
 *   C     CRC32 of the 32 S characters (ASCII), in base62, left-padded with '0' to 6 characters
 * </pre>
 *
 * <p>The checksum lets the edge tell a mistyped or truncated secret ({@link #hasValidChecksum}
 * fails: 1 chance in 2<sup>32</sup> that a typo passes) from a wrong one, without looking
 * anything up, so the answer to a typo says nothing about which keys exist. It is not a
 * secret and adds no strength.
 *
 * <p>Only the SHA-256 of a secret is stored. A secret has 190 random bits, so a plain hash
 * cannot be reversed by guessing and needs no salt or slow hash; and checking one costs a
 * single SHA-256, which the authentication hot path can afford.
 *
 * <p>Thread-safety: stateless for callers; the checks and {@link #matches} use per-thread
 * scratch buffers and allocate nothing once a thread has called them.
 */
public final class CredentialFormat {
    public static final String KEY_ID_PREFIX = "ak_";
    public static final String SECRET_PREFIX = "sk_";
    public static final int KEY_ID_RANDOM_CHARS = 20;
    public static final int SECRET_RANDOM_CHARS = 32;
    public static final int CHECKSUM_CHARS = 6;
    public static final int KEY_ID_LENGTH = KEY_ID_PREFIX.length() + KEY_ID_RANDOM_CHARS;
    public static final int SECRET_LENGTH = SECRET_PREFIX.length() + SECRET_RANDOM_CHARS + CHECKSUM_CHARS;
    static final int HASH_BYTES = 32;

    private static final int RANDOM_START = SECRET_PREFIX.length();
    private static final int CHECKSUM_START = RANDOM_START + SECRET_RANDOM_CHARS;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** What an unknown key id's secret is compared with, so that it costs what a known one does. */
    private static final byte[] DECOY_HASH = decoyHash();

    private CredentialFormat() {
    }

    public static String newKeyId() {
        return RandomIds.base62(KEY_ID_PREFIX, KEY_ID_RANDOM_CHARS);
    }

    public static String newSecret() {
        String random = RandomIds.base62("", SECRET_RANDOM_CHARS);
        Scratch s = SCRATCH.get();
        for (int i = 0; i < SECRET_RANDOM_CHARS; i++) {
            s.ascii[i] = (byte) random.charAt(i);
        }
        long checksum = s.checksum(0);
        StringBuilder sb = new StringBuilder(SECRET_LENGTH).append(SECRET_PREFIX).append(random);
        char[] digits = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            digits[i] = RandomIds.BASE62.charAt((int) (checksum % 62));
            checksum /= 62;
        }
        return sb.append(digits).toString();
    }

    /** True when {@code keyId} is {@code ak_} and 20 base62 characters. */
    public static boolean isWellFormedKeyId(String keyId) {
        return keyId != null && keyId.length() == KEY_ID_LENGTH && keyId.startsWith(KEY_ID_PREFIX)
                && isBase62(keyId, KEY_ID_PREFIX.length(), KEY_ID_LENGTH);
    }

    /**
     * True when {@code secret} is in the secret format and its checksum matches its random
     * part; false for a typo, a truncated secret, or anything that is not a secret at all.
     */
    public static boolean hasValidChecksum(String secret) {
        if (secret == null || secret.length() != SECRET_LENGTH || !secret.startsWith(SECRET_PREFIX)
                || !isBase62(secret, RANDOM_START, SECRET_LENGTH)) {
            return false;
        }
        Scratch s = SCRATCH.get();
        s.load(secret);
        return s.checksum(RANDOM_START) == decodeBase62(secret, CHECKSUM_START, SECRET_LENGTH);
    }

    /** The SHA-256 of a secret, in hex: what the registry stores instead of the secret. */
    static String hashHex(String secret) {
        Scratch s = SCRATCH.get();
        s.load(secret);
        return HexFormat.of().formatHex(s.sha256(secret.length()));
    }

    static byte[] parseHash(String hex) {
        byte[] hash = HexFormat.of().parseHex(hex);
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a secret hash has " + HASH_BYTES + " bytes, this one " + hash.length);
        }
        return hash;
    }

    /**
     * Hashes a well-formed secret ({@link #hasValidChecksum} true) and compares the hash with
     * {@code expectedHash} in constant time. With a null {@code expectedHash} (no such key) it
     * compares with a decoy, so that an unknown key id takes as long as a known one.
     */
    static boolean matches(String secret, byte[] expectedHash) {
        Scratch s = SCRATCH.get();
        s.load(secret);
        byte[] actual = s.sha256(secret.length());
        boolean equal = MessageDigest.isEqual(actual, expectedHash == null ? DECOY_HASH : expectedHash);
        return equal && expectedHash != null;
    }

    private static byte[] decoyHash() {
        byte[] decoy = new byte[HASH_BYTES];
        new SecureRandom().nextBytes(decoy);
        return decoy;
    }

    private static boolean isBase62(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The value of base62 digits {@code s[from, to)}; the caller has checked they are base62. */
    private static long decodeBase62(String s, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int digit = c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' + 10 : c - 'a' + 36;
            value = value * 62 + digit;
        }
        return value;
    }

    /** Per-thread buffers, so that checking a secret on an event loop allocates nothing. */
    private static final class Scratch {
        final byte[] ascii = new byte[SECRET_LENGTH];
        final byte[] hash = new byte[HASH_BYTES];
        final CRC32 crc = new CRC32();
        final MessageDigest sha256;

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        /** Copies a secret's characters as bytes; callers pass at most {@link #SECRET_LENGTH} ASCII characters. */
        void load(String secret) {
            for (int i = 0; i < secret.length(); i++) {
                ascii[i] = (byte) secret.charAt(i);
            }
        }

        long checksum(int from) {
            crc.reset();
            crc.update(ascii, from, SECRET_RANDOM_CHARS);
            return crc.getValue();
        }

        byte[] sha256(int length) {
            sha256.reset();
            sha256.update(ascii, 0, length);
            try {
                sha256.digest(hash, 0, HASH_BYTES);
            } catch (DigestException e) {
                throw new IllegalStateException("a 32-byte buffer holds a SHA-256", e);
            }
            return hash;
        }
    }
}
