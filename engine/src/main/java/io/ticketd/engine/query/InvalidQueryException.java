package io.ticketd.engine.query;

/**
 * A page query parameter is out of its contract (page size, date range, ids).
 * Names the parameter and the reason. No stack trace: it is expected bad input.
 */
public final class InvalidQueryException extends Exception {
    private final String parameter;

    public InvalidQueryException(String parameter, String reason) {
        super(parameter + ": " + reason, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
