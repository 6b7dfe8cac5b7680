package io.ticketd.engine.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.ticketd.engine.internal.JsonSyntaxErrors;
import net.openhft.hashing.LongTupleHashFunction;

import java.io.IOException;

/**
 * Checks a ticket document against the ticket contract, in one streaming pass and
 * without building a tree. Every entry point (HTTP, load tools, tests) goes through
 * it, so a ticket the engine accepts is accepted the same way everywhere. A document
 * is first given to {@link TicketScanner}, which vouches for the plain ones without a
 * tokenizer; whatever it cannot vouch for is parsed here with Jackson, which accepts it
 * or names its problem.
 *
 * <p>The contract: a JSON object of at most {@value #MAX_TICKET_BYTES} bytes with
 * {@code ticketId} (a string of 1 to 128 characters), {@code storeId} (1 to 64 of
 * {@code [A-Za-z0-9._-]}; it may be omitted when the caller supplies the store) and
 * {@code startDate} (an integer, microseconds since the epoch). {@code persistDate}
 * and {@code revision} are assigned by the server; a document that carries either
 * is refused. Every other field passes through untouched.
 *
 * <p>Thread-safety: stateless; safe to call from any thread.
 */
public final class TicketValidator {
    public static final int MAX_TICKET_BYTES = 64 * 1024;
    public static final int MAX_TICKET_ID_CHARS = 128;
    public static final int MAX_ID_CHARS = 64;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** The factory validation parses with; callers that split request bodies use it too. */
    public static JsonFactory jsonFactory() {
        return JSON;
    }
    private static final LongTupleHashFunction HASH = LongTupleHashFunction.xx128();

    private TicketValidator() {
    }

    /**
     * Validates the document in {@code source[offset, offset + length)}; surrounding
     * whitespace is allowed and not part of the stored ticket.
     *
     * @param defaultStoreId the store to fill in when the document has no storeId
     *                       (a store credential's own store), or null
     */
    public static ValidatedTicket validate(byte[] source, int offset, int length, String defaultStoreId)
            throws TicketValidationException {
        int start = offset;
        int end = offset + length;
        while (start < end && isWhitespace(source[start])) {
            start++;
        }
        while (end > start && isWhitespace(source[end - 1])) {
            end--;
        }
        if (start == end) {
            throw new TicketValidationException(TicketValidationException.DOCUMENT, "is empty; expected a JSON object");
        }
        if (end - start > MAX_TICKET_BYTES) {
            throw new TicketValidationException(TicketValidationException.DOCUMENT, "is " + (end - start)
                    + " bytes; a ticket is at most " + MAX_TICKET_BYTES + " bytes (64 KiB)");
        }

        ValidatedTicket scanned = TicketScanner.ticket(source, start, end, defaultStoreId);
        return scanned != null ? scanned : parse(source, start, end, defaultStoreId);
    }

    /** The Jackson parse of a trimmed document: what the fast path defers to, and the errors' one source. */
    static ValidatedTicket parse(byte[] source, int start, int end, String defaultStoreId)
            throws TicketValidationException {
        try (JsonParser p = JSON.createParser(source, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TicketValidationException(TicketValidationException.DOCUMENT, "must be a JSON object");
            }
            ValidatedTicket ticket = readObject(p, source, start, defaultStoreId);
            if (p.nextToken() != null) {
                throw new TicketValidationException(TicketValidationException.DOCUMENT,
                        "has content after the closing brace of the object");
            }
            return ticket;
        } catch (StreamConstraintsException e) {
            throw new TicketValidationException(TicketValidationException.DOCUMENT,
                    "exceeds a JSON limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw notJson(e);
        } catch (IOException e) {
            // A byte[] source cannot fail to read; anything else Jackson raises is a parse problem.
            throw new TicketValidationException(TicketValidationException.DOCUMENT, "is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Validates the object a parser is positioned at ({@link JsonToken#START_OBJECT}),
     * in place: for a request carrying an array of tickets, every ticket is checked in
     * the one pass that reads the array. Leaves the parser on the object's
     * {@link JsonToken#END_OBJECT}.
     *
     * @param source       the bytes the parser reads
     * @param parserOffset where in {@code source} the parser's input starts
     */
    public static ValidatedTicket validateObject(JsonParser p, byte[] source, int parserOffset, String defaultStoreId)
            throws TicketValidationException, IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new TicketValidationException(TicketValidationException.DOCUMENT, "must be a JSON object, got "
                    + describe(p.currentToken()));
        }
        return readObject(p, source, parserOffset, defaultStoreId);
    }

    /** A parse error as a validation error naming where it is ({@link JsonSyntaxErrors}). */
    public static TicketValidationException notJson(JsonProcessingException e) {
        return new TicketValidationException(TicketValidationException.DOCUMENT, "is not valid JSON: "
                + JsonSyntaxErrors.describe(e));
    }

    private static ValidatedTicket readObject(JsonParser p, byte[] source, int parserOffset, String defaultStoreId)
            throws TicketValidationException, IOException {
        int start = parserOffset + (int) p.currentTokenLocation().getByteOffset();
        String ticketId = null;
        String storeId = null;
        long startDate = 0;
        boolean hasStartDate = false;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "ticketId":
                    if (ticketId != null) {
                        throw duplicate(name);
                    }
                    ticketId = ticketId(p, value);
                    break;
                case "storeId":
                    if (storeId != null) {
                        throw duplicate(name);
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw new TicketValidationException(name, "must be a string, got " + describe(value));
                    }
                    storeId = p.getText();
                    checkId(name, storeId);
                    break;
                case "startDate":
                    if (hasStartDate) {
                        throw duplicate(name);
                    }
                    startDate = startDate(p, value);
                    hasStartDate = true;
                    break;
                case "persistDate":
                case "revision":
                    throw new TicketValidationException(name, "is assigned by the server; a ticket must not carry it");
                default:
                    p.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new TicketValidationException(TicketValidationException.DOCUMENT, "is not a valid JSON object");
        }
        int closeBrace = parserOffset + (int) p.currentTokenLocation().getByteOffset();
        int length = closeBrace - start + 1;
        if (length > MAX_TICKET_BYTES) {
            throw new TicketValidationException(TicketValidationException.DOCUMENT, "is " + length
                    + " bytes; a ticket is at most " + MAX_TICKET_BYTES + " bytes (64 KiB)");
        }
        if (ticketId == null) {
            throw new TicketValidationException("ticketId", "is required");
        }
        boolean filled = false;
        if (storeId == null) {
            if (defaultStoreId == null) {
                throw new TicketValidationException("storeId", "is required");
            }
            storeId = defaultStoreId;
            filled = true;
        }
        if (!hasStartDate) {
            throw new TicketValidationException("startDate", "is required (integer microseconds since the epoch)");
        }
        return accepted(source, start, length, ticketId, storeId, filled, startDate);
    }

    /** A ticket that passed validation, with its content hash. */
    static ValidatedTicket accepted(byte[] source, int start, int length, String ticketId, String storeId,
                                    boolean storeIdFilled, long startDate) {
        long[] hash = HASH.hashBytes(source, start, length);
        return new ValidatedTicket(source, start, length, ticketId, storeId, storeIdFilled, startDate, hash[0], hash[1]);
    }

    /** Checks an account or store id: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    public static void checkId(String field, String id) throws TicketValidationException {
        if (!isValidId(id)) {
            throw new TicketValidationException(field, "must be 1 to " + MAX_ID_CHARS
                    + " characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
    }

    /** True when {@code id} is 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String ticketId(JsonParser p, JsonToken value) throws IOException, TicketValidationException {
        if (value != JsonToken.VALUE_STRING) {
            throw new TicketValidationException("ticketId", "must be a string, got " + describe(value));
        }
        String id = p.getText();
        int chars = id.codePointCount(0, id.length());
        if (chars < 1 || chars > MAX_TICKET_ID_CHARS) {
            throw new TicketValidationException("ticketId", "must be 1 to " + MAX_TICKET_ID_CHARS
                    + " characters, got " + chars);
        }
        return id;
    }

    private static long startDate(JsonParser p, JsonToken value) throws IOException, TicketValidationException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new TicketValidationException("startDate",
                    "must be an integer (microseconds since the epoch), got " + describe(value));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new TicketValidationException("startDate", "is out of range");
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw new TicketValidationException("startDate", "must not be negative");
        }
        return v;
    }

    private static TicketValidationException duplicate(String field) {
        return new TicketValidationException(field, "appears more than once");
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a decimal number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return token.asString() == null ? token.name() : token.asString();
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
