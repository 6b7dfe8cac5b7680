package io.ticketd.tools.admin;

/**
 * A command could not get an answer from the server because of how it was invoked or
 * where it points: the server is unreachable at {@code --url}, a credential file cannot
 * be read or holds no credential, the answer is not ticketd's. The commands print the
 * message as one line and exit 2; the cause, if any, is for {@code --verbose}.
 *
 * <p>Immutable.
 */
public final class ClientSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with nothing more behind it than the message. */
    public ClientSetupException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}, whose stack trace {@code --verbose} prints. */
    public ClientSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
