package io.ticketd.tools.datadir;

import io.ticketd.engine.journal.Journal;
import io.ticketd.tools.ProgressLine;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ticketd journal verify}: reads every record of the journal and checks it
 * (see {@link JournalVerifier} for what is checked), then reports the counts by
 * type, the first and last persistDate, and the first problems. Read-only and
 * offline, like {@link JournalDumpCommand}.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        exitCodeOnExecutionException = ExitCode.USAGE_OR_IO,
        description = {"Reads every journal record and checks that it decodes, that each ticket's stored document is"
                + " a JSON object whose persistDate, revision, ticketId and storeId match the record, and that"
                + " persistDates strictly increase.",
                "Read-only: the journal is never changed. Offline: refuses to run while a server (or another tool)"
                        + " holds the data directory. A progress line shows on a terminal.",
                "Exit status: 0 when every record checks; 1 on a problem, or when the data directory is in use;"
                        + " 2 on bad usage or an I/O error.%n"},
        footerHeading = "%nExamples:%n",
        footer = {"  ticketd journal verify --data-dir /var/lib/ticketd",
                "  TICKETD_DATA_DIR=/var/lib/ticketd ticketd journal verify"})
public final class JournalVerifyCommand extends OfflineCommand {
    @Override
    int run(Path journalDirectory) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Findings findings = new Findings();
        long started = System.nanoTime();
        JournalVerifier.Summary summary;
        try (Journal journal = Journal.openReadOnly(journalDirectory);
             ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr())) {
            summary = new JournalVerifier(findings, progress).verify(journal);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println(String.format(Locale.ROOT, "journal %s: %,d records%s: %,d tickets, %,d station pushes (%.1f s)",
                journalDirectory, summary.records(), summary.complete() ? "" : " read before the problem",
                summary.tickets(), summary.stations(), seconds));
        if (summary.records() > 0) {
            out.println("persistDates from " + Findings.persistDate(summary.firstPersistDate()) + " to "
                    + Findings.persistDate(summary.lastPersistDate()));
        }
        findings.print(out, "journal verify", "every record decodes and checks");
        out.flush();
        return findings.clean() ? ExitCode.OK : ExitCode.PROBLEM;
    }
}
