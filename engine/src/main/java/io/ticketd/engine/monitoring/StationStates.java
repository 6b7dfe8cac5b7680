package io.ticketd.engine.monitoring;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import org.rocksdb.RocksIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every station's current state, in memory for queries: loaded from the index's
 * {@code stations} column family at open, then updated by the commit thread after
 * each batch's index write (so a state is visible only once its push is durable).
 * Stations are few (one per store), so all of them fit in memory.
 *
 * <p>Thread-safety: one writer (the commit thread), any number of readers.
 */
public final class StationStates {
    private final Map<String, StationState> states = new ConcurrentHashMap<>();

    public static StationStates load(IndexStore index) {
        StationStates loaded = new StationStates();
        try (RocksIterator it = index.iterator(index.stations())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                String account = IndexKeyDescriptor.account(key);
                String store = IndexKeyDescriptor.store(key);
                loaded.publish(StationStateDescriptor.decode(account, store, it.value()));
            }
        }
        return loaded;
    }

    public StationState get(String account, String storeId) {
        return states.get(key(account, storeId));
    }

    /** Every station of an account that has pushed, by store id. */
    public List<StationState> of(String account) {
        List<StationState> out = new ArrayList<>();
        for (StationState s : states.values()) {
            if (s.account().equals(account)) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(StationState::storeId));
        return out;
    }

    public void publish(StationState state) {
        states.put(key(state.account(), state.storeId()), state);
    }

    private static String key(String account, String storeId) {
        return account + '\u0000' + storeId;
    }
}
