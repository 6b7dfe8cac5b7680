package io.ticketd.tools;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistDateConverterTest {
    private final PersistDateConverter converter = new PersistDateConverter();

    @Test
    void shouldTakeMicrosecondsIsoTimesAndDays() {
        assertThat(converter.convert("1767225600000000")).isEqualTo(1_767_225_600_000_000L);
        assertThat(converter.convert("2026-01-01T00:00:00Z")).isEqualTo(1_767_225_600_000_000L);
        assertThat(converter.convert("2026-01-01T01:00:00+01:00")).isEqualTo(1_767_225_600_000_000L);
        assertThat(converter.convert("2026-01-31T23:59:59.999999Z")).isEqualTo(1_769_903_999_999_999L);
        assertThat(converter.convert(" 2026-01-01 ")).isEqualTo(1_767_225_600_000_000L);
        assertThat(converter.convert("0")).isZero();
    }

    @Test
    void shouldRejectAnythingElseNamingTheFormsItTakes() {
        for (String bad : new String[] {"yesterday", "2026-01-01T00:00:00", "-5", "", "99999999999999999999"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("microseconds since the epoch").hasMessageContaining("'" + bad + "'");
        }
    }
}
