package io.ticketd.engine.registry;

import java.util.List;

/**
 * A user of an account. Users in the {@value #ADMINISTRATOR_GROUP} group who have a password
 * may sign in to the admin console and administer their account. Immutable.
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

    /** The group whose members may sign in to the console and administer their account. */
    public static final String ADMINISTRATOR_GROUP = "Administrator";

    public User {
        userGroups = userGroups == null ? null : List.copyOf(userGroups);
    }

    /** True when the user is in {@code group} (exact, case-sensitive). */
    public boolean inGroup(String group) {
        return userGroups != null && userGroups.contains(group);
    }
}
