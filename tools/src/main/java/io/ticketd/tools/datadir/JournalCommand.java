package io.ticketd.tools.datadir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code ticketd journal}: the commands that read a data directory's journal. They
 * open it read-only and take no lock, so they work on the journal of a running
 * server too (Chronicle Queue lets several processes read a queue while one writes),
 * and they see the journal as it was when they started.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "journal",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {"Reads the journal of a data directory: dump its records as NDJSON, or verify them.",
                "Read-only, and safe while a server runs on the data directory."},
        subcommands = {JournalDumpCommand.class, JournalVerifyCommand.class},
        footer = "%nRun 'ticketd journal <command> --help' for the options of a command.")
public final class JournalCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** {@code ticketd journal} without a command is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
