package io.ticketd.engine.registry;

import io.ticketd.engine.ingest.TicketValidator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules for what callers give the registry: names, store ids, email addresses and user
 * groups. Each check returns the value as it will be stored (trimmed, deduplicated) or
 * throws an {@link RegistryException.Reason#INVALID INVALID} exception that names the field
 * and says what is expected.
 *
 * <p>Thread-safety: stateless; all methods are static.
 */
final class RegistryValidator {
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_PERSON_NAME_CHARS = 100;
    static final int MAX_GROUP_CHARS = 100;
    static final int MAX_EMAIL_CHARS = 254;
    static final int MAX_EMAIL_LOCAL_CHARS = 64;
    static final int MAX_DOMAIN_LABEL_CHARS = 63;
    /** The characters RFC 5322 allows in an unquoted local part, besides letters, digits and dots. */
    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private RegistryValidator() {
    }

    /** A display name: 1 to {@code maxChars} characters once trimmed. */
    static String name(String field, String value, int maxChars) throws RegistryException {
        if (value == null) {
            throw invalid(field, field + " is required (1 to " + maxChars + " characters)");
        }
        String trimmed = value.strip();
        int chars = trimmed.codePointCount(0, trimmed.length());
        if (chars == 0) {
            throw invalid(field, field + " must not be blank (1 to " + maxChars + " characters)");
        }
        if (chars > maxChars) {
            throw invalid(field, field + " is " + chars + " characters; at most " + maxChars + " are allowed");
        }
        return trimmed;
    }

    /** A store id: 1 to 64 characters of {@code [A-Za-z0-9._-]} ({@link TicketValidator#isValidId}). */
    static String storeId(String field, String storeId) throws RegistryException {
        if (!TicketValidator.isValidId(storeId)) {
            throw invalid(field, field + " must be 1 to " + TicketValidator.MAX_ID_CHARS
                    + " characters of A-Z, a-z, 0-9, '.', '_' or '-'" + (storeId == null ? ", got none" : ""));
        }
        return storeId;
    }

    /**
     * An email address, trimmed. The rule is deliberately simple and ASCII-only: a local
     * part of 1 to 64 characters (letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, with dots
     * between, not at either end nor doubled), an {@code @}, and a domain of two or more dot
     * separated labels (1 to 63 letters, digits or hyphens, no hyphen at either end) whose last
     * label is 2 or more letters; 254 characters in all at most. Quoted local parts and IP
     * literals are refused.
     */
    static String emailAddress(String value) throws RegistryException {
        String field = "emailAddress";
        if (value == null) {
            throw invalid(field, "emailAddress is required");
        }
        String email = value.strip();
        if (email.length() > MAX_EMAIL_CHARS) {
            throw invalid(field, "emailAddress is " + email.length() + " characters; at most " + MAX_EMAIL_CHARS
                    + " are allowed");
        }
        int at = email.indexOf('@');
        if (at < 0 || at != email.lastIndexOf('@')) {
            throw invalid(field, "emailAddress must have exactly one '@', as in name@example.com");
        }
        if (!isLocalPart(email.substring(0, at))) {
            throw invalid(field, "emailAddress must have 1 to " + MAX_EMAIL_LOCAL_CHARS + " characters before the '@'"
                    + " (letters, digits, " + LOCAL_SPECIALS + " and single dots between them)");
        }
        if (!isDomain(email.substring(at + 1))) {
            throw invalid(field, "emailAddress must end in a domain such as example.com after the '@'");
        }
        return email;
    }

    /**
     * User groups: null or empty means none (stored null); each a name of 1 to 100 characters
     * once trimmed; duplicates dropped, keeping the first, in the order given.
     */
    static List<String> userGroups(List<String> groups) throws RegistryException {
        if (groups == null || groups.isEmpty()) {
            return null;
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            unique.add(name("userGroups[" + i + "]", groups.get(i), MAX_GROUP_CHARS));
        }
        return List.copyOf(unique);
    }

    static RegistryException invalid(String field, String message) {
        return new RegistryException(RegistryException.Reason.INVALID, field, message);
    }

    private static boolean isLocalPart(String local) {
        if (local.isEmpty() || local.length() > MAX_EMAIL_LOCAL_CHARS || local.startsWith(".")
                || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && LOCAL_SPECIALS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!isDomainLabel(label)) {
                return false;
            }
        }
        String top = labels[labels.length - 1];
        return top.length() >= 2 && top.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z');
    }

    private static boolean isDomainLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_DOMAIN_LABEL_CHARS || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        return label.chars().allMatch(c -> isAsciiLetterOrDigit((char) c) || c == '-');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
