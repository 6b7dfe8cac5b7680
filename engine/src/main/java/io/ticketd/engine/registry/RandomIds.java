package io.ticketd.engine.registry;

import java.security.SecureRandom;

/**
 * Random identifiers from a {@link SecureRandom}: ids of accounts and users, and the random
 * parts of credentials. The alphabets keep every id inside the id pattern
 * ({@code [A-Za-z0-9._-]}), so ids travel in URLs and headers unescaped.
 *
 * <p>Thread-safety: safe from any thread ({@code SecureRandom} is).
 */
final class RandomIds {
    /** RFC 4648 base32, lower case: no characters that look alike in a URL or a support ticket. */
    static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** {@code prefix} followed by {@code length} random lowercase base32 characters (5 bits each). */
    static String base32(String prefix, int length) {
        return random(prefix, length, BASE32);
    }

    /** {@code prefix} followed by {@code length} random base62 characters (about 5.95 bits each). */
    static String base62(String prefix, int length) {
        return random(prefix, length, BASE62);
    }

    private static String random(String prefix, int length, String alphabet) {
        StringBuilder sb = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
