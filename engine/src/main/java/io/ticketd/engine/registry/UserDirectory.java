package io.ticketd.engine.registry;

import io.ticketd.engine.registry.RegistryDescriptor.Family;
import io.ticketd.engine.registry.RegistryException.Reason;
import io.ticketd.engine.registry.RegistryStore.Batch;
import io.ticketd.engine.registry.RegistryStore.Sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The users of every account and their console passwords (kept apart from the user records,
 * in their own column family, so a user record never carries a hash). The {@link Registry}
 * checks that an account exists before it calls in; accounts are never deleted, so that check
 * stays true. Password hashes are computed by the caller, outside this object's lock.
 *
 * <p>Durability: every change is written to RocksDB, synced, before memory changes.
 *
 * <p>Thread-safety: reads are lock-free, from immutable {@link User} records and, per
 * account, an immutable list sorted by created date then user id, replaced whole on each
 * change (copy on write: cheap at thousands of users, and pages never see a half-done
 * change). Changes are serialized on this object.
 */
final class UserDirectory {
    static final Comparator<User> ORDER = Comparator.comparingLong(User::createdDate).thenComparing(User::userId);

    private final RegistryStore store;
    private final LongSupplier clock;
    private final Map<String, User> byId = new ConcurrentHashMap<>();
    private final Map<String, List<User>> byAccount = new ConcurrentHashMap<>();
    private final Map<String, PasswordRecord> passwords = new ConcurrentHashMap<>();
    /** {@link #emailKey} to user id; guarded by this. */
    private final Map<String, String> byEmail = new HashMap<>();

    UserDirectory(RegistryStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Loads every stored user; called once, before the directory is shared. */
    synchronized void load() throws IOException {
        Map<String, List<User>> lists = new HashMap<>();
        store.scan(Family.USERS, true, (key, value) -> {
            User u = RegistryCodec.decode(value, User.class, "user " + RegistryDescriptor.id(key));
            byId.put(u.userId(), u);
            byEmail.put(emailKey(u.accountId(), u.emailAddress()), u.userId());
            lists.computeIfAbsent(u.accountId(), a -> new ArrayList<>()).add(u);
            return true;
        });
        lists.forEach((account, users) -> byAccount.put(account, sorted(users)));
        store.scan(Family.PASSWORDS, true, (key, value) -> {
            PasswordRecord p = RegistryCodec.decode(value, PasswordRecord.class, "password of "
                    + RegistryDescriptor.id(key));
            passwords.put(p.userId(), p);
            return true;
        });
    }

    /**
     * Creates a user, with a password when {@code password} is not null: a function of the new
     * user id, called outside this object's lock, that hashes it.
     */
    User create(String accountId, String firstName, String lastName, String emailAddress, List<String> userGroups,
                Function<String, PasswordRecord> password) throws RegistryException {
        String userId = newUserId();
        PasswordRecord hashed = password == null ? null : password.apply(userId);
        return create(userId, accountId, firstName, lastName, emailAddress, userGroups, hashed);
    }

    private synchronized User create(String userId, String accountId, String firstName, String lastName,
                                     String emailAddress, List<String> userGroups, PasswordRecord password)
            throws RegistryException {
        String first = RegistryValidator.name("firstName", firstName, RegistryValidator.MAX_PERSON_NAME_CHARS);
        String last = RegistryValidator.name("lastName", lastName, RegistryValidator.MAX_PERSON_NAME_CHARS);
        String email = RegistryValidator.emailAddress(emailAddress);
        List<String> groups = RegistryValidator.userGroups(userGroups);
        requireFreeEmail(accountId, email, null);
        if (byId.containsKey(userId)) {
            throw new RegistryException(Reason.CONFLICT, "userId", "user id " + userId + " was taken meanwhile; retry");
        }
        User user = new User(userId, accountId, first, last, email, groups, clock.getAsLong(), null);
        try (Batch batch = store.batch()) {
            batch.put(Family.USERS, RegistryDescriptor.idKey(userId), RegistryCodec.encode(user));
            if (password != null) {
                batch.put(Family.PASSWORDS, RegistryDescriptor.idKey(userId), RegistryCodec.encode(password));
            }
            batch.commit(Sync.SYNC);
        }
        if (password != null) {
            passwords.put(userId, password);
        }
        byEmail.put(emailKey(accountId, email), userId);
        replace(null, user);
        return user;
    }

    Optional<User> get(String userId) {
        return userId == null ? Optional.empty() : Optional.ofNullable(byId.get(userId));
    }

    List<User> page(String accountId, int offset, int limit) throws RegistryException {
        if (offset < 0) {
            throw RegistryValidator.invalid("offset", "offset must not be negative, got " + offset);
        }
        if (limit < 0) {
            throw RegistryValidator.invalid("limit", "limit must not be negative, got " + limit);
        }
        List<User> all = byAccount.getOrDefault(accountId, List.of());
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, (int) Math.min(all.size(), (long) offset + limit));
    }

    int count(String accountId) {
        return byAccount.getOrDefault(accountId, List.of()).size();
    }

    synchronized User update(String userId, String firstName, String lastName, String emailAddress,
                             List<String> userGroups) throws RegistryException {
        User old = require(userId);
        String first = firstName == null ? old.firstName()
                : RegistryValidator.name("firstName", firstName, RegistryValidator.MAX_PERSON_NAME_CHARS);
        String last = lastName == null ? old.lastName()
                : RegistryValidator.name("lastName", lastName, RegistryValidator.MAX_PERSON_NAME_CHARS);
        String email = emailAddress == null ? old.emailAddress() : RegistryValidator.emailAddress(emailAddress);
        List<String> groups = userGroups == null ? old.userGroups() : RegistryValidator.userGroups(userGroups);
        requireFreeEmail(old.accountId(), email, userId);
        User user = new User(userId, old.accountId(), first, last, email, groups, old.createdDate(),
                old.lastSignInDate());
        write(user);
        byEmail.remove(emailKey(old.accountId(), old.emailAddress()));
        byEmail.put(emailKey(user.accountId(), email), userId);
        replace(old, user);
        return user;
    }

    synchronized void delete(String userId) throws RegistryException {
        User old = require(userId);
        try (Batch batch = store.batch()) {
            batch.delete(Family.USERS, RegistryDescriptor.idKey(userId))
                    .delete(Family.PASSWORDS, RegistryDescriptor.idKey(userId))
                    .commit(Sync.SYNC);
        }
        byEmail.remove(emailKey(old.accountId(), old.emailAddress()));
        byId.remove(userId);
        passwords.remove(userId);
        rebuild(old.accountId(), users -> {
            users.removeIf(u -> u.userId().equals(userId));
            return users;
        });
    }

    synchronized User recordSignIn(String userId) throws RegistryException {
        User old = require(userId);
        User user = new User(userId, old.accountId(), old.firstName(), old.lastName(), old.emailAddress(),
                old.userGroups(), old.createdDate(), clock.getAsLong());
        write(user);
        replace(old, user);
        return user;
    }

    /** Sets the user's password to {@code password} (already hashed), or removes it when null. */
    synchronized void setPassword(String userId, PasswordRecord password) throws RegistryException {
        require(userId);
        try (Batch batch = store.batch()) {
            if (password == null) {
                batch.delete(Family.PASSWORDS, RegistryDescriptor.idKey(userId));
            } else {
                batch.put(Family.PASSWORDS, RegistryDescriptor.idKey(userId), RegistryCodec.encode(password));
            }
            batch.commit(Sync.SYNC);
        }
        if (password == null) {
            passwords.remove(userId);
        } else {
            passwords.put(userId, password);
        }
    }

    Optional<PasswordRecord> password(String userId) {
        return userId == null ? Optional.empty() : Optional.ofNullable(passwords.get(userId));
    }

    /** Every user, of any account, whose email address is {@code email} regardless of case. */
    List<User> withEmail(String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        List<User> found = new ArrayList<>();
        for (User u : byId.values()) {
            if (u.emailAddress().toLowerCase(Locale.ROOT).equals(wanted)) {
                found.add(u);
            }
        }
        found.sort(ORDER);
        return found;
    }

    private User require(String userId) throws RegistryException {
        User user = userId == null ? null : byId.get(userId);
        if (user == null) {
            throw new RegistryException(Reason.NOT_FOUND, "userId", "user " + userId + " does not exist");
        }
        return user;
    }

    /** Refuses {@code email} when a user of the account other than {@code self} has it, in any case. */
    private void requireFreeEmail(String accountId, String email, String self) throws RegistryException {
        String holder = byEmail.get(emailKey(accountId, email));
        if (holder != null && !holder.equals(self)) {
            throw new RegistryException(Reason.CONFLICT, "emailAddress", "a user of account " + accountId
                    + " already has the email address " + email + " (" + holder + ")");
        }
    }

    private String newUserId() {
        String id;
        do {
            id = RandomIds.base32("usr_", 12);
        } while (byId.containsKey(id));
        return id;
    }

    private void write(User user) {
        try (Batch batch = store.batch()) {
            batch.put(Family.USERS, RegistryDescriptor.idKey(user.userId()), RegistryCodec.encode(user)).commit(Sync.SYNC);
        }
    }

    /** Puts {@code user} in memory in place of {@code old} (null for a new user). */
    private void replace(User old, User user) {
        byId.put(user.userId(), user);
        rebuild(user.accountId(), users -> {
            if (old != null) {
                users.removeIf(u -> u.userId().equals(old.userId()));
            }
            users.add(user);
            return users;
        });
    }

    private void rebuild(String accountId, UnaryOperator<List<User>> change) {
        List<User> users = change.apply(new ArrayList<>(byAccount.getOrDefault(accountId, List.of())));
        byAccount.put(accountId, sorted(users));
    }

    private static List<User> sorted(List<User> users) {
        users.sort(ORDER);
        return List.copyOf(users);
    }

    /** Email addresses are unique per account regardless of case (ASCII only, see {@link RegistryValidator}). */
    private static String emailKey(String accountId, String email) {
        return accountId + '\n' + email.toLowerCase(Locale.ROOT);
    }
}
