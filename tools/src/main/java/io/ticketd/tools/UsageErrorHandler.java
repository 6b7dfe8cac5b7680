package io.ticketd.tools;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports invalid usage in a line or two instead of picocli's default of the message
 * followed by the whole usage: the message, the environment variable when the bad
 * value came from one rather than from the command line, and where to find help.
 * Thread-safety: stateless.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    /** How an option names its environment variable in its default value: {@code ${env:NAME:-…}}. */
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("ticketd: " + e.getMessage() + fromEnvironment(e.getArgSpec(), args));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** " (from the environment variable NAME)" when the option's value came from there; else empty. */
    private static String fromEnvironment(ArgSpec arg, String[] args) {
        if (!(arg instanceof OptionSpec option) || onCommandLine(option, args)) {
            return "";
        }
        String declared = option.defaultValueString(false);
        Matcher m = ENV_DEFAULT.matcher(declared == null ? "" : declared);
        if (!m.find() || System.getenv(m.group(1)) == null) {
            return "";
        }
        return " (from the environment variable " + m.group(1) + ")";
    }

    private static boolean onCommandLine(OptionSpec option, String[] args) {
        return Arrays.stream(args).anyMatch(a -> Arrays.stream(option.names())
                .anyMatch(name -> a.equals(name) || a.startsWith(name + "=")));
    }
}
