package io.ticketd.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void shouldIngestPageAndReopen() throws Exception {
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            var b = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "T1", 5, 100),
                    EngineFixture.ticketJson("S1", "T2", 5, 200));
            System.out.println(b.persistDate(0) + " " + b.status(0) + " " + b.persistDate(1) + " " + b.status(1));
            List<EngineFixture.Result> all = EngineFixture.walk(engine, "acme", null, 0, engine.lastCommittedPersistDate(), 50);
            all.forEach(System.out::println);
        }
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            var b = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "T1", 5, 100),
                    EngineFixture.ticketJson("S1", "T2", 5, 300));
            System.out.println(b.persistDate(0) + " " + b.status(0) + " " + b.persistDate(1) + " " + b.status(1));
            List<EngineFixture.Result> all = EngineFixture.walk(engine, "acme", "S1", 0, engine.lastCommittedPersistDate(), 1);
            all.forEach(System.out::println);
            assertThat(all).hasSize(3);
        }
    }
}
