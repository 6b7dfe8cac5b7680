package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.tools.datadir.DataDirectoryFixture.Run;
import io.ticketd.tools.datadir.DataDirectoryFixture.Sample;
import io.ticketd.tools.datadir.DataDirectoryFixture.SetClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal commands read the data directory of a running engine; the index
 * commands refuse to, naming the holder.
 */
class DataDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheJournalOfARunningEngineButNotTouchItsIndex() throws Exception {
        Sample sample = DataDirectoryFixture.build(dir, 6);
        String dataDir = dir.toString();
        SetClock clock = new SetClock();
        clock.now = DataDirectoryFixture.START + 86_400_000_000L;
        try (TicketEngine engine = TicketEngine.open(DataDirectoryFixture.config(dir, clock))) {
            IngestBatch late = DataDirectoryFixture.ingest(engine, sample, "globex", List.of(DataDirectoryFixture
                    .validated(DataDirectoryFixture.ticketJson("G2", "while-running", 1, 9), null)));

            Run dump = DataDirectoryFixture.run(new JournalCommand(), "dump", "--data-dir", dataDir);
            assertThat(dump.exitCode()).as(dump.err()).isZero();
            assertThat(dump.lines()).hasSize((int) (sample.ticketRecords + sample.stationPushes));
            assertThat(dump.lines().get(dump.lines().size() - 1))
                    .contains("\"persistDate\":" + late.persistDate(0) + ",")
                    .contains("\"ticketId\":\"while-running\"");

            Run verify = DataDirectoryFixture.run(new JournalCommand(), "verify", "--data-dir", dataDir);
            assertThat(verify.exitCode()).as(verify.out()).isZero();

            String inUse = "is in use by another ticketd process (pid " + ProcessHandle.current().pid() + ")";
            Run rebuild = DataDirectoryFixture.run(new IndexCommand(), "rebuild", "--data-dir", dataDir);
            assertThat(rebuild.exitCode()).isEqualTo(1);
            assertThat(rebuild.err()).contains(inUse);
            Run indexVerify = DataDirectoryFixture.run(new IndexCommand(), "verify", "--data-dir", dataDir);
            assertThat(indexVerify.exitCode()).isEqualTo(1);
            assertThat(indexVerify.err()).contains(inUse);
            assertThat(indexVerify.out()).isEmpty();
        }
        Run indexVerify = DataDirectoryFixture.run(new IndexCommand(), "verify", "--data-dir", dataDir);
        assertThat(indexVerify.exitCode()).as(indexVerify.out()).isZero();
        assertThat(indexVerify.out()).contains("up to date with the journal");
    }
}
