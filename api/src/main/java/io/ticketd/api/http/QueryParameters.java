package io.ticketd.api.http;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict access to query parameters: each may appear once, numbers must be
 * integers, and a parameter the endpoint does not know is an error (a typo such as
 * {@code maxpagesize} must not be silently ignored).
 *
 * <p>Thread-safety: none; one per request.
 */
public final class QueryParameters {
    private final Map<String, List<String>> params;

    QueryParameters(Map<String, List<String>> params) {
        this.params = params;
    }

    /** Rejects any parameter not in {@code known}. */
    public QueryParameters allowOnly(Set<String> known) throws ApiException {
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.invalid("unknown query parameter '" + name + "'; this endpoint takes "
                        + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())));
            }
        }
        return this;
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The parameter's single value, or null when absent. */
    public String string(String name) throws ApiException {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.invalid("query parameter '" + name + "' is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    /** The parameter as a long, or null when absent. */
    public Long longValue(String name) throws ApiException {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    /** The parameter as an int, or null when absent. */
    public Integer intValue(String name) throws ApiException {
        Long v = longValue(name);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ApiException.invalid("query parameter '" + name + "' is out of range: " + v);
        }
        return v.intValue();
    }
}
