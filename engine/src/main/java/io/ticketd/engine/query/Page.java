package io.ticketd.engine.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One page of query results: up to 50 tickets as their stored JSON bytes, in
 * persistDate order, and the cursor for the next page (null when the range is
 * exhausted). The results live back to back in one buffer so the edge can write
 * them out as they are; a caller that reuses a page allocates nothing per result.
 *
 * <p>Thread-safety: none; one page per request or per thread.
 */
public final class Page {
    public static final int MAX_PAGE_SIZE = 50;

    private byte[] buffer = new byte[32 * 1024];
    private int size;
    private final int[] offsets = new int[MAX_PAGE_SIZE];
    private final int[] lengths = new int[MAX_PAGE_SIZE];
    private final long[] persistDates = new long[MAX_PAGE_SIZE];
    private int count;
    private String cursor;

    public int resultCount() {
        return count;
    }

    /** The cursor for the next page, or null when the range is exhausted. */
    public String cursor() {
        return cursor;
    }

    /** The buffer holding every result; see {@link #resultOffset} and {@link #resultLength}. */
    public byte[] buffer() {
        return buffer;
    }

    public int resultOffset(int i) {
        return offsets[i];
    }

    public int resultLength(int i) {
        return lengths[i];
    }

    public long persistDate(int i) {
        return persistDates[i];
    }

    /** Result {@code i} as a string (allocates; for tools and tests). */
    public String resultString(int i) {
        return new String(buffer, offsets[i], lengths[i], StandardCharsets.UTF_8);
    }

    /** All results as strings (allocates; for tools and tests). */
    public List<String> resultStrings() {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(resultString(i));
        }
        return out;
    }

    void reset() {
        size = 0;
        count = 0;
        cursor = null;
    }

    /** Makes room for {@code n} results, filled in any order by {@link #set}. */
    void resultCount(int n) {
        count = n;
    }

    /** Stores result {@code i}; results may be set in any order (their bytes need not be in order). */
    void set(int i, byte[] json, int length, long persistDate) {
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + length, buffer.length * 2));
        }
        System.arraycopy(json, 0, buffer, size, length);
        offsets[i] = size;
        lengths[i] = length;
        persistDates[i] = persistDate;
        size += length;
    }

    void cursor(String cursor) {
        this.cursor = cursor;
    }
}
