package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The server answered, and refused: a status other than 2xx with ticketd's error body
 * {@code {"error":{"code","message"}}}. The commands print it as
 * {@code <status> <code>: <message>} and exit 1. Answers without that body (a proxy's
 * error page, say) keep the start of the body as the message.
 *
 * <p>Immutable.
 */
public final class ApiErrorException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a body that is not ticketd's error is kept for the message. */
    private static final int MAX_FOREIGN_BODY_CHARS = 200;

    private final int status;
    private final String code;

    ApiErrorException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The error carried by a non-2xx answer: its status and body. */
    public static ApiErrorException of(int status, byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.path("code").isTextual() && error.path("message").isTextual()) {
                return new ApiErrorException(status, error.get("code").asText(), error.get("message").asText());
            }
        } catch (IOException e) {
            // Not JSON: not ticketd's error body; described below from the raw text.
            return foreign(status, body);
        }
        return foreign(status, body);
    }

    private static ApiErrorException foreign(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.length() > MAX_FOREIGN_BODY_CHARS) {
            text = text.substring(0, MAX_FOREIGN_BODY_CHARS) + "…";
        }
        return new ApiErrorException(status, "unexpected_answer", text.isEmpty()
                ? "the answer has no ticketd error body (is --url a ticketd server?)" : text);
    }

    /** The same error with {@code detail} added to its message (" (gave up after 10 tries)"). */
    public ApiErrorException withDetail(String detail) {
        return new ApiErrorException(status, code, getMessage() + " " + detail);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The error's {@code code}, snake_case. */
    public String code() {
        return code;
    }

    /** {@code <status> <code>: <message>}, the line the commands print. */
    public String describe() {
        return status + " " + code + ": " + getMessage();
    }
}
