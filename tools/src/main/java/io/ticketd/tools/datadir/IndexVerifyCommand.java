package io.ticketd.tools.datadir;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexRecovery;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalException;
import io.ticketd.tools.ProgressLine;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ticketd index verify}: checks that the index of a data directory is what
 * its journal makes it (invariant 4). Offline: it holds the data directory's lock for
 * the whole run; a running server makes it exit 1 with the lock's message.
 *
 * <p>It first brings the index up to the journal exactly as the engine does when it
 * opens ({@link IndexRecovery#catchUp}): an index behind the journal after a crash is
 * normal, and the number of records replayed is reported, not counted as a problem.
 * Then {@link IndexVerifier} compares the two in both directions. The journal is
 * opened read-only; the index is written only by the catch-up.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        exitCodeOnExecutionException = ExitCode.USAGE_OR_IO,
        description = {"Checks the index against the journal, both ways: every by_account and by_store entry points"
                + " at the journal's ticket with its account, store and persistDate, and every ticket has its"
                + " entries; the tickets column family holds each ticket's last revision, persistDate and content"
                + " hash; the station states equal a replay of the journal's station pushes.",
                "First catches the index up with the journal, as the server does when it starts.",
                "Offline: refuses to run while a server (or another tool) holds the data directory. Needs scratch"
                        + " disk space in the data directory of about the size of the index's tickets table.",
                "The journal is only read, never changed. A progress line shows on a terminal.",
                "Exit status: 0 when the index matches the journal; 1 on a problem, or when the data directory is in"
                        + " use; 2 on bad usage or an I/O error.%n"},
        footerHeading = "%nExample:%n",
        footer = "  ticketd index verify --data-dir /var/lib/ticketd")
public final class IndexVerifyCommand extends OfflineCommand {
    /** The scratch table's directory in the data directory (see {@link ScratchTicketTable}). */
    static final String SCRATCH_DIRECTORY = "index-verify.tmp";

    @Override
    int run(Path journalDirectory) throws IOException {
        Path directory = dataDirectory.directory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Findings findings = new Findings();
        long started = System.nanoTime();
        try (Journal journal = Journal.openReadOnly(journalDirectory);
             IndexStore index = IndexStore.open(dataDirectory.index());
             ProgressLine progress = ProgressLine.forTerminal(err)) {
            if (!index.hasCurrentFormat()) {
                findings.add(String.format(Locale.ROOT, "the index is of format %d, written by an earlier build; this"
                                + " build reads format %d: rebuild it with `ticketd index rebuild` (the server also"
                                + " rebuilds it when it starts)", index.format(), IndexKeyDescriptor.FORMAT));
                findings.print(out, "index verify", "");
                out.flush();
                return ExitCode.PROBLEM;
            }
            boolean empty = index.lastAppliedJournalIndex() < 0;
            IndexVerifier.Summary summary;
            try {
                long replayed = IndexRecovery.catchUp(journal, index,
                        applied -> progress.update("journal records replayed into the index", applied));
                progress.clear();
                out.println(String.format(Locale.ROOT, "index %s: %s", index.directory(), replayed == 0
                        ? "up to date with the journal"
                        : String.format(Locale.ROOT, "caught up with the journal: %,d records replayed%s", replayed,
                                empty ? " (the index was empty)" : "")));
                summary = new IndexVerifier(journal, index, directory.resolve(SCRATCH_DIRECTORY), findings, progress)
                        .verify();
            } catch (JournalException e) {
                progress.clear();
                findings.add(e.getMessage());
                findings.print(out, "index verify", "");
                out.flush();
                return ExitCode.PROBLEM;
            }
            out.println(String.format(Locale.ROOT, "journal: %,d tickets (%,d distinct), %,d station pushes (%,d"
                            + " stations)", summary.journalTickets(), summary.distinctTickets(),
                    summary.journalStationPushes(), summary.replayedStations()));
            out.println(String.format(Locale.ROOT, "index: %,d by_account, %,d by_store, %,d tickets and %,d stations"
                    + " entries", summary.byAccount(), summary.byStore(), summary.tickets(), summary.stations()));
            findings.print(out, "index verify", String.format(Locale.ROOT, "the index matches the journal (%.1f s)",
                    (System.nanoTime() - started) / 1e9));
            out.flush();
            return findings.clean() ? ExitCode.OK : ExitCode.PROBLEM;
        }
    }
}
