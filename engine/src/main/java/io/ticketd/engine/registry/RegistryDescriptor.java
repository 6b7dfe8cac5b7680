package io.ticketd.engine.registry;

import java.nio.charset.StandardCharsets;

/**
 * The layout of the registry's RocksDB: its column families, their keys and values. The
 * only place that knows them.
 *
 * <pre>
 *  column family  key                                   value
 *  -------------  ------------------------------------  -----------------------------------------------
 *  default        "format" (ASCII)                      "1" (ASCII): the layout version
 *  accounts       accountId (ASCII)                     JSON {@link Account}
 *  stores         storeId (ASCII)                       JSON StoreRecord {storeId, accountId, name,
 *                                                         createdDate}
 *  credentials    keyId (ASCII, "ak_" + 20 base62)      JSON CredentialRecord {keyId, kind, accountId,
 *                                                         storeId, name, scopes, stores, secretSha256,
 *                                                         state, createdDate, lastUsedDate, endedDate}
 *  users          userId (ASCII)                        JSON {@link User}
 *  passwords      userId (ASCII)                        JSON {@link PasswordRecord} {userId, algorithm,
 *                                                         iterations, salt, hash, changedDate}
 *  audit          sequence number, 8 bytes, see below   JSON {@link AuditEvent}
 * </pre>
 *
 * <p>Every id is ASCII by construction (generated from base32/base62, or a storeId checked
 * against the id pattern), so a key is the id's bytes. Values are UTF-8 JSON written by
 * {@link RegistryCodec}. Nothing derived is stored: a store's credential status is the one
 * credential of kind {@code STORE} and state {@code ACTIVE} that names the store.
 *
 * <p>A credential is never removed: a revoked or replaced store credential (state
 * {@code REVOKED}) and a deleted access key ({@code DELETED}) stay as tombstones, without
 * their secret hash, so that presenting one is reported as revoked. {@code scopes} hold wire
 * names ({@code tickets:read}); {@code secretSha256} is 64 hex digits; {@code stores} is null
 * for a key not limited to some stores.
 *
 * <p>An audit key is a sequence number, so events sort in the order they were written:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              Sequence (big-endian, from 1 upwards)            |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Thread-safety: stateless; all methods are static.
 */
final class RegistryDescriptor {
    /** The layout version this code reads and writes. */
    static final String FORMAT_VERSION = "1";
    static final byte[] FORMAT_KEY = ascii("format");
    static final int AUDIT_KEY_LENGTH = Long.BYTES;

    /** The column families, in the order they are opened. */
    enum Family {
        META("default"),
        ACCOUNTS("accounts"),
        STORES("stores"),
        CREDENTIALS("credentials"),
        USERS("users"),
        PASSWORDS("passwords"),
        AUDIT("audit");

        private final byte[] name;

        Family(String name) {
            this.name = ascii(name);
        }

        byte[] nameBytes() {
            return name.clone();
        }
    }

    private RegistryDescriptor() {
    }

    /** The key of a record named by an id (account, store, key or user id). */
    static byte[] idKey(String id) {
        return ascii(id);
    }

    /** The id a record's key names. */
    static String id(byte[] key) {
        return new String(key, StandardCharsets.US_ASCII);
    }

    static byte[] auditKey(long sequence) {
        byte[] key = new byte[AUDIT_KEY_LENGTH];
        for (int i = AUDIT_KEY_LENGTH - 1; i >= 0; i--) {
            key[i] = (byte) sequence;
            sequence >>>= 8;
        }
        return key;
    }

    static long auditSequence(byte[] key) {
        if (key.length != AUDIT_KEY_LENGTH) {
            throw new IllegalArgumentException("an audit key has " + AUDIT_KEY_LENGTH + " bytes, not " + key.length);
        }
        long sequence = 0;
        for (byte b : key) {
            sequence = sequence << 8 | (b & 0xFF);
        }
        return sequence;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
