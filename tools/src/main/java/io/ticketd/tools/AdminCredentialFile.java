package io.ticketd.tools;

import io.ticketd.engine.registry.IssuedCredential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code <data-dir>/admin.credentials}: the admin credential the server creates on its
 * first start, as one line {@code AKI=<keyId>;AKS=<secret>}, the form the
 * {@code Authentication: X-API-Key …} header takes. It is the only copy of the secret.
 *
 * <p>The file is readable by its owner only (mode 0600) from the moment it exists: it is
 * created with that mode under a temporary name, written and synced, then renamed into
 * place atomically, and the directory is synced, so a crash leaves either no file or the
 * whole one, never a partial or world-readable one.
 */
final class AdminCredentialFile {
    static final String FILE_NAME = "admin.credentials";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminCredentialFile() {
    }

    /** Writes {@code credential} to {@code file}, replacing whatever was there. */
    static void write(Path file, IssuedCredential credential) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        byte[] line = ("AKI=" + credential.keyId() + ";AKS=" + credential.secret() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Path temp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
