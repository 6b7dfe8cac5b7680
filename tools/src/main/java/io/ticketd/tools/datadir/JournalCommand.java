package io.ticketd.tools.datadir;

import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;

/**
 * {@code ticketd journal}: the commands that read a data directory's journal. They
 * open it read-only, so they never change it, and they are offline: they hold the data
 * directory's lock while they run, and refuse to start while a server holds it.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "journal",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = {"Reads the journal of a data directory: dump its records as NDJSON, or verify them.",
                "Read-only: the journal is never changed. Offline: stop the server on the data directory first."},
        subcommands = {JournalDumpCommand.class, JournalVerifyCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ticketd journal verify --data-dir /var/lib/ticketd",
                "  ticketd journal dump --data-dir /var/lib/ticketd --type ticket --store store-1 --output s1.ndjson",
                "%nExit status: 0 done, nothing wrong; 1 a record that does not decode (or, for verify, any problem),"
                        + " or the data directory is in use; 2 bad usage or an I/O error.",
                "Run 'ticketd journal <command> --help' for the options of a command."})
public final class JournalCommand extends CommandGroup {
}
