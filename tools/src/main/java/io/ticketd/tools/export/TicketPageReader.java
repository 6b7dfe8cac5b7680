package io.ticketd.tools.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.ticketd.engine.internal.JsonSyntaxErrors;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one page of {@code GET …/apip/tickets},
 * {@code {"content":{"cursor":…,"resultCount":n,"results":[…]}}}, with Jackson's
 * streaming parser, without building a tree: it finds where each result object
 * starts and ends in the body, so that the result can be written out as the very
 * bytes the server sent (the stored ticket), never re-serialized.
 *
 * <p>Thread-safety: stateless.
 */
final class TicketPageReader {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private TicketPageReader() {
    }

    /**
     * One page: the cursor of the next (null when the range is exhausted) and where
     * each result lies in the body, in order.
     */
    record Page(String cursor, int resultCount, int[] offsets, int[] lengths) {
        int offset(int i) {
            return offsets[i];
        }

        int length(int i) {
            return lengths[i];
        }
    }

    /** A page that is not what the tickets endpoint answers. */
    static final class MalformedPageException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedPageException(String message) {
            super("the server's page is not as expected: " + message);
        }

        MalformedPageException(String message, Throwable cause) {
            super("the server's page is not as expected: " + message, cause);
        }
    }

    /** Reads the page in {@code body}, a whole response body. */
    static Page read(byte[] body) throws MalformedPageException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the body");
            Page page = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("content")) {
                    page = content(p);
                } else {
                    p.skipChildren();
                }
            }
            if (page == null) {
                throw new MalformedPageException("no content");
            }
            return page;
        } catch (MalformedPageException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("not JSON: " + JsonSyntaxErrors.describe(e), e);
        } catch (IOException e) {
            throw new MalformedPageException(e.getMessage(), e);
        }
    }

    private static Page content(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "content");
        String cursor = null;
        boolean cursorSeen = false;
        int resultCount = -1;
        int count = -1;
        int[] offsets = new int[0];
        int[] lengths = new int[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "cursor" -> {
                    if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                        throw new MalformedPageException("cursor is neither a string nor null");
                    }
                    cursorSeen = true;
                    cursor = value == JsonToken.VALUE_NULL ? null : p.getText();
                }
                case "resultCount" -> {
                    expect(value, JsonToken.VALUE_NUMBER_INT, "resultCount");
                    resultCount = p.getIntValue();
                }
                case "results" -> {
                    expect(value, JsonToken.START_ARRAY, "results");
                    count = 0;
                    offsets = new int[16];
                    lengths = new int[16];
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        long start = p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        long end = p.currentTokenLocation().getByteOffset() + 1;
                        if (count == offsets.length) {
                            offsets = Arrays.copyOf(offsets, count * 2);
                            lengths = Arrays.copyOf(lengths, count * 2);
                        }
                        offsets[count] = (int) start;
                        lengths[count] = (int) (end - start);
                        count++;
                    }
                    expect(p.currentToken(), JsonToken.END_ARRAY, "every result (a JSON object)");
                }
                default -> p.skipChildren();
            }
        }
        if (!cursorSeen) {
            throw new MalformedPageException("no cursor");
        }
        if (count < 0) {
            throw new MalformedPageException("no results");
        }
        if (resultCount >= 0 && resultCount != count) {
            throw new MalformedPageException("resultCount is " + resultCount + " but " + count + " results came");
        }
        return new Page(cursor, count, offsets, lengths);
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws MalformedPageException {
        if (actual != expected) {
            throw new MalformedPageException(what + ": expected " + expected + ", found " + actual);
        }
    }
}
