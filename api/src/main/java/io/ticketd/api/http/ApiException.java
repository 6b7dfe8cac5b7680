package io.ticketd.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request that cannot be served as sent: carries the status and the error body
 * {@code {"error":{"code","message"}}} the client gets. Endpoints throw it; the
 * {@link ApiHandler} turns it into the response. No stack trace: expected, per request.
 */
public final class ApiException extends Exception {
    private final HttpResponseStatus status;
    private final String code;
    private final String retryAfterSeconds;

    public ApiException(HttpResponseStatus status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(HttpResponseStatus status, String code, String message, String retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The {@code Retry-After} value to send, or null. */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message);
    }

    public static ApiException invalid(String message) {
        return badRequest("invalid_request", message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthenticated", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpResponseStatus.CONFLICT, "conflict", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message);
    }

    /** 503 with {@code Retry-After}: back-pressure or a temporarily unavailable engine. */
    /** 429: the client is being slowed down; it may retry after {@code retryAfterSeconds}. */
    public static ApiException tooManyRequests(String code, String message, long retryAfterSeconds) {
        return new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, code, message, Long.toString(retryAfterSeconds));
    }

    public static ApiException unavailable(String code, String message, int retryAfterSeconds) {
        return new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, code, message,
                Integer.toString(retryAfterSeconds));
    }
}
