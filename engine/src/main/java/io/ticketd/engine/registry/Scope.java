package io.ticketd.engine.registry;

import java.util.Locale;

/** What a credential may do. Stored and sent by its wire name, e.g. {@code tickets:read}. */
public enum Scope {
    TICKETS_READ("tickets:read"),
    TICKETS_WRITE("tickets:write"),
    USERS_READ("users:read"),
    MONITORING_READ("monitoring:read"),
    MONITORING_WRITE("monitoring:write"),
    /** Manages everything: accounts, stores, credentials, users; reads any account. */
    ADMIN("admin");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The scope with this wire name, or null when there is none. */
    public static Scope fromWireName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (Scope s : values()) {
            if (s.wireName.equals(n)) {
                return s;
            }
        }
        return null;
    }
}
