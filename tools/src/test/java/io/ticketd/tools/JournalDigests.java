package io.ticketd.tools;

import io.ticketd.engine.TicketEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The SHA-256 of every file of a data directory's journal, by name: what a test compares to see it unchanged. */
public final class JournalDigests {
    private JournalDigests() {
    }

    /** The digests of the journal files of {@code dataDirectory}; fails when there are none. */
    public static Map<String, String> of(Path dataDirectory) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(dataDirectory.resolve(TicketEngine.JOURNAL_DIRECTORY))) {
            files.forEach(file -> digests.put(file.getFileName().toString(), sha256(file)));
        }
        if (digests.isEmpty()) {
            throw new AssertionError("no journal files in " + dataDirectory);
        }
        return digests;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
