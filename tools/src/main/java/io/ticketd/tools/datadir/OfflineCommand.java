package io.ticketd.tools.datadir;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A command that works on a data directory offline: it takes {@code --data-dir} and
 * runs {@link #run} while holding the directory's lock (see
 * {@link DataDirectoryOption#offline}), so a running server makes it exit 1 instead.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
abstract class OfflineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    final DataDirectoryOption dataDirectory = new DataDirectoryOption();

    @Override
    public Integer call() throws IOException {
        return dataDirectory.offline(spec, this::run);
    }

    /** The command's work on the journal in {@code journalDirectory}, under the lock; returns the exit code. */
    abstract int run(Path journalDirectory) throws IOException;
}
