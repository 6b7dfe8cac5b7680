package io.ticketd.engine.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the fast scan to its promise: whatever it accepts, the Jackson parse accepts
 * with the same fields, slice and hash; and it accepts the reference workload's tickets
 * (else it would be no fast path). Mutations of valid tickets probe the edges.
 */
class TicketScannerTest {
    /** The store of a store credential, which fills in a ticket's missing storeId. */
    private static final String DEFAULT_STORE = "S-default";
    /** Bytes a mutation writes: JSON's punctuation, the starts of its tokens, and bytes that break it. */
    private static final byte[] MUTATIONS = ("\"{}[],:\\/ \t\n0123456789-+.eEtrufalsn"
            + "uU\u00e9").getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW = {0x00, 0x1F, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3,
        (byte) 0xE0, (byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};

    @Test
    void shouldAcceptEveryTicketOfTheReferenceShapeAsTheJacksonParseDoes() throws Exception {
        Random random = new Random(42);
        for (int n = 0; n < 2_000; n++) {
            byte[] ticket = ticket(random, n).getBytes(StandardCharsets.UTF_8);
            ValidatedTicket scanned = TicketScanner.ticket(ticket, 0, ticket.length, DEFAULT_STORE);
            assertThat(scanned).as(new String(ticket, StandardCharsets.UTF_8)).isNotNull();
            assertSame(scanned, TicketValidator.parse(ticket, 0, ticket.length, DEFAULT_STORE));
        }
    }

    @Test
    void shouldNeverAcceptAMutatedTicketThatTheJacksonParseRefusesOrReadsDifferently() {
        Random random = new Random(7);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 60_000; n++) {
            byte[] ticket = mutate(random, ticket(random, n).getBytes(StandardCharsets.UTF_8));
            String store = random.nextBoolean() ? DEFAULT_STORE : null;
            ValidatedTicket scanned = TicketScanner.ticket(ticket, 0, ticket.length, store);
            ValidatedTicket parsed;
            try {
                parsed = TicketValidator.parse(ticket, 0, ticket.length, store);
            } catch (TicketValidationException e) {
                assertThat(scanned).as("scan accepted what Jackson refuses (%s): %s", e.getMessage(),
                        new String(ticket, StandardCharsets.UTF_8)).isNull();
                refused++;
                continue;
            }
            if (scanned != null) {
                assertSame(scanned, parsed);
                accepted++;
            }
        }
        // Both outcomes occur often enough for the comparison to mean something.
        assertThat(accepted).isGreaterThan(5_000);
        assertThat(refused).isGreaterThan(5_000);
    }

    @Test
    void shouldReadABodyOfTicketsAsTheJacksonParseDoesOrDeferToIt() throws Exception {
        Random random = new Random(11);
        int accepted = 0;
        for (int n = 0; n < 6_000; n++) {
            byte[] body = body(random, n);
            if (n % 2 == 1) {
                body = mutate(random, body);
            }
            int max = n % 2 == 0 ? 5 : 1 + random.nextInt(6); // mutated bodies meet the limit too
            List<ValidatedTicket> scanned = TicketScanner.jsonBody(body, DEFAULT_STORE, max);
            List<ValidatedTicket> parsed = jacksonBody(body, max);
            if (n % 2 == 0) {
                assertThat(scanned).as("an unmutated body").isNotNull();
            }
            if (scanned == null) {
                continue;
            }
            assertThat(parsed).as("scan accepted what Jackson refuses: %s", new String(body, StandardCharsets.UTF_8))
                    .isNotNull();
            assertThat(scanned).hasSameSizeAs(parsed);
            for (int i = 0; i < scanned.size(); i++) {
                assertSame(scanned.get(i), parsed.get(i));
            }
            accepted++;
        }
        assertThat(accepted).isGreaterThan(3_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ticketId\":\"T\\u0031\",\"storeId\":\"S1\",\"startDate\":1}",
        "{\"ticket\\u0049d\":\"T1\",\"storeId\":\"S1\",\"startDate\":1}",
        "{\"ticketId\":\"T1\",\"storeId\":\"S\\u0031\",\"startDate\":1}",
        "{\"ticketId\":\"T1\",\"storeId\":\"S1\",\"startDate\":-0}",
        "{\"ticketId\":\"T1\",\"storeId\":\"S1\",\"startDate\":1000000000000000000}",
        "\uFEFF{\"ticketId\":\"T1\",\"storeId\":\"S1\",\"startDate\":1}",
    })
    void shouldLeaveWhatJacksonDecodesDifferentlyToJackson(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(TicketScanner.ticket(bytes, 0, bytes.length, null)).isNull();
        ValidatedTicket t = TicketValidator.validate(bytes, 0, bytes.length, null);
        assertThat(t.storeId()).isEqualTo("S1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":[1,]}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":{\"a\":1,}}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":01}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":1.}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":.5}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":+1}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":truex}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":\"\\x\"}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":\"\\u12G4\"}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":\"a\tb\"}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":NaN}",
        "{\"ticketId\":\"T1\",\"startDate\":1,'x':1}",
        "{\"ticketId\":\"T1\",\"startDate\":1} {}",
        "{\"ticketId\":\"T1\",\"startDate\":1,\"x\":1 /* c */}",
    })
    void shouldRefuseMalformedJsonThatJacksonRefuses(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(TicketScanner.ticket(bytes, 0, bytes.length, "S1")).isNull();
        assertThat(refusedByJackson(bytes)).isTrue();
    }

    @Test
    void shouldRefuseMalformedUtf8InAString() {
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
            {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("{\"ticketId\":\"T1\",\"startDate\":1,\"x\":\"a".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bad);
            out.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = out.toByteArray();
            assertThat(TicketScanner.ticket(bytes, 0, bytes.length, "S1")).isNull();
        }
        byte[] good = "{\"ticketId\":\"T\u00e9\u20ac\uD83D\uDE00\",\"startDate\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(TicketScanner.ticket(good, 0, good.length, "S1").ticketId()).isEqualTo("T\u00e9\u20ac\uD83D\uDE00");
    }

    @Test
    void shouldDeferNestingDeeperThanItsLimitToJackson() throws Exception {
        String deep = "[".repeat(TicketScanner.MAX_DEPTH) + "]".repeat(TicketScanner.MAX_DEPTH);
        byte[] bytes = ("{\"ticketId\":\"T1\",\"startDate\":1,\"x\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(TicketScanner.ticket(bytes, 0, bytes.length, "S1")).isNull();
        assertThat(TicketValidator.validate(bytes, 0, bytes.length, "S1").ticketId()).isEqualTo("T1");
    }

    private static boolean refusedByJackson(byte[] bytes) {
        try {
            TicketValidator.parse(bytes, 0, bytes.length, "S1");
            return false;
        } catch (TicketValidationException e) {
            return true;
        }
    }

    private static void assertSame(ValidatedTicket scanned, ValidatedTicket parsed) {
        assertThat(scanned.ticketId()).isEqualTo(parsed.ticketId());
        assertThat(scanned.storeId()).isEqualTo(parsed.storeId());
        assertThat(scanned.storeIdFilled()).isEqualTo(parsed.storeIdFilled());
        assertThat(scanned.startDate()).isEqualTo(parsed.startDate());
        assertThat(scanned.offset()).isEqualTo(parsed.offset());
        assertThat(scanned.length()).isEqualTo(parsed.length());
        assertThat(scanned.hashHigh()).isEqualTo(parsed.hashHigh());
        assertThat(scanned.hashLow()).isEqualTo(parsed.hashLow());
    }

    /** What a Jackson walk of a JSON body accepts, as the ingest endpoint's own parse does; null when refused. */
    private static List<ValidatedTicket> jacksonBody(byte[] body, int max) {
        List<ValidatedTicket> tickets = new ArrayList<>();
        try (JsonParser p = TicketValidator.jsonFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                tickets.add(TicketValidator.validateObject(p, body, 0, DEFAULT_STORE));
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT || tickets.size() == max) {
                        return null;
                    }
                    tickets.add(TicketValidator.validateObject(p, body, 0, DEFAULT_STORE));
                }
                if (tickets.isEmpty()) {
                    return null;
                }
            } else {
                return null;
            }
            return p.nextToken() == null ? tickets : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] body(Random random, int n) {
        StringBuilder b = new StringBuilder();
        int count = 1 + random.nextInt(5);
        if (count == 1 && random.nextBoolean()) {
            return (" " + ticket(random, n) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        b.append(random.nextBoolean() ? "[" : " [\n ");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : random.nextBoolean() ? "," : " ,\n").append(ticket(random, n * 10 + i));
        }
        return b.append(random.nextBoolean() ? "]" : "\n] ").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(Random random, byte[] ticket) {
        int at = random.nextInt(ticket.length);
        byte b = random.nextInt(4) == 0 ? RAW[random.nextInt(RAW.length)] : MUTATIONS[random.nextInt(MUTATIONS.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(4)) {
            case 0: // replace
                out.write(ticket, 0, at);
                out.write(b);
                out.write(ticket, at + 1, ticket.length - at - 1);
                break;
            case 1: // insert
                out.write(ticket, 0, at);
                out.write(b);
                out.write(ticket, at, ticket.length - at);
                break;
            case 2: // delete
                out.write(ticket, 0, at);
                out.write(ticket, at + 1, ticket.length - at - 1);
                break;
            default: // truncate
                out.write(ticket, 0, at);
        }
        return out.toByteArray();
    }

    /**
     * A ticket of the reference workload's shape (gen_tickets.py: ids, an operator, items
     * with taxes, tenders, totals), with the odd escape and non-ASCII text in its free
     * fields and, now and then, whitespace between tokens.
     */
    static String ticket(Random random, int n) {
        String ws = random.nextInt(8) == 0 ? " " : "";
        String store = String.format("S%04d", random.nextInt(100));
        StringBuilder t = new StringBuilder("{");
        field(t, ws, "ticketId").append('"').append(store).append("-R").append(1 + random.nextInt(4)).append('-')
                .append(String.format("%08d", n)).append('"').append(',');
        if (random.nextInt(10) != 0) { // else left to the credential's store, when there is one
            field(t, ws, "storeId").append('"').append(store).append('"').append(',');
        }
        field(t, ws, "registerId").append("\"R1\",");
        field(t, ws, "operator").append("{\"id\":\"E006\",\"name\":\"").append(text(random)).append("\"},");
        field(t, ws, "type").append(random.nextInt(20) == 0 ? "\"REFUND\"," : "\"SALE\",");
        field(t, ws, "startDate").append(1_763_000_000_000_000L + random.nextInt(1_000_000_000)).append(',');
        field(t, ws, "endDate").append(1_763_000_083_375_099L).append(',');
        field(t, ws, "currency").append("\"USD\",");
        field(t, ws, "items").append('[');
        int items = 1 + random.nextInt(6);
        int total = 0;
        for (int i = 1; i <= items; i++) {
            int quantity = 1 + random.nextInt(4);
            int price = 50 + random.nextInt(2_000);
            total += quantity * price;
            t.append(i > 1 ? "," + ws : "").append("{\"line\":").append(i).append(",\"sku\":\"")
                    .append(String.format("%06d", random.nextInt(1_000_000))).append("\",\"description\":\"")
                    .append(text(random)).append("\",\"department\":\"DELI\",\"quantity\":").append(quantity)
                    .append(",\"unitPrice\":").append(price).append(",\"amount\":").append(quantity * price)
                    .append(",\"weight\":").append(random.nextInt(3) == 0 ? "0.25e1" : "-1.5")
                    .append(",\"void\":").append(random.nextBoolean()).append(",\"note\":null")
                    .append(",\"taxes\":[{\"code\":\"ST\",\"amount\":").append(price / 13).append("}]}");
        }
        t.append("],");
        field(t, ws, "tenders").append("[{\"type\":\"GIFT\",\"amount\":").append(total).append("}],");
        field(t, ws, "total").append(total);
        return t.append(ws).append('}').toString();
    }

    private static StringBuilder field(StringBuilder t, String ws, String name) {
        return t.append(ws).append('"').append(name).append('"').append(ws).append(':').append(ws);
    }

    private static String text(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return "Caf\u00e9 cr\u00e8me \u20ac2";
            case 1:
                return "say \\\"hi\\\" \\u00e9\\n";
            case 2:
                return "\uD83D\uDE00 smile";
            default:
                return "Item " + random.nextInt(20_000);
        }
    }
}
