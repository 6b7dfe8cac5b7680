package io.ticketd.engine.registry;

/**
 * A user's stored password: a PBKDF2 hash and the parameters it was made with, so that
 * the work factor can be raised later without invalidating older hashes. Immutable.
 *
 * @param userId      the user it belongs to
 * @param algorithm   the JCA name of the key derivation, {@value PasswordHashing#ALGORITHM}
 * @param iterations  the PBKDF2 iteration count it was made with
 * @param salt        the random salt, base64
 * @param hash        the derived key, base64
 * @param changedDate when it was set, microseconds since the epoch
 */
record PasswordRecord(String userId, String algorithm, int iterations, String salt, String hash, long changedDate) {
}
