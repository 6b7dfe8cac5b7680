package io.ticketd.engine.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * How a JSON syntax error is told to whoever must mend the document: Jackson's own
 * reason, then where it happened. One wording for every document ticketd parses: request
 * bodies, and the stored documents and pages its tools read.
 *
 * <p>A document that ends early gets its own sentence: Jackson's message for it embeds
 * the parser's source description ({@code [Source: REDACTED …]}), which says nothing to
 * an integrator, where the position of the unclosed object or array does. Positions are
 * columns while the error is on the document's first line (an NDJSON line is always
 * parsed as a document of one line, whose line number the caller names), lines and
 * columns after it.
 */
public final class JsonSyntaxErrors {

    private JsonSyntaxErrors() {
    }

    /** The reason and position of {@code e}, e.g. {@code "Unexpected character ('a' …) (column 2)"}. */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        boolean known = at != null && at.getLineNr() >= 1 && at.getColumnNr() >= 1;
        boolean lines = known && at.getLineNr() > 1;
        String reason = e instanceof JsonEOFException eof ? endedEarly(eof, lines) : e.getOriginalMessage();
        return known ? reason + " (" + position(at, lines) + ")" : reason;
    }

    private static String endedEarly(JsonEOFException e, boolean lines) {
        JsonParser parser = e.getProcessor();
        JsonStreamContext open = parser == null ? null : parser.getParsingContext();
        if (open == null || open.inRoot()) {
            return e.getOriginalMessage();
        }
        JsonLocation start = open.startLocation(ContentReference.unknown());
        boolean inString = e.getTokenBeingDecoded() == JsonToken.VALUE_STRING
                || e.getTokenBeingDecoded() == JsonToken.FIELD_NAME;
        return "the document ends " + (inString ? "inside a string, " : "") + "before the "
                + (open.inArray() ? "array" : "object") + " opened at " + position(start, lines) + " is closed";
    }

    private static String position(JsonLocation at, boolean lines) {
        return (lines ? "line " + at.getLineNr() + ", " : "") + "column " + at.getColumnNr();
    }
}
