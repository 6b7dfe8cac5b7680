package io.ticketd.engine.registry;

import java.util.List;

/**
 * The answer to a console sign-in with an email address and a password. Immutable.
 *
 * @param outcome    what happened
 * @param user       the signed-in user (with its new last sign-in date) when {@link Outcome#SIGNED_IN}, else null
 * @param accountIds for {@link Outcome#ACCOUNT_REQUIRED}, the accounts the address administers; else empty
 */
public record SignIn(Outcome outcome, User user, List<String> accountIds) {

    public SignIn {
        accountIds = List.copyOf(accountIds);
    }

    public enum Outcome {
        SIGNED_IN,
        /** No such address, no password set, or a wrong password: told apart from none of these. */
        WRONG_PASSWORD,
        /** The password is right, but the user is not in the {@value User#ADMINISTRATOR_GROUP} group. */
        NOT_ADMINISTRATOR,
        /** The address and password are an Administrator's in several accounts: say which. */
        ACCOUNT_REQUIRED
    }

    static SignIn signedIn(User user) {
        return new SignIn(Outcome.SIGNED_IN, user, List.of());
    }

    static SignIn refused(Outcome outcome) {
        return new SignIn(outcome, null, List.of());
    }

    static SignIn accountRequired(List<String> accountIds) {
        return new SignIn(Outcome.ACCOUNT_REQUIRED, null, accountIds);
    }
}
