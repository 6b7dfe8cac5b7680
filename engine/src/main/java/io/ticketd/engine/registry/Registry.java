package io.ticketd.engine.registry;

import io.ticketd.engine.registry.Authentication.Failure;
import io.ticketd.engine.registry.CredentialRecord.State;
import io.ticketd.engine.registry.RegistryDescriptor.Family;
import io.ticketd.engine.registry.RegistryException.Reason;
import io.ticketd.engine.registry.RegistryStore.Batch;
import io.ticketd.engine.registry.RegistryStore.Sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The records of accounts, stores, credentials (the admin credential, store credentials and
 * access keys), users, and the audit trail of credential events; and the authentication of
 * every request against them. It lives in its own RocksDB ({@code <data-dir>/registry}),
 * laid out as {@link RegistryDescriptor} draws it.
 *
 * <p>Secrets: a secret exists only in the {@link IssuedCredential} that creates it; the
 * registry stores its SHA-256 and compares hashes in constant time ({@link CredentialFormat}).
 * A revoked or replaced store credential and a deleted access key stay as tombstones, so
 * presenting one fails as {@link Failure#REVOKED}.
 *
 * <p>Durability: this is primary data, not derived. Every change is written to RocksDB with
 * its write-ahead log synced before the call returns and before memory changes, so what a
 * caller was told happened survives power loss. Two things are written without waiting for
 * the disk (they survive a crash of the process, not of the machine): failed authentications
 * in the audit trail, which happen on the request path, and last-used times, which
 * {@link #authenticate} records in memory only and {@link #flushLastUsed()} persists (the
 * server calls it every few seconds and {@link #close()} calls it last). The audit trail keeps
 * the newest {@value #AUDIT_CAPACITY} events: older ones are deleted as new ones are written,
 * so a flood of bad requests cannot fill the disk.
 *
 * <p>Thread-safety: every method may be called from any thread. Everything but the audit
 * trail is loaded into memory at open, as immutable records in concurrent maps, and read
 * without locks; {@link #authenticate} in particular takes no lock and, on success, allocates
 * nothing. Changes are serialized (users on their own lock) and write RocksDB first, then
 * memory, so a reader sees a change only once it is durable.
 *
 * <p>Errors: a refused operation throws {@link RegistryException} naming the problem. A
 * failing disk throws {@link UncheckedIOException}; anything that would write after
 * {@link #close()} throws {@link IllegalStateException}, as does {@link #authenticate}.
 */
public final class Registry implements AutoCloseable {
    /** How many audit events are kept. */
    public static final int AUDIT_CAPACITY = AuditLog.DEFAULT_CAPACITY;
    /** The longest account, store and access key name, in characters. */
    public static final int MAX_NAME_CHARS = RegistryValidator.MAX_NAME_CHARS;

    private static final Comparator<Account> ACCOUNT_ORDER =
            Comparator.comparingLong(Account::createdDate).thenComparing(Account::accountId);
    private static final Comparator<Store> STORE_ORDER =
            Comparator.comparingLong(Store::createdDate).thenComparing(Store::storeId);
    private static final Comparator<AccessKey> KEY_ORDER =
            Comparator.comparingLong(AccessKey::createdDate).thenComparing(AccessKey::keyId);
    private static final String ACCOUNT_SCOPES = Arrays.stream(Scope.values())
            .filter(s -> s != Scope.ADMIN).map(Scope::wireName).collect(Collectors.joining(", "));

    private final RegistryStore store;
    private final LongSupplier clock;
    private final AuditLog audit;
    private final UserDirectory userDirectory;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Store> stores = new ConcurrentHashMap<>();
    /** Every credential ever issued, tombstones included, by key id. */
    private final Map<String, KeyEntry> keys = new ConcurrentHashMap<>();
    /** Serializes changes to accounts, stores and credentials, and last-used flushes. */
    private final Object lock = new Object();
    private volatile boolean closed;

    private Registry(RegistryStore store, LongSupplier clock, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
        this.userDirectory = new UserDirectory(store, clock);
    }

    /**
     * Opens (or creates) the registry in {@code directory} and loads it into memory.
     *
     * @param clockMicros the wall clock, in microseconds since the epoch
     * @throws IOException when it cannot be opened (another process has it open, say), or holds
     *                     data this version cannot read
     */
    public static Registry open(Path directory, LongSupplier clockMicros) throws IOException {
        return open(directory, clockMicros, AUDIT_CAPACITY);
    }

    /** Opens (or creates) the registry in {@code directory} with the system clock. */
    public static Registry open(Path directory) throws IOException {
        return open(directory, io.ticketd.engine.internal.MicrosClock::now);
    }

    /** As {@link #open(Path, LongSupplier)}, keeping {@code auditCapacity} audit events (for tests). */
    static Registry open(Path directory, LongSupplier clockMicros, int auditCapacity) throws IOException {
        Objects.requireNonNull(clockMicros, "clockMicros");
        RegistryStore store = RegistryStore.open(directory);
        try {
            checkFormat(store);
            Registry registry = new Registry(store, clockMicros, AuditLog.open(store, auditCapacity));
            registry.load();
            return registry;
        } catch (IOException | RuntimeException e) {
            try {
                store.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    // ----------------------------------------------------------------------------- accounts

    /** Creates an account named {@code name} (1 to 200 characters once trimmed), with a new id. */
    public Account createAccount(String name) throws RegistryException {
        String trimmed = RegistryValidator.name("name", name, MAX_NAME_CHARS);
        synchronized (lock) {
            String accountId;
            do {
                accountId = RandomIds.base32("acct_", 12);
            } while (accounts.containsKey(accountId));
            Account account = new Account(accountId, trimmed, clock.getAsLong());
            try (Batch batch = store.batch()) {
                batch.put(Family.ACCOUNTS, RegistryDescriptor.idKey(accountId), RegistryCodec.encode(account))
                        .commit(Sync.SYNC);
            }
            accounts.put(accountId, account);
            return account;
        }
    }

    /** Every account, oldest first (by created date, then id). */
    public List<Account> accounts() {
        return accounts.values().stream().sorted(ACCOUNT_ORDER).toList();
    }

    public Optional<Account> account(String accountId) {
        return accountId == null ? Optional.empty() : Optional.ofNullable(accounts.get(accountId));
    }

    // ------------------------------------------------------------------------------- stores

    /**
     * Creates a store of an account. Store ids are unique across all accounts.
     *
     * @throws RegistryException NOT_FOUND when the account does not exist; INVALID when the store id
     *                           or the name is not valid; CONFLICT when a store has this id already
     */
    public Store createStore(String accountId, String storeId, String name) throws RegistryException {
        requireAccount(accountId);
        RegistryValidator.storeId("storeId", storeId);
        String trimmed = RegistryValidator.name("name", name, MAX_NAME_CHARS);
        synchronized (lock) {
            if (stores.containsKey(storeId)) {
                throw new RegistryException(Reason.CONFLICT, "storeId", "store " + storeId + " already exists");
            }
            StoreRecord record = new StoreRecord(storeId, accountId, trimmed, clock.getAsLong());
            try (Batch batch = store.batch()) {
                batch.put(Family.STORES, RegistryDescriptor.idKey(storeId), RegistryCodec.encode(record))
                        .commit(Sync.SYNC);
            }
            Store created = record.toStore(null);
            stores.put(storeId, created);
            return created;
        }
    }

    /** The stores of an account, oldest first (by created date, then id). */
    public List<Store> stores(String accountId) throws RegistryException {
        requireAccount(accountId);
        return stores.values().stream().filter(s -> s.accountId().equals(accountId)).sorted(STORE_ORDER).toList();
    }

    public Optional<Store> store(String storeId) {
        return storeId == null ? Optional.empty() : Optional.ofNullable(stores.get(storeId));
    }

    // -------------------------------------------------------------------- store credentials

    /**
     * Issues a new credential for a store, replacing (revoking) the one it had, if any: the
     * store is {@code Key Active} with the new key only. Audited as {@code created}, or
     * {@code regenerated} with detail {@code replaces <old key id>}.
     */
    public IssuedCredential generateStoreCredential(String storeId) throws RegistryException {
        synchronized (lock) {
            Store current = requireStore(storeId);
            long now = clock.getAsLong();
            String keyId = newKeyId();
            String secret = CredentialFormat.newSecret();
            KeyEntry created = KeyEntry.of(CredentialRecord.store(keyId, current.accountId(), storeId,
                    CredentialFormat.hashHex(secret), now));
            KeyEntry replaced = current.credentialKeyId() == null ? null : keys.get(current.credentialKeyId());
            if (replaced == null) {
                commit(Sync.SYNC, event(now, AuditEvent.CREATED, created, null), created);
            } else {
                KeyEntry tombstone = replaced.with(replaced.record.ended(State.REVOKED, now));
                commit(Sync.SYNC, event(now, AuditEvent.REGENERATED, created, "replaces " + replaced.keyId()),
                        tombstone, created);
            }
            stores.put(storeId, current.withCredential(keyId));
            return new IssuedCredential(keyId, secret, CredentialKind.STORE, current.accountId(), storeId, now);
        }
    }

    /** Whether a store has a credential, its key id and when it was created; never the secret. */
    public StoreCredentialStatus storeCredential(String storeId) throws RegistryException {
        Store current = requireStore(storeId);
        String keyId = current.credentialKeyId();
        if (keyId == null) {
            return StoreCredentialStatus.inactive(storeId);
        }
        return StoreCredentialStatus.active(storeId, keyId, keys.get(keyId).record.createdDate());
    }

    /**
     * Revokes a store's credential, leaving the store {@code Key Inactive}. Revoking a store
     * that has none changes nothing and is not audited.
     */
    public StoreCredentialStatus revokeStoreCredential(String storeId) throws RegistryException {
        synchronized (lock) {
            Store current = requireStore(storeId);
            if (current.credentialKeyId() == null) {
                return StoreCredentialStatus.inactive(storeId);
            }
            long now = clock.getAsLong();
            KeyEntry revoked = keys.get(current.credentialKeyId());
            KeyEntry tombstone = revoked.with(revoked.record.ended(State.REVOKED, now));
            commit(Sync.SYNC, event(now, AuditEvent.REVOKED, tombstone, null), tombstone);
            stores.put(storeId, current.withCredential(null));
            return StoreCredentialStatus.inactive(storeId);
        }
    }

    // ---------------------------------------------------------------------------- access keys

    /**
     * Issues an access key of an account.
     *
     * @param scopes what it may do: at least one, never {@link Scope#ADMIN}
     * @param stores the stores of the account it is limited to (at least one, each once), or null
     *               for every store of the account, present and future
     * @throws RegistryException NOT_FOUND when the account does not exist; INVALID for a bad name,
     *                           scope or store list
     */
    public IssuedCredential createAccessKey(String accountId, String name, Set<Scope> scopes, List<String> stores)
            throws RegistryException {
        requireAccount(accountId);
        String trimmed = RegistryValidator.name("name", name, MAX_NAME_CHARS);
        Set<Scope> granted = accountKeyScopes(scopes);
        List<String> limitedTo = accountKeyStores(accountId, stores);
        synchronized (lock) {
            long now = clock.getAsLong();
            String keyId = newKeyId();
            String secret = CredentialFormat.newSecret();
            KeyEntry created = KeyEntry.of(CredentialRecord.access(keyId, accountId, trimmed, granted, limitedTo,
                    CredentialFormat.hashHex(secret), now));
            commit(Sync.SYNC, event(now, AuditEvent.CREATED, created, null), created);
            return new IssuedCredential(keyId, secret, CredentialKind.ACCESS, accountId, null, now);
        }
    }

    /** The access keys of an account, deleted ones left out, oldest first; never their secrets. */
    public List<AccessKey> accessKeys(String accountId) throws RegistryException {
        requireAccount(accountId);
        return keys.values().stream()
                .filter(e -> e.isLiveAccessKey() && e.record.accountId().equals(accountId))
                .map(KeyEntry::toAccessKey).sorted(KEY_ORDER).toList();
    }

    /** The access key with this id, unless there is none or it was deleted. */
    public Optional<AccessKey> accessKey(String keyId) {
        KeyEntry entry = keyId == null ? null : keys.get(keyId);
        return entry != null && entry.isLiveAccessKey() ? Optional.of(entry.toAccessKey()) : Optional.empty();
    }

    /** Disables an access key: it fails authentication until enabled. Disabling a disabled key changes nothing. */
    public AccessKey disableKey(String keyId) throws RegistryException {
        return setEnabled(keyId, false);
    }

    /** Enables a disabled access key. Enabling an enabled key changes nothing. */
    public AccessKey enableKey(String keyId) throws RegistryException {
        return setEnabled(keyId, true);
    }

    /** Deletes an access key for good: it is left as a tombstone that fails authentication as revoked. */
    public void deleteKey(String keyId) throws RegistryException {
        synchronized (lock) {
            KeyEntry current = requireAccessKey(keyId);
            long now = clock.getAsLong();
            KeyEntry tombstone = current.with(current.record.ended(State.DELETED, now));
            commit(Sync.SYNC, event(now, AuditEvent.DELETED, tombstone, null), tombstone);
        }
    }

    // ------------------------------------------------------------------------ admin credential

    /** True when a live admin credential exists; the server creates one on first start when not. */
    public boolean hasAdminCredential() {
        return keys.values().stream().anyMatch(e -> e.record.kind() == CredentialKind.ADMIN && !e.isTombstone());
    }

    /**
     * Issues an admin credential (scope {@code admin}, no account).
     *
     * @throws IllegalArgumentException when {@code name} is blank or longer than 200 characters
     */
    public IssuedCredential createAdminCredential(String name) {
        String trimmed;
        try {
            trimmed = RegistryValidator.name("name", name, MAX_NAME_CHARS);
        } catch (RegistryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        synchronized (lock) {
            long now = clock.getAsLong();
            String keyId = newKeyId();
            String secret = CredentialFormat.newSecret();
            KeyEntry created = KeyEntry.of(CredentialRecord.admin(keyId, trimmed, CredentialFormat.hashHex(secret), now));
            commit(Sync.SYNC, event(now, AuditEvent.CREATED, created, null), created);
            return new IssuedCredential(keyId, secret, CredentialKind.ADMIN, null, null, now);
        }
    }

    // -------------------------------------------------------------------------- authentication

    /**
     * Authenticates a key id and secret as presented in a request. The hot path: no lock, no
     * disk, and on success no allocation. A secret that fails its checksum is
     * {@link Failure#MALFORMED} without any lookup. Otherwise the presented secret is always
     * hashed and compared in constant time, with a decoy when the key id is unknown, so the
     * time taken does not tell whether a key id exists. Every failure is appended to the audit
     * trail without waiting for the disk; a success records the key's last-used time in memory.
     */
    public Authentication authenticate(String keyId, String secret) {
        if (closed) {
            throw new IllegalStateException("the registry at " + store.directory() + " is closed");
        }
        if (!CredentialFormat.isWellFormedKeyId(keyId)) {
            return fail(Failure.MALFORMED, null, null);
        }
        if (!CredentialFormat.hasValidChecksum(secret)) {
            return fail(Failure.MALFORMED, keyId, null);
        }
        KeyEntry entry = keys.get(keyId);
        boolean secretMatches = CredentialFormat.matches(secret, entry == null ? null : entry.secretHash);
        if (entry == null) {
            return fail(Failure.UNKNOWN_KEY, keyId, null);
        }
        if (entry.isTombstone()) {
            return fail(Failure.REVOKED, keyId, entry);
        }
        if (!secretMatches) {
            return fail(Failure.WRONG_SECRET, keyId, entry);
        }
        if (entry.record.state() == State.DISABLED) {
            return fail(Failure.DISABLED, keyId, entry);
        }
        entry.lastUsed.touch(clock.getAsLong());
        return entry.success;
    }

    /**
     * Persists the last-used times that changed since the last flush, without waiting for the
     * disk. The server calls it every few seconds; {@link #close()} calls it last.
     */
    public void flushLastUsed() {
        synchronized (lock) {
            KeyEntry[] changed = keys.values().stream().filter(e -> e.lastUsed.isDirty()).toArray(KeyEntry[]::new);
            if (changed.length > 0) {
                commit(Sync.NO_SYNC, null, changed);
            }
        }
    }

    // ----------------------------------------------------------------------------------- users

    /**
     * Creates a user of an account.
     *
     * @param userGroups null or empty for none; duplicates are dropped
     * @throws RegistryException NOT_FOUND when the account does not exist; INVALID for a bad name,
     *                           email address or group; CONFLICT when a user of the account has the
     *                           email address already, in any case
     */
    public User createUser(String accountId, String firstName, String lastName, String emailAddress,
                           List<String> userGroups) throws RegistryException {
        return createUser(accountId, firstName, lastName, emailAddress, userGroups, null);
    }

    /**
     * Creates a user with a console password ({@value PasswordHashing#MIN_CHARS} to
     * {@value PasswordHashing#MAX_CHARS} characters), or none when {@code password} is null. The
     * password is hashed with PBKDF2 (slow by design: call from a thread that may block).
     *
     * @throws RegistryException as {@link #createUser(String, String, String, String, List)}; INVALID
     *                           for a password of the wrong length
     */
    public User createUser(String accountId, String firstName, String lastName, String emailAddress,
                           List<String> userGroups, String password) throws RegistryException {
        requireAccount(accountId);
        if (password != null) {
            PasswordHashing.validate(password);
        }
        return userDirectory.create(accountId, firstName, lastName, emailAddress, userGroups,
                password == null ? null : userId -> PasswordHashing.hash(userId, password, clock.getAsLong()));
    }

    /**
     * Sets a user's console password, or removes it when {@code password} is null (the user can
     * then no longer sign in). Hashes with PBKDF2: call from a thread that may block.
     */
    public void setPassword(String userId, String password) throws RegistryException {
        PasswordRecord hashed = null;
        if (password != null) {
            PasswordHashing.validate(password);
            userDirectory.get(userId).orElseThrow(() -> new RegistryException(Reason.NOT_FOUND,
                    "userId", "user " + userId + " does not exist"));
            hashed = PasswordHashing.hash(userId, password, clock.getAsLong());
        }
        userDirectory.setPassword(userId, hashed);
    }

    /**
     * Checks a console password's length without setting it.
     *
     * @throws RegistryException INVALID when it is not {@value PasswordHashing#MIN_CHARS} to
     *                           {@value PasswordHashing#MAX_CHARS} characters
     */
    public static void validatePassword(String password) throws RegistryException {
        PasswordHashing.validate(password);
    }

    /** True when the user has a console password. */
    public boolean hasPassword(String userId) {
        return userDirectory.password(userId).isPresent();
    }

    /**
     * An opaque value that differs each time the user's password is set (its random salt), or
     * empty when it has none: what a session compares to notice a password change.
     */
    public Optional<String> passwordStamp(String userId) {
        return userDirectory.password(userId).map(PasswordRecord::salt);
    }

    /** When the user's console password was last set, or empty when it has none. */
    public OptionalLong passwordChangedDate(String userId) {
        return userDirectory.password(userId).map(p -> OptionalLong.of(p.changedDate())).orElse(OptionalLong.empty());
    }

    /**
     * Signs a user in to the console with an email address (any case) and a password. Only users
     * in the {@value User#ADMINISTRATOR_GROUP} group may; a success sets the user's last sign-in
     * date. Every attempt is audited ({@value AuditEvent#SIGNED_IN} or
     * {@value AuditEvent#SIGN_IN_FAILED}). An unknown address costs the time a wrong password
     * does. Slow by design (PBKDF2): call from a thread that may block.
     *
     * @param accountIdOrNull the account to sign in to; needed only when the address and password
     *                        are an Administrator's in several accounts
     */
    public SignIn signIn(String accountIdOrNull, String emailAddress, String password) throws RegistryException {
        if (emailAddress == null || password == null) {
            throw RegistryValidator.invalid("emailAddress", "emailAddress and password are required");
        }
        List<User> matched = new ArrayList<>();
        boolean verified = false;
        for (User u : userDirectory.withEmail(emailAddress.trim())) {
            if (accountIdOrNull != null && !accountIdOrNull.equals(u.accountId())) {
                continue;
            }
            Optional<PasswordRecord> stored = userDirectory.password(u.userId());
            if (stored.isPresent()) {
                verified = true;
                if (PasswordHashing.matches(stored.get(), password)) {
                    matched.add(u);
                }
            }
        }
        if (!verified) {
            PasswordHashing.verifyDecoy(password);
        }
        List<User> administrators = matched.stream().filter(u -> u.inGroup(User.ADMINISTRATOR_GROUP)).toList();
        if (administrators.size() == 1) {
            User user = userDirectory.recordSignIn(administrators.get(0).userId());
            audit.appendUnsynced(new AuditEvent(user.lastSignInDate(), AuditEvent.SIGNED_IN, user.userId(),
                    user.accountId(), null, null));
            return SignIn.signedIn(user);
        }
        SignIn refused;
        if (administrators.size() > 1) {
            refused = SignIn.accountRequired(administrators.stream().map(User::accountId).toList());
        } else if (!matched.isEmpty()) {
            refused = SignIn.refused(SignIn.Outcome.NOT_ADMINISTRATOR);
        } else {
            refused = SignIn.refused(SignIn.Outcome.WRONG_PASSWORD);
        }
        User known = matched.isEmpty() ? null : matched.get(0);
        audit.appendUnsynced(new AuditEvent(clock.getAsLong(), AuditEvent.SIGN_IN_FAILED,
                known == null ? null : known.userId(), known == null ? accountIdOrNull : known.accountId(), null,
                refused.outcome().name().toLowerCase(Locale.ROOT)));
        return refused;
    }

    public Optional<User> user(String userId) {
        return userDirectory.get(userId);
    }

    /**
     * A page of an account's users in a stable order: by created date, then user id.
     *
     * @param offset how many users to skip (not negative)
     * @param limit  the most users to return (not negative)
     */
    public List<User> users(String accountId, int offset, int limit) throws RegistryException {
        requireAccount(accountId);
        return userDirectory.page(accountId, offset, limit);
    }

    public int userCount(String accountId) throws RegistryException {
        requireAccount(accountId);
        return userDirectory.count(accountId);
    }

    /**
     * Changes a user; a null argument keeps that field as it is. An empty {@code userGroups}
     * list removes the user from every group.
     */
    public User updateUser(String userId, String firstName, String lastName, String emailAddress,
                           List<String> userGroups) throws RegistryException {
        return userDirectory.update(userId, firstName, lastName, emailAddress, userGroups);
    }

    public void deleteUser(String userId) throws RegistryException {
        userDirectory.delete(userId);
    }

    /** Sets a user's last sign-in date to now. */
    public User recordSignIn(String userId) throws RegistryException {
        return userDirectory.recordSignIn(userId);
    }

    // ----------------------------------------------------------------------------------- audit

    /**
     * Up to {@code limit} credential events, newest first: every account's (and the admin
     * credential's and unknown keys') when {@code accountIdOrNullForAll} is null, else one
     * account's.
     */
    public List<AuditEvent> auditEvents(String accountIdOrNullForAll, int limit) {
        try {
            return audit.newest(accountIdOrNullForAll, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes last-used times, syncs and closes RocksDB. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            RuntimeException flushFailure = null;
            try {
                flushLastUsed();
            } catch (RuntimeException e) {
                flushFailure = e;
            }
            closed = true;
            try {
                store.close();
            } catch (IOException e) {
                if (flushFailure != null) {
                    e.addSuppressed(flushFailure);
                }
                throw e;
            }
            if (flushFailure != null) {
                throw flushFailure;
            }
        }
    }

    // -------------------------------------------------------------------------------- internals

    private static void checkFormat(RegistryStore store) throws IOException {
        byte[] stored = store.get(Family.META, RegistryDescriptor.FORMAT_KEY);
        if (stored == null) {
            try (Batch batch = store.batch()) {
                batch.put(Family.META, RegistryDescriptor.FORMAT_KEY, RegistryDescriptor.ascii(
                        RegistryDescriptor.FORMAT_VERSION)).commit(Sync.SYNC);
            }
            return;
        }
        String version = new String(stored, StandardCharsets.US_ASCII);
        if (!version.equals(RegistryDescriptor.FORMAT_VERSION)) {
            throw new IOException("the registry at " + store.directory() + " has layout version " + version
                    + "; this ticketd reads version " + RegistryDescriptor.FORMAT_VERSION);
        }
    }

    private void load() throws IOException {
        store.scan(Family.ACCOUNTS, true, (key, value) -> {
            Account account = RegistryCodec.decode(value, Account.class, "account " + RegistryDescriptor.id(key));
            accounts.put(account.accountId(), account);
            return true;
        });
        Map<String, String> activeByStore = loadCredentials();
        store.scan(Family.STORES, true, (key, value) -> {
            StoreRecord record = RegistryCodec.decode(value, StoreRecord.class, "store " + RegistryDescriptor.id(key));
            stores.put(record.storeId(), record.toStore(activeByStore.get(record.storeId())));
            return true;
        });
        userDirectory.load();
    }

    /** Loads every credential; returns the active credential's key id of every store that has one. */
    private Map<String, String> loadCredentials() throws IOException {
        Map<String, String> activeByStore = new HashMap<>();
        store.scan(Family.CREDENTIALS, true, (key, value) -> {
            String what = "credential " + RegistryDescriptor.id(key);
            CredentialRecord record = RegistryCodec.decode(value, CredentialRecord.class, what);
            try {
                keys.put(record.keyId(), KeyEntry.of(record));
            } catch (IllegalArgumentException e) {
                throw new IOException("the registry's " + what + " cannot be loaded: " + e.getMessage(), e);
            }
            if (record.kind() == CredentialKind.STORE && record.state() == State.ACTIVE) {
                String other = activeByStore.put(record.storeId(), record.keyId());
                if (other != null) {
                    throw new IOException("the registry at " + store.directory() + " is inconsistent: store "
                            + record.storeId() + " has two active credentials, " + other + " and " + record.keyId());
                }
            }
            return true;
        });
        return activeByStore;
    }

    private AccessKey setEnabled(String keyId, boolean enabled) throws RegistryException {
        synchronized (lock) {
            KeyEntry current = requireAccessKey(keyId);
            State wanted = enabled ? State.ACTIVE : State.DISABLED;
            if (current.record.state() == wanted) {
                return current.toAccessKey();
            }
            KeyEntry changed = current.with(current.record.withState(wanted));
            String event = enabled ? AuditEvent.ENABLED : AuditEvent.DISABLED;
            commit(Sync.SYNC, event(clock.getAsLong(), event, changed, null), changed);
            return changed.toAccessKey();
        }
    }

    /**
     * Writes credentials (with their current last-used times) and an audit event, if any, in
     * one batch, then puts the entries in memory. Called holding {@link #lock}.
     */
    private void commit(Sync durability, AuditEvent event, KeyEntry... entries) {
        CredentialRecord[] written = new CredentialRecord[entries.length];
        try (Batch batch = store.batch()) {
            for (int i = 0; i < entries.length; i++) {
                written[i] = entries[i].recordForDisk();
                batch.put(Family.CREDENTIALS, RegistryDescriptor.idKey(written[i].keyId()),
                        RegistryCodec.encode(written[i]));
            }
            if (event != null) {
                audit.addTo(batch, event);
            }
            batch.commit(durability);
        }
        for (int i = 0; i < entries.length; i++) {
            entries[i].lastUsed.persisted(written[i].lastUsedDate());
            keys.put(entries[i].keyId(), entries[i]);
        }
    }

    private Authentication fail(Failure failure, String keyId, KeyEntry entry) {
        String accountId = entry == null ? null : entry.record.accountId();
        String storeId = entry == null ? null : entry.record.storeId();
        audit.appendUnsynced(new AuditEvent(clock.getAsLong(), AuditEvent.AUTH_FAILED, keyId, accountId, storeId,
                failure.auditName()));
        return Authentication.failed(failure);
    }

    private static AuditEvent event(long time, String event, KeyEntry key, String detail) {
        return new AuditEvent(time, event, key.keyId(), key.record.accountId(), key.record.storeId(), detail);
    }

    private String newKeyId() {
        String keyId;
        do {
            keyId = CredentialFormat.newKeyId();
        } while (keys.containsKey(keyId));
        return keyId;
    }

    private Set<Scope> accountKeyScopes(Set<Scope> scopes) throws RegistryException {
        if (scopes == null || scopes.isEmpty()) {
            throw RegistryValidator.invalid("scopes", "scopes must name at least one of " + ACCOUNT_SCOPES);
        }
        for (Scope scope : scopes) {
            if (scope == null) {
                throw RegistryValidator.invalid("scopes", "scopes must not contain null; each is one of "
                        + ACCOUNT_SCOPES);
            }
            if (scope == Scope.ADMIN) {
                throw RegistryValidator.invalid("scopes", "scope \"admin\" is only for the admin credential;"
                        + " an account's key may have " + ACCOUNT_SCOPES);
            }
        }
        return scopes;
    }

    private List<String> accountKeyStores(String accountId, List<String> storeIds) throws RegistryException {
        if (storeIds == null) {
            return null;
        }
        if (storeIds.isEmpty()) {
            throw RegistryValidator.invalid("stores", "stores must list at least one store of account " + accountId
                    + ", or be left out for all of them");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < storeIds.size(); i++) {
            String storeId = RegistryValidator.storeId("stores[" + i + "]", storeIds.get(i));
            if (!seen.add(storeId)) {
                throw RegistryValidator.invalid("stores", "store " + storeId + " is listed more than once in stores");
            }
            Store listed = stores.get(storeId);
            if (listed == null || !listed.accountId().equals(accountId)) {
                throw RegistryValidator.invalid("stores", "store " + storeId + " is not a store of account "
                        + accountId);
            }
        }
        return List.copyOf(storeIds);
    }

    private void requireAccount(String accountId) throws RegistryException {
        if (accountId == null || !accounts.containsKey(accountId)) {
            throw new RegistryException(Reason.NOT_FOUND, "accountId", "account " + accountId + " does not exist");
        }
    }

    private Store requireStore(String storeId) throws RegistryException {
        Store found = storeId == null ? null : stores.get(storeId);
        if (found == null) {
            throw new RegistryException(Reason.NOT_FOUND, "storeId", "store " + storeId + " does not exist");
        }
        return found;
    }

    /** The live access key {@code keyId}; anything else is NOT_FOUND, with a message that says what it is. */
    private KeyEntry requireAccessKey(String keyId) throws RegistryException {
        KeyEntry entry = keyId == null ? null : keys.get(keyId);
        if (entry == null) {
            throw new RegistryException(Reason.NOT_FOUND, "keyId", "access key " + keyId + " does not exist");
        }
        switch (entry.record.kind()) {
            case STORE:
                throw new RegistryException(Reason.NOT_FOUND, "keyId", keyId + " is not an access key but a"
                        + " credential of store " + entry.record.storeId() + "; it is managed through the store");
            case ADMIN:
                throw new RegistryException(Reason.NOT_FOUND, "keyId", keyId + " is not an access key but an"
                        + " admin credential");
            default:
                break;
        }
        if (entry.isTombstone()) {
            throw new RegistryException(Reason.NOT_FOUND, "keyId", "access key " + keyId + " was deleted");
        }
        return entry;
    }
}
