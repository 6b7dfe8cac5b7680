package io.ticketd.tools;

import io.ticketd.tools.admin.AdminCommand;
import io.ticketd.tools.datadir.IndexCommand;
import io.ticketd.tools.datadir.JournalCommand;
import io.ticketd.tools.export.ExportCommand;
import io.ticketd.tools.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;

/**
 * The {@code ticketd} command line: the main class of {@code tools/target/ticketd.jar},
 * which {@code tools/bin/ticketd} runs. Each command is a picocli subcommand listed in
 * {@link Command#subcommands()} below; every one has {@code --help}, and
 * {@code --verbose} is inherited by all of them.
 *
 * <p>Exit codes: 0 success; 1 a failure while running (for admin and export: the server
 * refused; for journal and index: a problem found in the data, or the data directory is
 * in use); 2 invalid usage (wrong options), or for the clients no server or credential
 * to work with. Each
 * command's {@code --help} says what its own codes mean.
 */
@Command(name = "ticketd",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = "ticketd: POS ticket ingestion server and tools.",
        subcommands = {ServeCommand.class, AdminCommand.class, ExportCommand.class, JournalCommand.class,
                IndexCommand.class, LoadCommand.class, CommandLine.HelpCommand.class},
        footer = "%nRun 'ticketd <command> --help' for the options of a command.")
public final class TicketdCommand extends CommandGroup {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log ticketd's debug messages, and print the stack trace of a failure.")
    private boolean verbose;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with ticketd's error handling: one-line messages, stack traces only with --verbose. */
    public static CommandLine commandLine() {
        TicketdCommand root = new TicketdCommand();
        return new CommandLine(root)
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    err.println("ticketd: " + FailureMessage.describe(e));
                    if (root.verbose) {
                        e.printStackTrace(err);
                    }
                    err.flush();
                    return commandLine.getCommandSpec().exitCodeOnExecutionException();
                });
    }

    /** Whether {@code --verbose} was given, on this command or on a subcommand. */
    boolean verbose() {
        return verbose;
    }

    /** The version from the jar's manifest ({@code Implementation-Version}); every command's {@code --version}. */
    public static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TicketdCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ticketd " + (version == null ? "(development build, not from a jar)" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
