package io.ticketd.api.tickets;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.ticketd.api.http.ApiException;
import io.ticketd.engine.ingest.TicketScanner;
import io.ticketd.engine.ingest.TicketValidationException;
import io.ticketd.engine.ingest.TicketValidator;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.internal.JsonSyntaxErrors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tickets of an ingest request body and validates every one of them,
 * in place (no copy of a ticket, one parse per ticket): a single JSON object, a JSON
 * array of objects, or NDJSON (one object a line). The whole body is validated
 * before anything is stored; the first bad ticket rejects the request with its
 * position and reason ({@code tickets[3].startDate: …}, {@code line 4: …}). A JSON body
 * is first scanned by {@link TicketScanner}; one it cannot vouch for is parsed again with
 * Jackson, which accepts it or names the problem.
 *
 * <p>Thread-safety: stateless.
 */
final class TicketBodyReader {
    enum Format { JSON, NDJSON }

    /** Positions in a JSON body that are not an element of its array (those are their index). */
    private static final int BODY = -2;
    private static final int SINGLE = -1;

    private TicketBodyReader() {
    }

    static List<ValidatedTicket> read(byte[] body, Format format, String defaultStoreId, int maxTickets)
            throws ApiException {
        return format == Format.NDJSON ? ndjson(body, defaultStoreId, maxTickets) : json(body, defaultStoreId, maxTickets);
    }

    private static List<ValidatedTicket> json(byte[] body, String defaultStoreId, int maxTickets) throws ApiException {
        List<ValidatedTicket> scanned = TicketScanner.jsonBody(body, defaultStoreId, maxTickets);
        return scanned != null ? scanned : parse(body, defaultStoreId, maxTickets);
    }

    /** The Jackson parse of a JSON body that the fast scan could not vouch for: it accepts it or names the problem. */
    private static List<ValidatedTicket> parse(byte[] body, String defaultStoreId, int maxTickets) throws ApiException {
        List<ValidatedTicket> tickets = new ArrayList<>();
        int at = BODY; // where a failure is: named only when there is one (no string a ticket)
        try (JsonParser p = TicketValidator.jsonFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                at = SINGLE;
                tickets.add(TicketValidator.validateObject(p, body, 0, defaultStoreId));
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    at = tickets.size();
                    if (t == null) {
                        throw ApiException.badRequest("malformed_body", "the array of tickets is not closed");
                    }
                    if (tickets.size() == maxTickets) {
                        throw tooMany(maxTickets);
                    }
                    if (t != JsonToken.START_OBJECT) {
                        throw ApiException.badRequest("invalid_ticket", where(at) + ": must be a JSON object");
                    }
                    tickets.add(TicketValidator.validateObject(p, body, 0, defaultStoreId));
                }
                at = BODY;
                if (tickets.isEmpty()) {
                    throw ApiException.badRequest("no_tickets", "the array holds no tickets");
                }
            } else {
                throw ApiException.badRequest("malformed_body", first == null ? "the body is empty; send a ticket"
                        + " object, an array of tickets, or NDJSON with Content-Type: application/x-ndjson"
                        : "the body must be a ticket object or an array of ticket objects");
            }
            if (p.nextToken() != null) {
                throw ApiException.badRequest("malformed_body", "the body has content after the "
                        + (first == JsonToken.START_OBJECT ? "ticket object" : "array of tickets")
                        + (first == JsonToken.START_OBJECT ? "; send several tickets as a JSON array or NDJSON" : ""));
            }
            return tickets;
        } catch (TicketValidationException e) {
            throw invalid(where(at), e);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("malformed_body", prefix(where(at)) + "exceeds a JSON limit: "
                    + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw ApiException.badRequest("malformed_body", prefix(where(at)) + "is not valid JSON: "
                    + JsonSyntaxErrors.describe(e));
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_body", prefix(where(at)) + "is not valid JSON: " + e.getMessage());
        }
    }

    private static List<ValidatedTicket> ndjson(byte[] body, String defaultStoreId, int maxTickets) throws ApiException {
        List<ValidatedTicket> tickets = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            if (!blank(body, start, end)) {
                if (tickets.size() == maxTickets) {
                    throw tooMany(maxTickets);
                }
                try {
                    tickets.add(TicketValidator.validate(body, start, end - start, defaultStoreId));
                } catch (TicketValidationException e) {
                    throw invalid("line " + line, e);
                }
            }
            start = end + 1;
        }
        if (tickets.isEmpty()) {
            throw ApiException.badRequest("no_tickets", "the body holds no tickets");
        }
        return tickets;
    }

    /** The name of a position in a JSON body: the body, the lone ticket (null), or an element of the array. */
    private static String where(int at) {
        return at == BODY ? "body" : at == SINGLE ? null : "tickets[" + at + "]";
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static ApiException invalid(String at, TicketValidationException e) {
        String where;
        if (at == null) {
            where = TicketValidationException.DOCUMENT.equals(e.field()) ? "the ticket" : e.field();
        } else if (at.startsWith("line")) {
            where = at + ": " + (TicketValidationException.DOCUMENT.equals(e.field()) ? "the ticket" : e.field());
        } else {
            where = TicketValidationException.DOCUMENT.equals(e.field()) ? at : at + "." + e.field();
        }
        return ApiException.badRequest("invalid_ticket", where + ": " + e.reason());
    }

    private static String prefix(String at) {
        return at == null ? "the ticket " : at.equals("body") ? "the body " : at + " ";
    }

    private static ApiException tooMany(int maxTickets) {
        return ApiException.tooLarge("a request carries at most " + maxTickets + " tickets; split it");
    }
}
