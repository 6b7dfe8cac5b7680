package io.ticketd.tools.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckLedgerTest {

    @Test
    void shouldAnswerThePersistDateAndContentHashOfEachAcknowledgedRevision() {
        AckLedger ledger = new AckLedger(10);
        ledger.record("S0001", "T-1", 1, 100, 0xAAL);
        ledger.record("S0001", "T-1", 2, 105, 0xBBL);
        ledger.record("S0002", "T-1", 1, 103, 0xCCL);

        assertThat(ledger.size()).isEqualTo(3);
        assertThat(ledger.persistDate(AckLedger.key("S0001", "T-1", 2))).isEqualTo(105);
        assertThat(ledger.contentHash(AckLedger.key("S0001", "T-1", 2))).isEqualTo(0xBBL);
        assertThat(ledger.persistDate(AckLedger.key("S0002", "T-1", 1))).isEqualTo(103);
        assertThat(ledger.contentHash(AckLedger.key("S0001", "T-1", 1))).isEqualTo(0xAAL);
        assertThat(ledger.firstPersistDate()).isEqualTo(100);
        assertThat(ledger.lastPersistDate()).isEqualTo(105);
        assertThat(ledger.keys()).containsExactlyInAnyOrder(AckLedger.key("S0001", "T-1", 1),
                AckLedger.key("S0001", "T-1", 2), AckLedger.key("S0002", "T-1", 1));
    }

    @Test
    void shouldAnswerNothingForARevisionNeverAcknowledged() {
        AckLedger ledger = new AckLedger(10);
        ledger.record("S0001", "T-1", 1, 100, 0xAAL);

        assertThat(ledger.persistDate(AckLedger.key("S0001", "T-1", 2))).isEqualTo(Long.MIN_VALUE);
        assertThat(ledger.contentHash(AckLedger.key("S0001", "T-2", 1))).isZero();
    }

    @Test
    void shouldCountAReacknowledgementWithAnotherPersistDateAsAConflictAndKeepTheFirst() {
        AckLedger ledger = new AckLedger(10);
        ledger.record("S0001", "T-1", 1, 100, 0xAAL);
        ledger.record("S0001", "T-1", 1, 100, 0xAAL); // a retried request answered the same: no conflict
        ledger.record("S0001", "T-1", 1, 107, 0xAAL);

        assertThat(ledger.conflicts()).isEqualTo(1);
        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.persistDate(AckLedger.key("S0001", "T-1", 1))).isEqualTo(100);
        assertThat(ledger.conflictsKept())
                .containsExactly(new AckLedger.Conflict(AckLedger.key("S0001", "T-1", 1), 100, 107));
    }

    @Test
    void shouldKeepEveryEntryWhenMoreArriveThanItWasSizedFor() {
        AckLedger ledger = new AckLedger(10); // sized for its minimum, 65,536
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            ledger.record("S0001", "T-" + i, 1, 1_000 + i, i + 1);
        }

        assertThat(ledger.size()).isEqualTo(n);
        assertThat(ledger.keys()).hasSize(n);
        for (int i = 0; i < n; i += 997) {
            long key = AckLedger.key("S0001", "T-" + i, 1);
            assertThat(ledger.persistDate(key)).isEqualTo(1_000 + i);
            assertThat(ledger.contentHash(key)).isEqualTo(i + 1);
        }
    }

    @Test
    void shouldCountEveryConflictButKeepOnlyTheFirstOnesInFull() {
        AckLedger ledger = new AckLedger(10);
        int tickets = AckLedger.MAX_CONFLICTS_KEPT + 5;
        for (int i = 0; i < tickets; i++) {
            ledger.record("S0001", "T-" + i, 1, 100 + i, i);
            ledger.record("S0001", "T-" + i, 1, 500 + i, i);
        }

        assertThat(ledger.conflicts()).isEqualTo(tickets);
        assertThat(ledger.conflictsKept()).hasSize(AckLedger.MAX_CONFLICTS_KEPT);
        assertThat(ledger.conflictsKept().get(3))
                .isEqualTo(new AckLedger.Conflict(AckLedger.key("S0001", "T-3", 1), 103, 503));
    }

    @Test
    void shouldFoldAcknowledgementsRecordedAfterAReadAndDropTheirRepeats() {
        AckLedger ledger = new AckLedger(10);
        ledger.record("S0001", "T-1", 1, 100, 0xAAL);
        ledger.record("S0001", "T-2", 1, 101, 0xBBL);
        assertThat(ledger.size()).isEqualTo(2);

        ledger.record("S0001", "T-1", 1, 100, 0xAAL); // answered again: not a new entry
        ledger.record("S0001", "T-3", 1, 102, 0xCCL);
        ledger.record("S0001", "T-2", 1, 109, 0xBBL); // acknowledged again with another persistDate
        ledger.record("S0001", "T-4", 1, 103, 0xDDL);

        assertThat(ledger.size()).isEqualTo(4);
        assertThat(ledger.conflicts()).isEqualTo(1);
        assertThat(ledger.keys()).containsExactlyInAnyOrder(AckLedger.key("S0001", "T-1", 1),
                AckLedger.key("S0001", "T-2", 1), AckLedger.key("S0001", "T-3", 1), AckLedger.key("S0001", "T-4", 1));
        assertThat(ledger.persistDate(AckLedger.key("S0001", "T-2", 1))).isEqualTo(101);
        assertThat(ledger.persistDate(AckLedger.key("S0001", "T-4", 1))).isEqualTo(103);
        assertThat(ledger.contentHash(AckLedger.key("S0001", "T-4", 1))).isEqualTo(0xDDL);
        assertThat(ledger.contentHash(AckLedger.key("S0001", "T-3", 1))).isEqualTo(0xCCL);
    }
}
