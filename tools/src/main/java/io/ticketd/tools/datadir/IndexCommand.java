package io.ticketd.tools.datadir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code ticketd index}: the commands that derive a data directory's index from its
 * journal, or check it against the journal. Offline: they take the data directory's
 * lock, so they refuse to run (and name the holder's pid) while a server has it.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "index",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {"Rebuilds the index of a data directory from its journal, or verifies it against the journal.",
                "Offline: stop the server on the data directory first."},
        subcommands = {IndexRebuildCommand.class, IndexVerifyCommand.class},
        footer = "%nRun 'ticketd index <command> --help' for the options of a command.")
public final class IndexCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** {@code ticketd index} without a command is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
