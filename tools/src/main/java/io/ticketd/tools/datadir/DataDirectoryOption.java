package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --data-dir} option of the data-directory tools, with the same
 * environment variable and default as {@code ticketd serve}, and the check that the
 * directory holds a journal (so that a mistyped path is a usage error, not a new,
 * empty data directory). A picocli mixin; thread-safety: none, one per command.
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

    /** The index directory of the data directory (it may not exist yet). */
    Path index() {
        return directory().resolve(TicketEngine.INDEX_DIRECTORY);
    }
}
