package io.ticketd.engine.registry;

/**
 * A tenant: it owns stores, users and access keys. Immutable.
 *
 * @param accountId   generated, {@code acct_} and 12 lowercase base32 characters
 * @param name        1 to 200 characters, trimmed
 * @param createdDate microseconds since the epoch
 */
public record Account(String accountId, String name, long createdDate) {
}
