package io.ticketd.engine.registry;

/** The three kinds of credential. */
public enum CredentialKind {
    /** Created at first start; scope {@code admin}; belongs to no account. */
    ADMIN,
    /** One per store; tickets and monitoring, read and write, for that store only. */
    STORE,
    /** An account's key with chosen scopes, optionally limited to some of its stores. */
    ACCESS
}
