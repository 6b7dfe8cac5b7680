package io.ticketd.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.engine.registry.RegistryDescriptor.Family;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared test helpers: a start time, refusals checked field by field, and a raw look at what is on disk. */
final class RegistryFixture {
    static final long START = 1_763_000_000_000_000L;
    static final Set<Scope> READ = Set.of(Scope.TICKETS_READ);

    private RegistryFixture() {
    }

    /** Asserts that {@code call} is refused for {@code reason}, on {@code field}, with a message containing {@code text}. */
    static void assertRefused(ThrowingCall call, RegistryException.Reason reason, String field, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(text);
        });
    }

    /** {@code secret} with one character of its random part changed: what a typo looks like. */
    static String typo(String secret) {
        char c = secret.charAt(10);
        return secret.substring(0, 10) + (c == 'x' ? 'y' : 'x') + secret.substring(11);
    }

    /**
     * The stored JSON of a credential, read from the files of a registry that is open
     * elsewhere, through a read-only RocksDB (which replays the write-ahead log into its own
     * memory): what a restart after a crash would find.
     */
    static JsonNode credentialOnDisk(Path directory, String keyId) throws IOException, RocksDBException {
        return recordOnDisk(directory, Family.CREDENTIALS, keyId);
    }

    /** As {@link #credentialOnDisk}, for the record named {@code id} in any column family. */
    static JsonNode recordOnDisk(Path directory, Family family, String id) throws IOException, RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (Family f : Family.values()) {
            descriptors.add(new ColumnFamilyDescriptor(f.nameBytes()));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.openReadOnly(options, directory.toString(), descriptors, handles)) {
            try {
                byte[] value = db.get(handles.get(family.ordinal()), RegistryDescriptor.idKey(id));
                return value == null ? null : new ObjectMapper().readTree(value);
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
