package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.tools.datadir.DataDirectoryFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal and index commands on the data directory of a server that never received a record. */
class EmptyDataDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void shouldDumpVerifyAndRebuildADataDirectoryWithNoRecords() throws Exception {
        TicketEngine.open(DataDirectoryFixture.config(dir, new DataDirectoryFixture.SetClock())).close();
        String dataDir = dir.toString();

        Run dump = DataDirectoryFixture.run(new JournalCommand(), "dump", "--data-dir", dataDir);
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(dump.out()).isEmpty();
        Run verify = DataDirectoryFixture.run(new JournalCommand(), "verify", "--data-dir", dataDir);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("0 records: 0 tickets, 0 station pushes").contains("journal verify: OK");
        Run rebuild = DataDirectoryFixture.run(new IndexCommand(), "rebuild", "--data-dir", dataDir);
        assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("rebuilt from the journal: 0 records replayed");
        Run indexVerify = DataDirectoryFixture.run(new IndexCommand(), "verify", "--data-dir", dataDir);
        assertThat(indexVerify.exitCode()).as(indexVerify.out() + indexVerify.err()).isZero();
        assertThat(indexVerify.out()).contains("index verify: OK");
    }
}
