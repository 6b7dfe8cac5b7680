package io.ticketd.engine.monitoring;

import java.util.Map;

/**
 * The status codes a cash register integration pushes, and what each means (as the
 * reference Monitoring Data API defines them). Anything else is refused.
 */
public final class StationStatusCode {
    public static final int ONLINE = 0;

    private static final Map<Integer, String> MEANINGS = Map.of(
            0, "Cash register is online",
            2, "There is no connection to the cash register",
            3, "The list of files from the cash register cannot be received",
            5, "Error when logging into the cash register",
            6, "Unknown error");

    private StationStatusCode() {
    }

    public static boolean isValid(int code) {
        return MEANINGS.containsKey(code);
    }

    /** What a code means, or null for an invalid code. */
    public static String meaning(int code) {
        return MEANINGS.get(code);
    }

    /** The valid codes, for error messages: {@code 0, 2, 3, 5, 6}. */
    public static String validCodes() {
        return "0, 2, 3, 5, 6";
    }
}
