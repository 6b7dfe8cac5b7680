package io.ticketd.engine.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of ticket validation: checks a ticket document, or a request body of
 * them, byte by byte without a tokenizer, and answers the same {@link ValidatedTicket}s
 * as {@link TicketValidator}'s Jackson parse, or null when it is not certain.
 *
 * <p>It accepts a strict subset of what the Jackson parse accepts: RFC 8259 JSON in
 * UTF-8 (well-formed sequences only), no byte-order mark, nesting at most
 * {@value #MAX_DEPTH} deep, numbers of at most {@value #MAX_NUMBER_CHARS} characters,
 * names of at most {@value #MAX_NAME_BYTES} bytes, no escape in a top-level field name,
 * in {@code ticketId} or in {@code storeId}, and a {@code startDate} of plain digits
 * that fits in 18 of them. A document that breaks any of these, or any rule of the
 * ticket contract, gets null: the caller then runs the Jackson parse, which accepts it
 * or names the problem. So an error's message comes from one place, and this class
 * only has to be right about what it accepts. {@code TicketScannerTest} holds it to
 * that against the Jackson parse, on the reference workload and on mutations of it.
 *
 * <p>Why: validating with Jackson's streaming parser cost 2.8 µs of an event loop's CPU
 * a ticket under ingest-batch (55 % of the event loops, most of it tokenizing and
 * canonicalizing the names of the nested fields that validation skips); this reads each
 * byte once.
 *
 * <p>Thread-safety: stateless.
 */
public final class TicketScanner {
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_CHARS = 100;
    static final int MAX_NAME_BYTES = 1024;
    /** Digits of a startDate read here; longer ones (and "-0") are left to Jackson's range checks. */
    private static final int MAX_START_DATE_DIGITS = 18;

    private static final int FAIL = -1;

    /** Bytes that stand for themselves inside a string: printable ASCII but '"' and '\\'. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private static final byte[] TICKET_ID = ascii("ticketId");
    private static final byte[] STORE_ID = ascii("storeId");
    private static final byte[] START_DATE = ascii("startDate");
    private static final byte[] PERSIST_DATE = ascii("persistDate");
    private static final byte[] REVISION = ascii("revision");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    private TicketScanner() {
    }

    /**
     * The ticket in {@code source[start, end)}, which must be exactly one JSON object
     * (no surrounding whitespace), or null when this scan cannot vouch for it.
     */
    static ValidatedTicket ticket(byte[] source, int start, int end, String defaultStoreId) {
        if (start >= end || source[start] != '{') {
            return null;
        }
        Fields fields = new Fields();
        int after = topObject(source, start, end, fields);
        if (after != end) {
            return null;
        }
        return fields.ticket(source, start, after, defaultStoreId);
    }

    /**
     * The tickets of a JSON request body (one ticket object, or an array of 1 to
     * {@code maxTickets} of them, with whitespace around), or null when this scan cannot
     * vouch for every one of them.
     */
    public static List<ValidatedTicket> jsonBody(byte[] body, String defaultStoreId, int maxTickets) {
        int end = body.length;
        int i = skipWhitespace(body, 0, end);
        if (i == end) {
            return null;
        }
        List<ValidatedTicket> tickets = new ArrayList<>();
        Fields fields = new Fields();
        if (body[i] == '{') {
            int after = topObject(body, i, end, fields);
            ValidatedTicket t = after < 0 ? null : fields.ticket(body, i, after, defaultStoreId);
            if (t == null || skipWhitespace(body, after, end) != end) {
                return null;
            }
            tickets.add(t);
            return tickets;
        }
        if (body[i] != '[') {
            return null;
        }
        i = skipWhitespace(body, i + 1, end);
        while (i < end && body[i] == '{' && tickets.size() < maxTickets) {
            fields.clear();
            int after = topObject(body, i, end, fields);
            ValidatedTicket t = after < 0 ? null : fields.ticket(body, i, after, defaultStoreId);
            if (t == null) {
                return null;
            }
            tickets.add(t);
            i = skipWhitespace(body, after, end);
            if (i < end && body[i] == ']') {
                return skipWhitespace(body, i + 1, end) == end ? tickets : null;
            }
            if (i >= end || body[i] != ',') {
                return null;
            }
            i = skipWhitespace(body, i + 1, end);
        }
        return null;
    }

    /** What the top level of a ticket object said about the fields validation reads. */
    private static final class Fields {
        String ticketId;
        String storeId;
        long startDate;
        boolean hasStartDate;

        void clear() {
            ticketId = null;
            storeId = null;
            startDate = 0;
            hasStartDate = false;
        }

        /** The ticket spanning {@code source[start, after)}, or null when it breaks a rule. */
        ValidatedTicket ticket(byte[] source, int start, int after, String defaultStoreId) {
            int length = after - start;
            if (length > TicketValidator.MAX_TICKET_BYTES || ticketId == null || !hasStartDate) {
                return null;
            }
            String store = storeId != null ? storeId : defaultStoreId;
            if (store == null) {
                return null;
            }
            return TicketValidator.accepted(source, start, length, ticketId, store, storeId == null, startDate);
        }
    }

    /**
     * Scans the ticket object opening at {@code b[i]}, reading its top-level fields into
     * {@code fields} ({@link #field}); returns the index after its closing brace, or FAIL.
     * Its names may hold no escape: Jackson would decode them. The loop is {@link #object}'s,
     * kept apart so that the nested objects' loop, most of a ticket, has no ticket case
     * (one loop for both: 90 - 92 µs a 100-ticket body against 82 - 92, TicketValidationBenchmark).
     */
    private static int topObject(byte[] b, int i, int end, Fields fields) {
        i = skipWhitespace(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (i < end && b[i] == '"') {
            int nameStart = i + 1;
            i = stringEnd(b, nameStart, end, MAX_NAME_BYTES, false);
            if (i < 0) {
                return FAIL;
            }
            int nameEnd = i - 1;
            i = skipWhitespace(b, i, end);
            if (i >= end || b[i] != ':') {
                return FAIL;
            }
            i = field(b, nameStart, nameEnd, skipWhitespace(b, i + 1, end), end, fields);
            if (i < 0) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = skipWhitespace(b, i + 1, end);
        }
        return FAIL;
    }

    /**
     * The value of the top-level field named {@code b[nameStart, nameEnd)}, starting at
     * {@code b[i]}: read into {@code fields} when validation reads it, else skipped; returns
     * the index after it, or FAIL (also for a repeated field or one the server assigns).
     */
    private static int field(byte[] b, int nameStart, int nameEnd, int i, int end, Fields fields) {
        int nameLength = nameEnd - nameStart;
        if (is(b, nameStart, nameLength, TICKET_ID)) {
            return fields.ticketId != null ? FAIL : ticketId(b, i, end, fields);
        }
        if (is(b, nameStart, nameLength, STORE_ID)) {
            return fields.storeId != null ? FAIL : storeId(b, i, end, fields);
        }
        if (is(b, nameStart, nameLength, START_DATE)) {
            return fields.hasStartDate ? FAIL : startDate(b, i, end, fields);
        }
        if (is(b, nameStart, nameLength, PERSIST_DATE) || is(b, nameStart, nameLength, REVISION)) {
            return FAIL;
        }
        return value(b, i, end, 1);
    }

    private static int ticketId(byte[] b, int i, int end, Fields fields) {
        if (i >= end || b[i] != '"') {
            return FAIL;
        }
        int from = i + 1;
        int after = stringEnd(b, from, end, MAX_NAME_BYTES, false);
        if (after < 0) {
            return FAIL;
        }
        int to = after - 1; // the closing quote
        int codePoints = 0;
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            int c = b[k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                codePoints++;
            }
            ascii &= c < 0x80;
        }
        if (codePoints < 1 || codePoints > TicketValidator.MAX_TICKET_ID_CHARS) {
            return FAIL;
        }
        fields.ticketId = new String(b, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        return after;
    }

    private static int storeId(byte[] b, int i, int end, Fields fields) {
        if (i >= end || b[i] != '"') {
            return FAIL;
        }
        int from = i + 1;
        int to = from;
        while (to < end && isIdByte(b[to])) {
            to++;
        }
        if (to >= end || b[to] != '"' || to == from || to - from > TicketValidator.MAX_ID_CHARS) {
            return FAIL;
        }
        fields.storeId = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        return to + 1;
    }

    private static int startDate(byte[] b, int i, int end, Fields fields) {
        int to = number(b, i, end);
        if (to < 0 || to - i > MAX_START_DATE_DIGITS || b[i] == '-') {
            return FAIL;
        }
        long v = 0;
        for (int k = i; k < to; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return FAIL; // a fraction or an exponent: not an integer token
            }
            v = v * 10 + d;
        }
        fields.startDate = v;
        fields.hasStartDate = true;
        return to;
    }

    /** Skips the value starting at {@code b[i]}; returns the index after it, or FAIL. */
    private static int value(byte[] b, int i, int end, int depth) {
        if (i >= end) {
            return FAIL;
        }
        switch (b[i]) {
            case '"':
                return stringEnd(b, i + 1, end, Integer.MAX_VALUE, true);
            case '{':
                return depth >= MAX_DEPTH ? FAIL : object(b, i, end, depth + 1);
            case '[':
                return depth >= MAX_DEPTH ? FAIL : array(b, i, end, depth + 1);
            case 't':
                return literal(b, i, end, TRUE);
            case 'f':
                return literal(b, i, end, FALSE);
            case 'n':
                return literal(b, i, end, NULL);
            default:
                return number(b, i, end);
        }
    }

    private static int object(byte[] b, int i, int end, int depth) {
        i = skipWhitespace(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (i < end && b[i] == '"') {
            i = stringEnd(b, i + 1, end, MAX_NAME_BYTES, true);
            if (i < 0) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end || b[i] != ':') {
                return FAIL;
            }
            i = value(b, skipWhitespace(b, i + 1, end), end, depth);
            if (i < 0) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = skipWhitespace(b, i + 1, end);
        }
        return FAIL;
    }

    private static int array(byte[] b, int i, int end, int depth) {
        i = skipWhitespace(b, i + 1, end);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = value(b, i, end, depth);
            if (i < 0) {
                return FAIL;
            }
            i = skipWhitespace(b, i, end);
            if (i >= end) {
                return FAIL;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return FAIL;
            }
            i = skipWhitespace(b, i + 1, end);
        }
    }

    /**
     * Skips a string's content from {@code b[i]} (after its opening quote); returns the
     * index after its closing quote, or FAIL on a control character, malformed UTF-8, more
     * than {@code maxBytes} bytes, a bad escape, or any escape when {@code escapes} is false.
     */
    private static int stringEnd(byte[] b, int i, int end, int maxBytes, boolean escapes) {
        int from = i;
        while (true) {
            while (i < end && PLAIN[b[i] & 0xFF]) {
                i++;
            }
            if (i >= end) {
                return FAIL;
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                return i - from > maxBytes ? FAIL : i + 1;
            }
            if (c == '\\' && escapes) {
                i = escapeEnd(b, i + 1, end);
            } else if (c >= 0x80) {
                i = utf8End(b, i, end);
            } else {
                return FAIL; // a raw control character, or an escape where none may be
            }
            if (i < 0) {
                return FAIL;
            }
        }
    }

    /** After a backslash: one of RFC 8259's escapes; returns the index after it, or FAIL. */
    private static int escapeEnd(byte[] b, int i, int end) {
        if (i >= end) {
            return FAIL;
        }
        switch (b[i]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 1;
            case 'u':
                if (i + 5 > end) {
                    return FAIL;
                }
                for (int k = i + 1; k <= i + 4; k++) {
                    if (Character.digit(b[k], 16) < 0) {
                        return FAIL;
                    }
                }
                return i + 5;
            default:
                return FAIL;
        }
    }

    /**
     * One well-formed UTF-8 sequence of two to four bytes at {@code b[i]} (RFC 3629: no
     * overlong forms, no surrogates, nothing above U+10FFFF); returns the index after it,
     * or FAIL.
     */
    private static int utf8End(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n;
        int min;
        int max = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            min = c == 0xE0 ? 0xA0 : 0x80;
            max = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            min = c == 0xF0 ? 0x90 : 0x80;
            max = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return FAIL;
        }
        if (i + n >= end) {
            return FAIL;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            return FAIL;
        }
        for (int k = i + 2; k <= i + n; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                return FAIL;
            }
        }
        return i + n + 1;
    }

    /** RFC 8259's number grammar; returns the index after the number, or FAIL. */
    private static int number(byte[] b, int i, int end) {
        int from = i;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return FAIL;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digitsEnd(b, i + 1, end);
        } else {
            return FAIL;
        }
        if (i < end && b[i] == '.') {
            int digits = i + 1;
            i = digitsEnd(b, digits, end);
            if (i == digits) {
                return FAIL;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int digits = i;
            i = digitsEnd(b, digits, end);
            if (i == digits) {
                return FAIL;
            }
        }
        return i - from > MAX_NUMBER_CHARS ? FAIL : i;
    }

    private static int digitsEnd(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /**
     * A literal, which must end there: Jackson refuses {@code truex} as one token, and
     * here whatever follows must be whitespace or punctuation anyway.
     */
    private static int literal(byte[] b, int i, int end, byte[] word) {
        if (i + word.length > end) {
            return FAIL;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[i + k] != word[k]) {
                return FAIL;
            }
        }
        return i + word.length;
    }

    private static int skipWhitespace(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    private static boolean is(byte[] b, int from, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdByte(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
