package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.internal.DataDirectoryLock.DataDirectoryLockedException;
import io.ticketd.engine.journal.JournalException;
import io.ticketd.tools.FailureMessage;
import io.ticketd.tools.ProgressLine;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ticketd index rebuild}: deletes the index of a data directory and replays
 * the whole journal into a new one ({@link TicketEngine#rebuildIndex}), so that every
 * query answers as before (invariant 4). Offline: it holds the data directory's lock
 * while it works; a running server makes it exit 1 with the lock's message.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "rebuild",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        exitCodeOnExecutionException = ExitCode.USAGE_OR_IO,
        description = {"Deletes the index and rebuilds it from the journal.",
                "Rebuilds what the server rebuilds on start: the persistDate index, each ticket's latest revision and"
                        + " the station (monitoring) states. The journal is only read, never changed.",
                "Offline: refuses to run while a server (or another tool) holds the data directory. A progress line"
                        + " shows on a terminal.",
                "Exit status: 0 rebuilt; 1 the data directory is in use, or a journal record does not decode;"
                        + " 2 on bad usage or an I/O error.%n"},
        footerHeading = "%nExample:%n",
        footer = "  ticketd index rebuild --data-dir /var/lib/ticketd")
public final class IndexRebuildCommand extends OfflineCommand {
    /** The engine's rebuild takes the data directory's lock itself, so this command does not take it first. */
    @Override
    public Integer call() throws IOException {
        return run(dataDirectory.journal(spec));
    }

    @Override
    int run(Path journalDirectory) throws IOException {
        Path directory = dataDirectory.directory();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        long replayed;
        try (ProgressLine progress = ProgressLine.forTerminal(err)) {
            replayed = TicketEngine.rebuildIndex(directory, applied -> progress.update("records replayed", applied));
        } catch (DataDirectoryLockedException e) {
            return DataDirectoryOption.inUse(spec, e);
        } catch (JournalException e) {
            return FailureMessage.report(spec, "ticketd", "cannot rebuild the index: " + e.getMessage()
                    + " (run 'ticketd journal verify')", e, ExitCode.PROBLEM);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "index %s rebuilt from the journal: %,d records replayed in %.1f s"
                        + " (%,.0f records/s)", dataDirectory.index(), replayed, seconds,
                replayed / Math.max(seconds, 1e-3)));
        out.flush();
        return ExitCode.OK;
    }
}
