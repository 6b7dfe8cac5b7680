package io.ticketd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.ticketd.engine.internal.JsonSyntaxErrors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON object body of an admin request, read strictly: it must be an object,
 * fields must have the right types, and an unknown field is an error (a misspelt
 * field must not be ignored). Every error names the field.
 *
 * <p>Thread-safety: none; one per request.
 */
public final class RequestBody {
    private final ObjectNode node;

    private RequestBody(ObjectNode node) {
        this.node = node;
    }

    /** Reads the body of {@code exchange}, which must be a JSON object of only the {@code allowed} fields. */
    public static RequestBody read(Exchange exchange, Set<String> allowed) throws ApiException {
        String type = exchange.header(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw ApiException.unsupportedMediaType("Content-Type " + type + " is not accepted; send application/json");
        }
        byte[] bytes = exchange.bodyBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("malformed_body", "the body is empty; send a JSON object with "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_body", "the body is not valid JSON: "
                    + JsonSyntaxErrors.describe(e));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("malformed_body", "the body is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw ApiException.badRequest("malformed_body", "the body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.invalid("unknown field '" + name + "'; this request takes "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new RequestBody(object);
    }

    /** The parsed object, for fields of other types than strings. */
    public ObjectNode node() {
        return node;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** A required string field. */
    public String string(String field) throws ApiException {
        String v = optionalString(field);
        if (v == null) {
            throw ApiException.invalid(field + " is required");
        }
        return v;
    }

    /** A string field, or null when absent or null. */
    public String optionalString(String field) throws ApiException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field + " must be a string");
        }
        return v.textValue();
    }

    /** A list of strings, or null when absent or null. */
    public List<String> optionalStringList(String field) throws ApiException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.invalid(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw ApiException.invalid(field + " must be an array of strings; it holds " + e.getNodeType()
                        .name().toLowerCase(Locale.ROOT));
            }
            out.add(e.textValue());
        }
        return out;
    }
}
