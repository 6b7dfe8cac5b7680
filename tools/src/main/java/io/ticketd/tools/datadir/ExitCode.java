package io.ticketd.tools.datadir;

/**
 * The exit status of the data-directory tools, shared so that scripts can tell a
 * finding from a failure to look. Thread-safety: constants only.
 */
final class ExitCode {
    /** Done, and nothing wrong was found. */
    static final int OK = 0;
    /** A problem in the data (a record that does not decode, an index that disagrees), or the directory is in use. */
    static final int PROBLEM = 1;
    /** Invalid usage, or an I/O error that kept the command from looking (picocli's code for both). */
    static final int USAGE_OR_IO = 2;

    private ExitCode() {
    }
}
