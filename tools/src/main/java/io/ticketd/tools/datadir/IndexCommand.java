package io.ticketd.tools.datadir;

import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;

/**
 * {@code ticketd index}: the commands that derive a data directory's index from its
 * journal, or check it against the journal. Offline: they take the data directory's
 * lock, so they refuse to run (and name the holder's pid) while a server has it.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "index",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = {"Rebuilds the index of a data directory from its journal, or verifies it against the journal.",
                "Offline: stop the server on the data directory first."},
        subcommands = {IndexRebuildCommand.class, IndexVerifyCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ticketd index rebuild --data-dir /var/lib/ticketd",
                "  ticketd index verify --data-dir /var/lib/ticketd",
                "%nExit status: 0 done, nothing wrong; 1 the index disagrees with the journal, a journal record does"
                        + " not decode, or the data directory is in use; 2 bad usage or an I/O error.",
                "Run 'ticketd index <command> --help' for the options of a command."})
public final class IndexCommand extends CommandGroup {
}
