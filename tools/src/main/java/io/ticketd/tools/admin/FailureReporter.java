package io.ticketd.tools.admin;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How the admin and export commands report a failure: one line on the command's error
 * writer, {@code <command>: <what went wrong>}, and the stack trace only when the global
 * {@code --verbose} of {@code ticketd} is on. The option is found on the command's own
 * spec, where picocli copies inherited options; a command run on its own (in a test)
 * has none and is never verbose.
 *
 * <p>Thread-safety: stateless.
 */
public final class FailureReporter {
    private FailureReporter() {
    }

    /** Prints {@code message} (and {@code cause}'s stack trace when verbose) and returns {@code exitCode}. */
    public static int report(CommandSpec spec, String command, String message, Throwable cause, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(command + ": " + message);
        if (cause != null && verbose(spec)) {
            cause.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** Whether {@code --verbose} was given, on {@code ticketd} or any command below it. */
    public static boolean verbose(CommandSpec spec) {
        OptionSpec verbose = spec.findOption("--verbose");
        return verbose != null && Boolean.TRUE.equals(verbose.getValue());
    }

    /** The exception's message, completed where the JDK leaves out the reason (a bare path). */
    public static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() == null && f.getOtherFile() == null) {
            return fileProblem(f) + ": " + f.getFile();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
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
