package io.ticketd.engine.ingest;

import java.util.Arrays;

/**
 * The tickets of the open commit batch, by key hash: lets the commit handler see a
 * re-send or revision of a ticket committed earlier in the same batch, before the
 * batch's index writes land. An open-addressing table from a 64-bit key hash to the
 * position of the latest event with that hash; events with colliding hashes are
 * chained through {@link CommitEvent#previousSameKey}. Sized once, cleared per batch
 * in time proportional to the batch.
 *
 * <p>Thread-safety: none; the commit thread owns it.
 */
final class PendingKeys {
    static final int NONE = -1;

    private final long[] hashes;
    private final int[] positions;
    private final int[] used;
    private final int mask;
    private int usedCount;

    PendingKeys(int maxEntries) {
        int capacity = Integer.highestOneBit(Math.max(16, maxEntries * 2 - 1)) << 1;
        hashes = new long[capacity];
        positions = new int[capacity];
        used = new int[maxEntries];
        mask = capacity - 1;
        Arrays.fill(positions, NONE);
    }

    /** The position of the latest event whose key has this hash, or {@link #NONE}. */
    int latest(long hash) {
        for (int i = slot(hash); positions[i] != NONE; i = i + 1 & mask) {
            if (hashes[i] == hash) {
                return positions[i];
            }
        }
        return NONE;
    }

    /** Records {@code position} as the latest event with this hash; returns the previous one, or {@link #NONE}. */
    int put(long hash, int position) {
        int i = slot(hash);
        for (; positions[i] != NONE; i = i + 1 & mask) {
            if (hashes[i] == hash) {
                int previous = positions[i];
                positions[i] = position;
                return previous;
            }
        }
        hashes[i] = hash;
        positions[i] = position;
        used[usedCount++] = i;
        return NONE;
    }

    void clear() {
        for (int k = 0; k < usedCount; k++) {
            positions[used[k]] = NONE;
        }
        usedCount = 0;
    }

    private int slot(long hash) {
        return (int) (hash ^ hash >>> 32) & mask;
    }
}
