package io.ticketd.tools.datadir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.ticketd.engine.internal.JsonSyntaxErrors;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalException;
import io.ticketd.engine.journal.JournalRecord;
import io.ticketd.engine.journal.RecordType;
import io.ticketd.tools.ProgressLine;

import java.io.IOException;

/**
 * Reads every record of a journal and checks what the rest of ticketd relies on:
 * each record decodes (a known type, lengths that add up: {@link Journal.Reader#next}
 * refuses anything else); each ticket's stored document is one JSON object whose
 * {@code persistDate} and {@code revision} equal the record's header and whose
 * {@code ticketId} and {@code storeId} equal its keys; and persistDates strictly
 * increase from each record to the next, across types (invariant 1).
 *
 * <p>A record that does not decode ends the check: the records after it cannot be
 * located reliably. Every other problem is counted and the check goes on.
 * Constant memory: one reused record, one streaming parser at a time.
 *
 * <p>Thread-safety: none; one verifying thread.
 */
final class JournalVerifier {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** What was read: counts by type, and the first and last persistDate ({@code -1} when there was no record). */
    record Summary(long tickets, long stations, long firstPersistDate, long lastPersistDate, boolean complete) {
        long records() {
            return tickets + stations;
        }
    }

    private final Findings findings;
    private final ProgressLine progress;

    JournalVerifier(Findings findings, ProgressLine progress) {
        this.findings = findings;
        this.progress = progress;
    }

    /** Checks the records up to the journal's last index as of now (a running server may append more). */
    Summary verify(Journal journal) {
        long last = journal.lastIndex();
        JournalRecord record = new JournalRecord();
        long tickets = 0;
        long stations = 0;
        long first = -1;
        long previous = -1;
        long previousIndex = -1;
        try (Journal.Reader reader = journal.reader().toStart()) {
            while (reader.next(record) && record.index() <= last) {
                if (record.type() == RecordType.TICKET) {
                    tickets++;
                    checkTicket(record);
                } else {
                    stations++;
                }
                if (previousIndex >= 0 && record.persistDate() <= previous) {
                    findings.add("journal index " + Long.toHexString(record.index()) + " (" + describe(record)
                            + "): persistDate " + record.persistDate() + " is not after " + previous
                            + ", the persistDate of the record before it (journal index "
                            + Long.toHexString(previousIndex) + ")");
                }
                if (previousIndex < 0) {
                    first = record.persistDate();
                }
                previous = record.persistDate();
                previousIndex = record.index();
                progress.update("records verified", tickets + stations);
            }
        } catch (JournalException e) {
            findings.add((previousIndex < 0 ? "at the start of the journal" : "after journal index "
                    + Long.toHexString(previousIndex)) + ": " + e.getMessage()
                    + "; the records after it were not read");
            return new Summary(tickets, stations, first, previous, false);
        }
        return new Summary(tickets, stations, first, previous, true);
    }

    private void checkTicket(JournalRecord record) {
        String problem;
        try {
            problem = checkDocument(record);
        } catch (JsonProcessingException e) {
            problem = "the stored document is not valid JSON: " + JsonSyntaxErrors.describe(e);
        } catch (IOException e) {
            // A byte[] source cannot fail to read; anything Jackson raises is about the bytes.
            problem = "the stored document cannot be parsed: " + e.getMessage();
        }
        if (problem != null) {
            findings.add("journal index " + Long.toHexString(record.index()) + " (" + describe(record)
                    + ", persistDate " + record.persistDate() + ", revision " + record.revision() + "): " + problem);
        }
    }

    /** What is wrong with the stored document, or null when nothing is. */
    private static String checkDocument(JournalRecord record) throws IOException {
        try (JsonParser p = JSON.createParser(record.json(), 0, record.jsonLength())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "the stored document is not a JSON object";
            }
            Long persistDate = null;
            Long revision = null;
            String ticketId = null;
            String storeId = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "persistDate", "revision" -> {
                        if ((name.equals("persistDate") ? persistDate : revision) != null) {
                            return "the stored document has two " + name + " fields";
                        }
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            return "the stored document's " + name + " is not an integer";
                        }
                        if (name.equals("persistDate")) {
                            persistDate = p.getLongValue();
                        } else {
                            revision = p.getLongValue();
                        }
                    }
                    case "ticketId", "storeId" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return "the stored document's " + name + " is not a string";
                        }
                        if (name.equals("ticketId")) {
                            ticketId = p.getText();
                        } else {
                            storeId = p.getText();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                return "the stored document is not a valid JSON object";
            }
            if (p.nextToken() != null) {
                return "the stored document has content after its closing brace";
            }
            if (persistDate == null || persistDate != record.persistDate()) {
                return "the stored document's persistDate is " + persistDate + ", the header's "
                        + record.persistDate();
            }
            if (revision == null || revision != record.revision()) {
                return "the stored document's revision is " + revision + ", the header's " + record.revision();
            }
            if (!record.ticketId().equals(ticketId)) {
                return "the stored document's ticketId is " + quote(ticketId) + ", the record's "
                        + quote(record.ticketId());
            }
            if (!record.store().equals(storeId)) {
                return "the stored document's storeId is " + quote(storeId) + ", the record's " + quote(record.store());
            }
            return null;
        }
    }

    /** The record's keys, for a problem report. */
    static String describe(JournalRecord record) {
        if (record.type() == RecordType.TICKET) {
            return "ticket of account " + record.account() + ", store " + record.store() + ", ticketId "
                    + quote(record.ticketId());
        }
        return "station status of account " + record.account() + ", store " + record.store();
    }

    private static String quote(String s) {
        return s == null ? "none" : '"' + s + '"';
    }
}
