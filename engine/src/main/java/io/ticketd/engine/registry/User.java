package io.ticketd.engine.registry;

import java.util.List;

/**
 * A user of an account (a record only: users do not authenticate against the registry).
 * Immutable.
 *
 * @param userId         generated, {@code usr_} and 12 lowercase base32 characters
 * @param accountId      the account it belongs to
 * @param firstName      1 to 100 characters, trimmed
 * @param lastName       1 to 100 characters, trimmed
 * @param emailAddress   trimmed, as given; unique in its account regardless of case
 * @param userGroups     the groups it belongs to, without duplicates, or null when none
 * @param createdDate    microseconds since the epoch
 * @param lastSignInDate microseconds since the epoch, or null until the first sign-in
 */
public record User(String userId, String accountId, String firstName, String lastName, String emailAddress,
                   List<String> userGroups, long createdDate, Long lastSignInDate) {

    public User {
        userGroups = userGroups == null ? null : List.copyOf(userGroups);
    }
}
