package io.ticketd.api.console;

import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.User;

/**
 * A signed-in console session: who it acts as and until when. Immutable; the store keeps
 * its last use apart.
 *
 * @param principal    what the session may do: the admin credential's principal, or an account
 *                     Administrator's ({@link Principal#accountAdministrator})
 * @param user         the signed-in user, or null for a session opened with the admin credential
 * @param createdDate  microseconds since the epoch
 * @param expiresDate  microseconds since the epoch: the session ends then whatever its use
 */
public record ConsoleSession(Principal principal, User user, long createdDate, long expiresDate) {

    public boolean isAdminCredential() {
        return user == null;
    }
}
