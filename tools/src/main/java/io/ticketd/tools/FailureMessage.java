package io.ticketd.tools;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line that says what went wrong, for an operator reading a terminal: the
 * exception's message, completed where the JDK leaves out the reason (a bare path).
 * The stack trace is for {@code --verbose}.
 */
final class FailureMessage {
    private FailureMessage() {
    }

    static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() == null && f.getOtherFile() == null) {
            return fileProblem(f) + ": " + f.getFile();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        return message;
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
