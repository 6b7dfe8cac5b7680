package io.ticketd.tools;

import io.ticketd.tools.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code ticketd} command line: the main class of {@code tools/target/ticketd.jar},
 * which {@code tools/bin/ticketd} runs. Each command is a picocli subcommand listed in
 * {@link Command#subcommands()} below; every one has {@code --help}, and
 * {@code --verbose} is inherited by all of them.
 *
 * <p>Exit codes are picocli's: 0 success, 1 a failure while running, 2 invalid usage
 * (wrong options, or a JVM started without the options Chronicle Queue needs).
 */
@Command(name = "ticketd",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = "ticketd: POS ticket ingestion server and tools.",
        subcommands = {ServeCommand.class, LoadCommand.class, CommandLine.HelpCommand.class},
        footer = "%nRun 'ticketd <command> --help' for the options of a command.")
public final class TicketdCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log ticketd's debug messages, and print the stack trace of a failure.")
    private boolean verbose;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with ticketd's error handling: one-line messages, stack traces only with --verbose. */
    static CommandLine commandLine() {
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

    /** {@code ticketd} without a command is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }

    /** The version from the jar's manifest ({@code Implementation-Version}). */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TicketdCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ticketd " + (version == null ? "(development build, not from a jar)" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
