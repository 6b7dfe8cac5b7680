package io.ticketd.engine.registry;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryDescriptorTest {

    @Test
    void shouldRoundTripAuditSequences() {
        for (long sequence : new long[]{1, 255, 256, 65_535, 100_000, 1L << 40, Long.MAX_VALUE}) {
            assertThat(RegistryDescriptor.auditSequence(RegistryDescriptor.auditKey(sequence))).isEqualTo(sequence);
        }
    }

    @Test
    void shouldOrderAuditKeysAsRocksDbDoesByTheirSequence() {
        long[] sequences = {1, 127, 128, 255, 256, 1_000, 65_536, 1L << 32, 1L << 56};
        for (int i = 1; i < sequences.length; i++) {
            byte[] lower = RegistryDescriptor.auditKey(sequences[i - 1]);
            byte[] higher = RegistryDescriptor.auditKey(sequences[i]);
            assertThat(Arrays.compareUnsigned(lower, higher)).as("%d < %d", sequences[i - 1], sequences[i]).isNegative();
        }
    }
}
