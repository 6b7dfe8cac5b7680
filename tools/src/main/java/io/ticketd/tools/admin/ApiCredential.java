package io.ticketd.tools.admin;

import io.ticketd.tools.FailureMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credential as the command line takes it: {@code AKI=<keyId>;AKS=<secret>} (the form
 * of {@code <data-dir>/admin.credentials} and of the header), optionally preceded by
 * {@code X-API-Key}. Only its shape is checked here; the server judges the rest.
 * {@link #toString()} leaves the secret out.
 *
 * @param keyId  {@code AKI}
 * @param secret {@code AKS}
 */
public record ApiCredential(String keyId, String secret) {
    private static final Pattern FORM = Pattern.compile(
            "(?i:X-API-Key\\s+)?(?i:AKI)=([^;\\s]+)\\s*;\\s*(?i:AKS)=(\\S+)");

    /** Parses {@code text}; null when it is not {@code AKI=…;AKS=…}. */
    public static ApiCredential parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        return m.matches() ? new ApiCredential(m.group(1), m.group(2)) : null;
    }

    /** The credential given on the command line as {@code option}. */
    public static ApiCredential fromArgument(String option, String value) throws ClientSetupException {
        ApiCredential credential = parse(value);
        if (credential == null) {
            throw new ClientSetupException(option + " must be AKI=<key id>;AKS=<secret>");
        }
        return credential;
    }

    /** The credential held by {@code file}, as the server writes its admin credential. */
    public static ApiCredential readFile(Path file) throws ClientSetupException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClientSetupException("cannot read the credential file " + file + ": "
                    + FailureMessage.describe(e) + " (the server writes <data-dir>/admin.credentials on its first"
                    + " start; give its path with --admin-credentials or TICKETD_ADMIN_CREDENTIALS)", e);
        }
        ApiCredential credential = parse(text);
        if (credential == null) {
            throw new ClientSetupException("the credential file " + file + " does not hold a credential: expected one"
                    + " line AKI=<key id>;AKS=<secret>");
        }
        return credential;
    }

    /** The value of the {@code Authentication} header: {@code X-API-Key AKI=…;AKS=…}. */
    public String header() {
        return "X-API-Key AKI=" + keyId + ";AKS=" + secret;
    }

    @Override
    public String toString() {
        return "ApiCredential[keyId=" + keyId + ", secret=(hidden)]";
    }
}
