package io.ticketd.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How every ticketd command reports a failure to an operator reading a terminal: one
 * line on the command's error writer, {@code <command>: <what went wrong>}, built from
 * the exception's message and completed where the JDK leaves out the reason (a bare
 * path). The stack trace is printed only with the global {@code --verbose}.
 *
 * <p>Thread-safety: stateless.
 */
public final class FailureMessage {
    private FailureMessage() {
    }

    /** One line saying what {@code e} is about. */
    public static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() == null && f.getOtherFile() == null) {
            return fileProblem(f) + ": " + f.getFile();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        return message;
    }

    /**
     * Prints {@code <command>: <message>} on the command's error writer (and {@code cause}'s
     * stack trace with {@code --verbose}), and returns {@code exitCode}.
     */
    public static int report(CommandSpec spec, String command, String message, Throwable cause, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(command + ": " + message);
        if (cause != null && verbose(spec)) {
            cause.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /**
     * Whether {@code --verbose} was given, on {@code ticketd} or on any command below it.
     * Picocli copies the inherited option into each subcommand's spec; a command run on
     * its own (in a test) has none and is never verbose.
     */
    public static boolean verbose(CommandSpec spec) {
        OptionSpec verbose = spec.findOption("--verbose");
        return verbose != null && Boolean.TRUE.equals(verbose.getValue());
    }

    private static String fileProblem(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        return e.getClass().getSimpleName();
    }
}
