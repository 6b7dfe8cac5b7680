package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.internal.DataDirectoryLock;
import io.ticketd.engine.internal.DataDirectoryLock.DataDirectoryLockedException;
import io.ticketd.tools.FailureMessage;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --data-dir} option of the data-directory tools, with the same
 * environment variable and default as {@code ticketd serve}, and the check that the
 * directory holds a journal (so that a mistyped path is a usage error, not a new,
 * empty data directory), and the data directory's lock that makes these commands
 * offline. A picocli mixin; thread-safety: none, one per command.
 */
final class DataDirectoryOption {
    @Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "${env:TICKETD_DATA_DIR:-./data}",
            description = "Data directory (as given to ticketd serve); relative to the working directory."
                    + " Env TICKETD_DATA_DIR. Default: ${DEFAULT-VALUE}.")
    private Path dataDirectory;

    /** The data directory, absolute. */
    Path directory() {
        return dataDirectory.toAbsolutePath().normalize();
    }

    /**
     * The journal directory of the data directory.
     *
     * @throws ParameterException when there is none: not a ticketd data directory
     */
    Path journal(CommandSpec spec) {
        Path journal = directory().resolve(TicketEngine.JOURNAL_DIRECTORY);
        if (!Files.isDirectory(journal)) {
            throw new ParameterException(spec.commandLine(), "no journal in " + directory()
                    + ": not a ticketd data directory (give it with --data-dir or TICKETD_DATA_DIR)",
                    spec.findOption("--data-dir"), dataDirectory.toString());
        }
        return journal;
    }

    /** What an offline command does while it holds the data directory's lock. */
    @FunctionalInterface
    interface OfflineWork {
        /** Does the work on the journal in {@code journalDirectory}; returns the exit code. */
        int run(Path journalDirectory) throws IOException;
    }

    /**
     * Runs {@code work} holding the data directory's lock, the one {@code ticketd serve}
     * holds while it runs, so that the journal and the index do not change underneath
     * it and no server starts on the directory meanwhile. When a server (or another
     * tool) holds the lock, prints the lock's message, which names the holder's pid,
     * and returns {@link ExitCode#PROBLEM} without doing anything.
     *
     * @throws picocli.CommandLine.ParameterException when the directory has no journal
     */
    int offline(CommandSpec spec, OfflineWork work) throws IOException {
        Path journal = journal(spec);
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(directory());
        } catch (DataDirectoryLockedException e) {
            return inUse(spec, e);
        }
        try (lock) {
            return work.run(journal);
        }
    }

    /** Reports that the data directory is in use; returns {@link ExitCode#PROBLEM}. */
    static int inUse(CommandSpec spec, DataDirectoryLockedException e) {
        return FailureMessage.report(spec, "ticketd", e.getMessage(), null, ExitCode.PROBLEM);
    }

    /** The index directory of the data directory (it may not exist yet). */
    Path index() {
        return directory().resolve(TicketEngine.INDEX_DIRECTORY);
    }
}
