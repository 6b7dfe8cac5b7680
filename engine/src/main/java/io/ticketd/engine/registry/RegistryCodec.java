package io.ticketd.engine.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Registry records to and from their stored JSON ({@link RegistryDescriptor} lists which
 * record goes where). Unknown fields are refused when reading: the registry is primary data,
 * and a record this version does not fully understand must stop it rather than be rewritten
 * without the fields it did not know.
 *
 * <p>Thread-safety: safe from any thread (a configured Jackson mapper is).
 */
final class RegistryCodec {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private RegistryCodec() {
    }

    static byte[] encode(Object record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + record.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a stored record; {@code what} names it in the error, e.g. {@code credential ak_…}. */
    static <T> T decode(byte[] json, Class<T> type, String what) throws IOException {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IOException("the registry's " + what + " cannot be read: " + e.getMessage(), e);
        }
    }
}
