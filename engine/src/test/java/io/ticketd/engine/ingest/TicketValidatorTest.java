package io.ticketd.engine.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketValidatorTest {
    private static final String VALID = "{\"ticketId\":\"T-1\",\"storeId\":\"S0001\",\"startDate\":1763000000000000,"
            + "\"items\":[{\"sku\":\"1\",\"amount\":100}],\"total\":100}";

    private static ValidatedTicket validate(String json, String defaultStore) throws TicketValidationException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return TicketValidator.validate(bytes, 0, bytes.length, defaultStore);
    }

    private static TicketValidationException rejection(String json) {
        try {
            validate(json, null);
        } catch (TicketValidationException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void shouldAcceptValidTicketAndReadItsFields() throws Exception {
        ValidatedTicket t = validate(VALID, null);
        assertThat(t.ticketId()).isEqualTo("T-1");
        assertThat(t.storeId()).isEqualTo("S0001");
        assertThat(t.startDate()).isEqualTo(1763000000000000L);
        assertThat(t.storeIdFilled()).isFalse();
        assertThat(t.json()).isEqualTo(VALID);
        assertThat(t.source()[t.closeBrace()]).isEqualTo((byte) '}');
    }

    @Test
    void shouldTrimSurroundingWhitespaceFromTheStoredDocument() throws Exception {
        ValidatedTicket t = validate("  \n\t" + VALID + " \r\n", null);
        assertThat(t.json()).isEqualTo(VALID);
    }

    @Test
    void shouldValidateASliceOfALargerBuffer() throws Exception {
        byte[] bytes = ("[" + VALID + "," + VALID.replace("T-1", "T-2") + "]").getBytes(StandardCharsets.UTF_8);
        int second = VALID.length() + 2;
        ValidatedTicket t = TicketValidator.validate(bytes, second, VALID.length(), null);
        assertThat(t.ticketId()).isEqualTo("T-2");
        assertThat(t.offset()).isEqualTo(second);
    }

    @Test
    void shouldFillTheCredentialsStoreWhenStoreIdIsMissing() throws Exception {
        ValidatedTicket t = validate("{\"ticketId\":\"T\",\"startDate\":1}", "S9");
        assertThat(t.storeId()).isEqualTo("S9");
        assertThat(t.storeIdFilled()).isTrue();
    }

    @Test
    void shouldGiveIdenticalDocumentsTheSameHashAndDifferentOnesDifferentHashes() throws Exception {
        ValidatedTicket a = validate(VALID, null);
        ValidatedTicket b = validate(" " + VALID, null);
        ValidatedTicket c = validate(VALID.replace("100}", "101}"), null);
        assertThat(a.hashHigh()).isEqualTo(b.hashHigh());
        assertThat(a.hashLow()).isEqualTo(b.hashLow());
        assertThat(new long[]{a.hashHigh(), a.hashLow()}).isNotEqualTo(new long[]{c.hashHigh(), c.hashLow()});
    }

    @Test
    void shouldAcceptATicketIdOf128CharactersCountingCodePoints() throws Exception {
        String id = "\uD83D\uDE00".repeat(128); // 128 emoji: 256 UTF-16 chars, 128 characters
        assertThat(validate("{\"ticketId\":\"" + id + "\",\"storeId\":\"S\",\"startDate\":0}", null).ticketId())
                .isEqualTo(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing ticketId   | {\"storeId\":\"S\",\"startDate\":1}                          | ticketId  | is required",
            "numeric ticketId   | {\"ticketId\":7,\"storeId\":\"S\",\"startDate\":1}           | ticketId  | must be a string, got an integer",
            "empty ticketId     | {\"ticketId\":\"\",\"storeId\":\"S\",\"startDate\":1}        | ticketId  | must be 1 to 128 characters, got 0",
            "twice ticketId     | {\"ticketId\":\"a\",\"ticketId\":\"b\",\"storeId\":\"S\",\"startDate\":1} | ticketId | appears more than once",
            "missing storeId    | {\"ticketId\":\"T\",\"startDate\":1}                         | storeId   | is required",
            "bad storeId        | {\"ticketId\":\"T\",\"storeId\":\"a b\",\"startDate\":1}     | storeId   | must be 1 to 64 characters",
            "null storeId       | {\"ticketId\":\"T\",\"storeId\":null,\"startDate\":1}        | storeId   | must be a string, got null",
            "missing startDate  | {\"ticketId\":\"T\",\"storeId\":\"S\"}                       | startDate | is required",
            "string startDate   | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":\"1\"}   | startDate | must be an integer",
            "decimal startDate  | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1.5}     | startDate | must be an integer",
            "huge startDate     | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":99999999999999999999} | startDate | is out of range",
            "negative startDate | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":-1}      | startDate | must not be negative",
            "persistDate sent   | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1,\"persistDate\":5} | persistDate | is assigned by the server",
            "revision sent      | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1,\"revision\":2}    | revision    | is assigned by the server",
            "array              | `[1,2]`                                                     | (ticket)  | must be a JSON object",
            "string             | `\"x\"`                                                     | (ticket)  | must be a JSON object",
            "empty              | `   `                                                       | (ticket)  | is empty",
            "truncated          | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1          | (ticket)  | is not valid JSON",
            "bad nested         | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1,\"items\":[1,}  | (ticket) | is not valid JSON",
            "trailing content   | {\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1} {}      | (ticket)  | has content after",
    })
    void shouldRejectWithTheFieldAndTheReason(String name, String json, String field, String reason) {
        TicketValidationException e = rejection(json);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith(field + ": ");
    }

    @Test
    void shouldRejectADocumentOver64KiB() {
        String padding = "x".repeat(TicketValidator.MAX_TICKET_BYTES);
        TicketValidationException e = rejection("{\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1,\"pad\":\""
                + padding + "\"}");
        assertThat(e.field()).isEqualTo(TicketValidationException.DOCUMENT);
        assertThat(e.reason()).contains("at most 65536 bytes");
    }

    @Test
    void shouldAcceptADocumentOfExactly64KiB() throws Exception {
        String head = "{\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1,\"pad\":\"";
        String json = head + "x".repeat(TicketValidator.MAX_TICKET_BYTES - head.length() - 2) + "\"}";
        assertThat(json.length()).isEqualTo(TicketValidator.MAX_TICKET_BYTES);
        assertThat(validate(json, null).length()).isEqualTo(TicketValidator.MAX_TICKET_BYTES);
    }

    @Test
    void shouldRejectATicketIdOf129Characters() {
        TicketValidationException e = rejection("{\"ticketId\":\"" + "a".repeat(129)
                + "\",\"storeId\":\"S\",\"startDate\":1}");
        assertThat(e.field()).isEqualTo("ticketId");
        assertThat(e.reason()).contains("got 129");
    }

    @Test
    void shouldRejectAStoreIdOf65Characters() {
        TicketValidationException e = rejection("{\"ticketId\":\"T\",\"storeId\":\"" + "s".repeat(65)
                + "\",\"startDate\":1}");
        assertThat(e.field()).isEqualTo("storeId");
    }

    @Test
    void shouldPassUnknownFieldsThroughUntouched() throws Exception {
        String json = "{\"ticketId\":\"T\",\"storeId\":\"S\",\"startDate\":1,\"x\":{\"persistDate\":1,\"revision\":[2]}}";
        assertThat(validate(json, null).json()).isEqualTo(json);
    }

    @Test
    void shouldNotCarryAStackTraceOnRejection() {
        assertThat(rejection("[]").getStackTrace()).isEmpty();
    }

    @Test
    void shouldValidateIdsAgainstThePattern() {
        assertThat(TicketValidator.isValidId("S0001.a_b-c")).isTrue();
        assertThat(TicketValidator.isValidId("")).isFalse();
        assertThat(TicketValidator.isValidId("a/b")).isFalse();
        assertThat(TicketValidator.isValidId("é")).isFalse();
        assertThatThrownBy(() -> TicketValidator.checkId("storeId", "a b"))
                .isInstanceOf(TicketValidationException.class).hasMessageStartingWith("storeId: ");
    }
}
