package io.ticketd.tools.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.handler.codec.http.HttpMethod;
import net.openhft.hashing.LongHashFunction;
import org.agrona.collections.LongHashSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a run, pages the whole account back and checks that every acknowledged
 * ticket revision is there exactly once, with its acknowledged persistDate, its
 * content as sent, and in strictly increasing persistDate order; and that no revision
 * was acknowledged twice with two persistDates.
 */
final class Verifier {
    private static final JsonFactory JSON = new JsonFactory();
    private static final LongHashFunction HASH = LongHashFunction.xx3();
    private static final byte[] SPLICE = ",\"persistDate\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_PROBLEMS_LISTED = 20;

    /** What verification found. */
    record Result(long pagedBack, long acknowledged, long missing, long repeated, long wrongPersistDate,
                  long contentChanged, long outOfOrder, long conflictingAcknowledgements, long unacknowledgedStored,
                  List<String> problems) {
        boolean ok() {
            return missing == 0 && repeated == 0 && wrongPersistDate == 0 && contentChanged == 0 && outOfOrder == 0
                    && conflictingAcknowledgements == 0;
        }
    }

    private Verifier() {
    }

    static Result verify(LoadHttpClient.Connection c, String credential, AckLedger ledger, LoadProgress progress)
            throws IOException {
        LongHashSet seen = new LongHashSet(Math.max(16, ledger.size() * 2));
        Map<Long, AckLedger.Conflict> conflicts = new HashMap<>();
        ledger.conflictsKept().forEach(conflict -> conflicts.put(conflict.key(), conflict));
        List<String> problems = new ArrayList<>();
        long paged = 0;
        long repeated = 0;
        long wrongPd = 0;
        long changed = 0;
        long outOfOrder = 0;
        long unacknowledged = 0;
        long previous = Long.MIN_VALUE;
        String path = "/apip/tickets?startDate=0&endDate=" + Math.max(0, ledger.lastPersistDate()) + "&maxPageSize=50";
        while (path != null) {
            Http.Reply reply = Http.call(c, HttpMethod.GET, path, credential, null).expect(200, "paging back");
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            Page page = Page.parse(body);
            for (int[] slice : page.results) {
                paged++;
                Fields f = Fields.of(body, slice[0], slice[1]);
                if (f.persistDate <= previous) {
                    outOfOrder++;
                    note(problems, "out of order: " + f.storeId + "/" + f.ticketId + " persistDate " + f.persistDate
                            + " after " + previous);
                }
                previous = f.persistDate;
                long key = AckLedger.key(f.storeId, f.ticketId, f.revision);
                long acknowledged = ledger.persistDate(key);
                if (acknowledged == Long.MIN_VALUE) {
                    unacknowledged++; // stored but its acknowledgement never reached the generator (or an earlier run)
                    continue;
                }
                AckLedger.Conflict conflict = conflicts.remove(key);
                if (conflict != null) {
                    note(problems, f.storeId + "/" + f.ticketId + " revision " + f.revision
                            + " was acknowledged with persistDate " + conflict.firstPersistDate() + ", then again with "
                            + conflict.laterPersistDate());
                }
                if (!seen.add(key)) {
                    repeated++;
                    note(problems, "paged back twice: " + f.storeId + "/" + f.ticketId + " revision " + f.revision);
                }
                if (acknowledged != f.persistDate) {
                    wrongPd++;
                    note(problems, "persistDate of " + f.storeId + "/" + f.ticketId + " is " + f.persistDate
                            + ", acknowledged " + acknowledged);
                }
                if (ledger.contentHash(key) != originalHash(body, slice[0], slice[1])) {
                    changed++;
                    note(problems, "content of " + f.storeId + "/" + f.ticketId + " differs from what was sent");
                }
            }
            progress.verified(paged);
            path = page.cursor == null ? null : "/apip/tickets?cursor=" + page.cursor;
        }
        long missing = 0;
        for (long key : ledger.keys()) {
            if (!seen.contains(key)) {
                missing++;
                note(problems, "an acknowledged ticket revision was not paged back (ledger key "
                        + Long.toHexString(key) + ", persistDate " + ledger.persistDate(key) + ")");
            }
        }
        for (AckLedger.Conflict unpaged : conflicts.values()) { // not paged back: named by its ledger key only
            note(problems, "a ticket revision (ledger key " + Long.toHexString(unpaged.key()) + ") was acknowledged with"
                    + " persistDate " + unpaged.firstPersistDate() + ", then again with " + unpaged.laterPersistDate());
        }
        long conflicting = ledger.conflicts();
        if (conflicting > AckLedger.MAX_CONFLICTS_KEPT) {
            note(problems, "in all, " + conflicting + " acknowledgements of a revision already acknowledged carried"
                    + " another persistDate than the first (the first " + AckLedger.MAX_CONFLICTS_KEPT + " by ticket)");
        }
        return new Result(paged, ledger.size(), missing, repeated, wrongPd, changed, outOfOrder, conflicting,
                unacknowledged, problems);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS_LISTED) {
            problems.add(problem);
        }
    }

    /** The hash of the ticket as it was sent: the stored document without the spliced persistDate and revision. */
    private static long originalHash(byte[] body, int from, int to) {
        int splice = lastIndexOf(body, from, to, SPLICE);
        if (splice < 0) {
            return 0;
        }
        byte[] original = new byte[splice - from + 1];
        System.arraycopy(body, from, original, 0, splice - from);
        original[original.length - 1] = '}';
        return HASH.hashBytes(original);
    }

    private static int lastIndexOf(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = to - needle.length; i >= from; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A page answer: its cursor and where each result's bytes are. */
    private record Page(String cursor, List<int[]> results) {
        static Page parse(byte[] body) throws IOException {
            String cursor = null;
            List<int[]> results = new ArrayList<>();
            try (JsonParser p = JSON.createParser(body)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.FIELD_NAME) {
                        continue;
                    }
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("cursor")) {
                        cursor = v == JsonToken.VALUE_NULL ? null : p.getText();
                    } else if (name.equals("results")) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            int start = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            results.add(new int[]{start, (int) p.currentTokenLocation().getByteOffset() + 1});
                        }
                    }
                }
            }
            return new Page(cursor, results);
        }
    }

    /** The identity of a stored ticket. */
    private record Fields(String storeId, String ticketId, int revision, long persistDate) {
        static Fields of(byte[] body, int from, int to) throws IOException {
            String storeId = null;
            String ticketId = null;
            int revision = 0;
            long persistDate = 0;
            try (JsonParser p = JSON.createParser(body, from, to - from)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "storeId" -> storeId = p.getText();
                        case "ticketId" -> ticketId = p.getText();
                        case "revision" -> revision = p.getIntValue();
                        case "persistDate" -> persistDate = p.getLongValue();
                        default -> p.skipChildren();
                    }
                }
            }
            return new Fields(storeId, ticketId, revision, persistDate);
        }
    }
}
