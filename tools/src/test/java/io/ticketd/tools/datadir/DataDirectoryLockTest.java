package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.tools.JournalDigests;
import io.ticketd.tools.datadir.DataDirectoryFixture.Run;
import io.ticketd.tools.datadir.DataDirectoryFixture.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal and index commands are offline: while an engine holds the data
 * directory they refuse, naming the holder, and do nothing. Once it is closed they run,
 * and none of them changes a byte of the journal.
 */
class DataDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseEveryCommandWhileAnEngineHoldsTheDataDirectory() throws Exception {
        DataDirectoryFixture.build(dir, 6);
        String dataDir = dir.toString();
        String inUse = "is in use by another ticketd process (pid " + ProcessHandle.current().pid() + ")";
        try (TicketEngine engine = TicketEngine.open(DataDirectoryFixture.config(dir,
                new DataDirectoryFixture.SetClock()))) {
            for (String[] command : new String[][] {{"journal", "dump"}, {"journal", "verify"}, {"index", "rebuild"},
                    {"index", "verify"}}) {
                Object group = command[0].equals("journal") ? new JournalCommand() : new IndexCommand();
                Run run = DataDirectoryFixture.run(group, command[1], "--data-dir", dataDir);
                assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(1);
                assertThat(run.err()).contains(inUse).contains("stop it first");
                assertThat(run.out()).isEmpty();
            }
            assertThat(engine.failure()).isNull();
        }
    }

    @Test
    void shouldNeverChangeTheJournal() throws Exception {
        Sample sample = DataDirectoryFixture.build(dir, 8);
        Map<String, String> before = JournalDigests.of(dir);
        String dataDir = dir.toString();
        Run dump = DataDirectoryFixture.run(new JournalCommand(), "dump", "--data-dir", dataDir);
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(dump.lines()).hasSize((int) (sample.ticketRecords + sample.stationPushes));
        for (String command : new String[] {"verify", "rebuild", "verify"}) {
            Run run = DataDirectoryFixture.run(new IndexCommand(), command, "--data-dir", dataDir);
            assertThat(run.exitCode()).as(command + ": " + run.out() + run.err()).isZero();
        }
        Run verify = DataDirectoryFixture.run(new JournalCommand(), "verify", "--data-dir", dataDir);
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(JournalDigests.of(dir)).isEqualTo(before);
    }
}
