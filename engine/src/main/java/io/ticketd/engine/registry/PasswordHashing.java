package io.ticketd.engine.registry;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashing for console sign-in: PBKDF2-HMAC-SHA256 with a 16-byte random salt and
 * {@value #ITERATIONS} iterations (OWASP's recommendation for this algorithm), compared in
 * constant time. The one place that knows these parameters; a {@link PasswordRecord} keeps
 * the ones it was made with.
 *
 * <p>Hashing is deliberately slow (a few hundred milliseconds on a small machine): call it on
 * a thread that may block, never an event loop, and outside any registry lock.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
final class PasswordHashing {
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int ITERATIONS = 600_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BITS = 256;
    static final int MIN_CHARS = 10;
    static final int MAX_CHARS = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashing() {
    }

    /** Checks a new password's length: {@value #MIN_CHARS} to {@value #MAX_CHARS} characters. */
    static String validate(String password) throws RegistryException {
        if (password == null) {
            throw RegistryValidator.invalid("password", "password must be a string");
        }
        int chars = password.codePointCount(0, password.length());
        if (chars < MIN_CHARS || chars > MAX_CHARS) {
            throw RegistryValidator.invalid("password", "password must have " + MIN_CHARS + " to " + MAX_CHARS
                    + " characters, got " + chars);
        }
        return password;
    }

    static PasswordRecord hash(String userId, String password, long now) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return new PasswordRecord(userId, ALGORITHM, ITERATIONS, b64.encodeToString(salt), b64.encodeToString(hash), now);
    }

    /** True when {@code password} is the one {@code record} was made from; compares in constant time. */
    static boolean matches(PasswordRecord record, String password) {
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(record.hash());
        byte[] actual = derive(password, b64.decode(record.salt()), record.iterations());
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for an address no user has. */
    static void verifyDecoy(String password) {
        matches(Decoy.RECORD, password);
    }

    /** Verified against when no user matches, so an unknown address costs what a wrong password costs. */
    private static final class Decoy {
        static final PasswordRecord RECORD = hash("decoy", "decoy-password-never-matches", 0);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
