package io.ticketd.tools.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Reads a ticket's top-level {@code storeId} without building a tree (it is near the start of a ticket). */
final class TicketFields {
    private static final JsonFactory JSON = new JsonFactory();

    private TicketFields() {
    }

    /** The ticket's storeId, or null when it has none or is not a JSON object. */
    static String storeId(byte[] ticket) {
        try (JsonParser p = JSON.createParser(ticket)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("storeId")) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
