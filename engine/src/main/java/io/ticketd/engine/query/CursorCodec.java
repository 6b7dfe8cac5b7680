package io.ticketd.engine.query;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs and verifies page cursors (layout in {@link CursorDescriptor}) with
 * HMAC-SHA256 under a 256-bit key kept in the data directory. The key is created
 * on first start (mode 0600); cursors stay valid across restarts and become
 * invalid if the key file is replaced.
 *
 * <p>Thread-safety: safe for concurrent use (one {@link Mac} per thread).
 */
public final class CursorCodec {
    public static final String KEY_FILE = "cursor.key";
    private static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] ACCOUNT_DOMAIN = "ticketd.cursor.account\0".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final ThreadLocal<Mac> macs;

    private CursorCodec(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /** Loads the key from {@code keyFile}, creating it with fresh random bytes if it does not exist. */
    public static CursorCodec open(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            createKey(keyFile);
        }
        byte[] key = Files.readAllBytes(keyFile);
        if (key.length != KEY_BYTES) {
            throw new IOException("cursor key " + keyFile + " is " + key.length + " bytes, expected " + KEY_BYTES);
        }
        return new CursorCodec(key);
    }

    private static void createKey(Path keyFile) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, key);
        try {
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(tmp);
        }
    }

    /** Signs a cursor continuing after {@code lastPersistDate}. */
    public String encode(String account, String storeFilter, long lastPersistDate, long endDate, int pageSize) {
        byte[] store = storeFilter == null ? new byte[0] : storeFilter.getBytes(StandardCharsets.US_ASCII);
        byte[] raw = new byte[CursorDescriptor.length(store.length)];
        CursorDescriptor.writeBody(raw, pageSize, lastPersistDate, endDate, accountTag(account), store);
        Mac mac = macs.get();
        mac.update(raw, 0, CursorDescriptor.bodyLength(raw.length));
        byte[] signature = mac.doFinal();
        System.arraycopy(signature, 0, raw, CursorDescriptor.bodyLength(raw.length), CursorDescriptor.SIGNATURE_LENGTH);
        return ENCODER.encodeToString(raw);
    }

    /**
     * Verifies a cursor presented by {@code account} and returns what it carries.
     *
     * @throws InvalidCursorException when it is empty, malformed, altered, or another account's
     */
    public PageCursor decode(String account, String token) throws InvalidCursorException {
        if (token == null || token.isEmpty()) {
            throw new InvalidCursorException(InvalidCursorException.Reason.EMPTY);
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException(InvalidCursorException.Reason.MALFORMED);
        }
        if (raw.length < CursorDescriptor.MIN_LENGTH) {
            throw new InvalidCursorException(InvalidCursorException.Reason.MALFORMED);
        }
        int body = CursorDescriptor.bodyLength(raw.length);
        Mac mac = macs.get();
        mac.update(raw, 0, body);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, body, raw.length))) {
            throw new InvalidCursorException(InvalidCursorException.Reason.TAMPERED);
        }
        int storeLength = CursorDescriptor.storeLength(raw);
        int pageSize = CursorDescriptor.pageSize(raw);
        if (CursorDescriptor.version(raw) != CursorDescriptor.VERSION
                || raw.length != CursorDescriptor.length(storeLength)
                || pageSize < 1 || pageSize > Page.MAX_PAGE_SIZE) {
            throw new InvalidCursorException(InvalidCursorException.Reason.MALFORMED);
        }
        byte[] tag = Arrays.copyOfRange(raw, CursorDescriptor.ACCOUNT_TAG_OFFSET,
                CursorDescriptor.ACCOUNT_TAG_OFFSET + CursorDescriptor.ACCOUNT_TAG_LENGTH);
        if (!MessageDigest.isEqual(tag, accountTag(account))) {
            throw new InvalidCursorException(InvalidCursorException.Reason.WRONG_ACCOUNT);
        }
        String store = storeLength == 0 ? null
                : new String(raw, CursorDescriptor.STORE_OFFSET, storeLength, StandardCharsets.US_ASCII);
        return new PageCursor(store, CursorDescriptor.lastPersistDate(raw), CursorDescriptor.endDate(raw), pageSize);
    }

    private byte[] accountTag(String account) {
        Mac mac = macs.get();
        mac.update(ACCOUNT_DOMAIN);
        mac.update(account.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(mac.doFinal(), CursorDescriptor.ACCOUNT_TAG_LENGTH);
    }
}
