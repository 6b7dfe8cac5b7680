package io.ticketd.engine.registry;

import io.ticketd.engine.TestClock;
import io.ticketd.engine.ingest.TicketValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.ticketd.engine.registry.RegistryException.Reason.CONFLICT;
import static io.ticketd.engine.registry.RegistryException.Reason.INVALID;
import static io.ticketd.engine.registry.RegistryException.Reason.NOT_FOUND;
import static io.ticketd.engine.registry.RegistryFixture.START;
import static io.ticketd.engine.registry.RegistryFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryAccountsAndStoresTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);
    private Registry registry;

    @BeforeEach
    void open() throws Exception {
        registry = Registry.open(dir, clock);
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
    }

    @Test
    void shouldCreateAccountsWithGeneratedIdsInsideTheIdPattern() throws Exception {
        Account account = registry.createAccount("  Acme Retail  ");
        assertThat(account.accountId()).matches("acct_[a-z2-7]{12}");
        assertThat(TicketValidator.isValidId(account.accountId())).isTrue();
        assertThat(account.name()).isEqualTo("Acme Retail");
        assertThat(account.createdDate()).isEqualTo(START);
        assertThat(registry.account(account.accountId())).contains(account);
        assertThat(registry.account("acct_nope")).isEmpty();
        assertThat(registry.account(null)).isEmpty();
    }

    @Test
    void shouldRefuseABlankOrTooLongAccountName() throws Exception {
        assertRefused(() -> registry.createAccount(" \t "), INVALID, "name", "name must not be blank");
        assertRefused(() -> registry.createAccount(null), INVALID, "name", "name is required");
        assertRefused(() -> registry.createAccount("n".repeat(201)), INVALID, "name", "at most 200");
        assertThat(registry.createAccount("n".repeat(200)).name()).hasSize(200);
        assertThat(registry.accounts()).hasSize(1);
    }

    @Test
    void shouldListAccountsByCreatedDateThenId() throws Exception {
        Account later = registry.createAccount("later");
        clock.set(START - 10);
        Account earliest = registry.createAccount("earliest");
        clock.set(START);
        Account sameTime = registry.createAccount("same time as later");
        Account[] tied = later.accountId().compareTo(sameTime.accountId()) < 0
                ? new Account[]{later, sameTime} : new Account[]{sameTime, later};
        assertThat(registry.accounts()).containsExactly(earliest, tied[0], tied[1]);
    }

    @Test
    void shouldCreateAStoreWithoutACredential() throws Exception {
        Account acme = registry.createAccount("Acme");
        clock.advance(5);
        Store store = registry.createStore(acme.accountId(), "S0001", " Main Street ");
        assertThat(store).isEqualTo(new Store("S0001", acme.accountId(), "Main Street", START + 5, "Key Inactive", null));
        assertThat(registry.store("S0001")).contains(store);
        assertThat(registry.store(null)).isEmpty();
        assertThat(registry.storeCredential("S0001")).isEqualTo(new StoreCredentialStatus("S0001", "Key Inactive",
                null, null));
    }

    @Test
    void shouldKeepStoreIdsUniqueAcrossAccounts() throws Exception {
        Account acme = registry.createAccount("Acme");
        Account other = registry.createAccount("Other");
        registry.createStore(acme.accountId(), "S0001", "Main Street");
        assertRefused(() -> registry.createStore(other.accountId(), "S0001", "Elsewhere"), CONFLICT, "storeId",
                "store S0001 already exists");
        assertRefused(() -> registry.createStore(acme.accountId(), "S0001", "Again"), CONFLICT, "storeId",
                "store S0001 already exists");
        assertThat(registry.stores(other.accountId())).isEmpty();
        assertThat(registry.store("S0001").orElseThrow().accountId()).isEqualTo(acme.accountId());
    }

    @Test
    void shouldRefuseAStoreOfAnAccountThatDoesNotExist() {
        assertRefused(() -> registry.createStore("acct_missing", "S0001", "Main"), NOT_FOUND, "accountId",
                "account acct_missing does not exist");
        assertRefused(() -> registry.stores("acct_missing"), NOT_FOUND, "accountId",
                "account acct_missing does not exist");
        assertThat(registry.store("S0001")).isEmpty();
    }

    @Test
    void shouldRefuseAStoreIdOutsideTheIdPattern() throws Exception {
        String accountId = registry.createAccount("Acme").accountId();
        for (String bad : new String[]{"", "has space", "slash/", "x".repeat(65), "caf\u00e9"}) {
            assertRefused(() -> registry.createStore(accountId, bad, "Main"), INVALID, "storeId",
                    "storeId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        assertRefused(() -> registry.createStore(accountId, null, "Main"), INVALID, "storeId", "got none");
        assertRefused(() -> registry.createStore(accountId, "S1", ""), INVALID, "name", "name must not be blank");
        assertThat(registry.createStore(accountId, "x".repeat(64), "Longest").storeId()).hasSize(64);
        assertThat(registry.createStore(accountId, "a.B_c-9", "Punctuated").storeId()).isEqualTo("a.B_c-9");
    }

    @Test
    void shouldListOnlyAnAccountsOwnStoresOldestFirst() throws Exception {
        String acme = registry.createAccount("Acme").accountId();
        String other = registry.createAccount("Other").accountId();
        clock.set(START + 20);
        registry.createStore(acme, "S-late", "Late");
        clock.set(START + 10);
        registry.createStore(acme, "S-early", "Early");
        registry.createStore(other, "S-other", "Other's");
        assertThat(registry.stores(acme)).extracting(Store::storeId).containsExactly("S-early", "S-late");
        assertThat(registry.stores(other)).extracting(Store::storeId).containsExactly("S-other");
    }
}
