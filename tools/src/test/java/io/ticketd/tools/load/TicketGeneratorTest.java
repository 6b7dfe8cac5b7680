package io.ticketd.tools.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TicketGeneratorTest {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final String START_DATE_KEY = "\"startDate\":";

    /** The fixtures and the script arguments that produced them; see workload/README.md. */
    static Stream<Arguments> referenceRuns() {
        return Stream.of(
                Arguments.of("seed42-100stores.ndjson", new TicketGenerator()),
                Arguments.of("seed12345-7stores.ndjson", new TicketGenerator(12345, 7, 1_700_000_000_000_000L, 0.3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceRuns")
    void shouldMatchTheReferenceGeneratorByteForByte(String fixture, TicketGenerator generator) throws IOException {
        List<byte[]> expectedLines = linesOf(fixture);

        assertThat(expectedLines).hasSizeGreaterThanOrEqualTo(200);
        for (int n = 0; n < expectedLines.size(); n++) {
            byte[] expected = expectedLines.get(n);
            byte[] actual = generator.nextTicket();
            // Compared as text first so a mismatch shows where the JSON diverges.
            assertThat(new String(actual, StandardCharsets.UTF_8))
                    .as("%s ticket %d", fixture, n)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).as("%s ticket %d", fixture, n).isEqualTo(expected);
        }
        assertThat(generator.ticketsGenerated()).isEqualTo(expectedLines.size());
    }

    @Test
    void shouldProduceTicketsOfAbout890BytesOnAverage() {
        TicketGenerator generator = new TicketGenerator();
        int tickets = 5000;
        long bytes = 0;
        for (int i = 0; i < tickets; i++) {
            bytes += generator.nextTicket().length;
        }

        assertThat((double) bytes / tickets).isBetween(700.0, 1100.0);
    }

    @Test
    void shouldBackdateAboutTheRequestedFraction() {
        long start = 1_700_000_000_000_000L;
        double requested = 0.3;
        TicketGenerator generator = new TicketGenerator(7, 50, start, requested);
        int tickets = 10_000;
        int backdated = 0;
        for (int n = 0; n < tickets; n++) {
            String json = new String(generator.nextTicket(), StandardCharsets.UTF_8);
            long onTime = start + n * 1000L;
            long offset = startDateOf(json) - onTime;
            if (offset < 0) {
                backdated++;
                // Back-dating moves a ticket by 1 to 29 whole days, on top of its 0..999 µs jitter.
                long days = -Math.floorDiv(offset, MICROS_PER_DAY);
                assertThat(days).as("days back for ticket %d", n).isBetween(1L, 29L);
                assertThat(Math.floorMod(offset, MICROS_PER_DAY)).isLessThan(1000L);
            } else {
                assertThat(offset).as("jitter of ticket %d", n).isLessThan(1000L);
            }
        }

        assertThat((double) backdated / tickets).isBetween(requested - 0.03, requested + 0.03);
    }

    @Test
    void shouldNeverBackdateWhenTheFractionIsZero() {
        long start = TicketGenerator.DEFAULT_START_MICROS;
        TicketGenerator generator = new TicketGenerator(42, 100, start, 0.0);
        for (int n = 0; n < 2000; n++) {
            String json = new String(generator.nextTicket(), StandardCharsets.UTF_8);

            assertThat(startDateOf(json)).isBetween(start + n * 1000L, start + n * 1000L + 999);
        }
    }

    @Test
    void shouldProduceEachTicketInItsOwnArrayWithoutANewline() {
        TicketGenerator generator = new TicketGenerator();

        byte[] first = generator.nextTicket();
        byte[] firstCopy = first.clone();
        byte[] second = generator.nextTicket();

        assertThat(first).isEqualTo(firstCopy).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("{\"ticketId\":\"").endsWith("}")
                .doesNotContain("\n");
    }

    @Test
    void shouldNumberTicketsFromZeroInTheTicketId() {
        TicketGenerator generator = new TicketGenerator();
        for (int n = 0; n < 3; n++) {
            String json = new String(generator.nextTicket(), StandardCharsets.UTF_8);

            assertThat(json).matches("\\{\"ticketId\":\"S\\d{4}-R[1-4]-0000000" + n + "\".*");
        }
        assertThat(generator.ticketsGenerated()).isEqualTo(3);
    }

    @Test
    void shouldRejectANonPositiveStoreCount() {
        assertThatThrownBy(() -> new TicketGenerator(42, 0, TicketGenerator.DEFAULT_START_MICROS, 0.02))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long startDateOf(String json) {
        int from = json.indexOf(START_DATE_KEY) + START_DATE_KEY.length();
        int to = json.indexOf(',', from);
        return Long.parseLong(json.substring(from, to));
    }

    private static List<byte[]> linesOf(String fixture) throws IOException {
        byte[] all;
        try (InputStream in = TicketGeneratorTest.class.getResourceAsStream("/workload/" + fixture)) {
            assertThat(in).as("fixture %s on the test classpath", fixture).isNotNull();
            all = in.readAllBytes();
        }
        assertThat(all).as("%s ends with a newline", fixture).endsWith((byte) '\n');
        List<byte[]> lines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, lineStart, i));
                lineStart = i + 1;
            }
        }
        return lines;
    }
}
