package io.ticketd.api.auth;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The credential header: {@code Authentication: X-API-Key AKI={keyId};AKS={secret}}
 * (as the reference API defines it), or the same value in the standard
 * {@code Authorization} header. Parsing is lenient about case and whitespace,
 * strict about content.
 *
 * @param keyId  the {@code AKI} value
 * @param secret the {@code AKS} value
 */
public record CredentialHeader(String keyId, String secret) {
    public static final String AUTHENTICATION = "Authentication";
    public static final String SCHEME = "X-API-Key";

    /** Why a header could not be parsed. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The header value of a request, or null when it sent neither header. */
    public static String value(HttpHeaders headers) {
        String v = headers.get(AUTHENTICATION);
        return v != null ? v : headers.get(io.netty.handler.codec.http.HttpHeaderNames.AUTHORIZATION);
    }

    /** Parses {@code X-API-Key AKI=…;AKS=…}. */
    public static CredentialHeader parse(String value) throws MalformedException {
        String v = value.trim();
        if (v.length() < SCHEME.length() || !v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new MalformedException("the credential header must start with '" + SCHEME + " '");
        }
        String rest = v.substring(SCHEME.length()).trim();
        String keyId = null;
        String secret = null;
        for (String part : rest.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new MalformedException("'" + p + "' is not NAME=VALUE");
            }
            String name = p.substring(0, eq).trim();
            String val = p.substring(eq + 1).trim();
            if (name.equalsIgnoreCase("AKI")) {
                keyId = val;
            } else if (name.equalsIgnoreCase("AKS")) {
                secret = val;
            } else {
                throw new MalformedException("unknown credential field '" + name + "'; expected AKI and AKS");
            }
        }
        if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
            throw new MalformedException("both AKI (key id) and AKS (secret) are required");
        }
        return new CredentialHeader(keyId, secret);
    }
}
