package io.ticketd.engine.index;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class IndexKeyDescriptorTest {
    private static final String ACCOUNT = "acct_reference";
    private static final String STORE = "S0042";

    @Test
    void shouldGiveTheTicketsOfOneRegisterOneHintPrefixAndKeysInTheirArrivalOrder() {
        byte[] first = ticketsKey(ACCOUNT, STORE, "S0042-R3-00000001");
        byte[] next = ticketsKey(ACCOUNT, STORE, "S0042-R3-00000002");
        byte[] later = ticketsKey(ACCOUNT, STORE, "S0042-R3-00012345");

        assertThat(Arrays.copyOf(next, IndexKeyDescriptor.STEM_AT + 1))
                .isEqualTo(Arrays.copyOf(first, IndexKeyDescriptor.STEM_AT + 1))
                .isEqualTo(Arrays.copyOf(later, IndexKeyDescriptor.STEM_AT + 1));
        assertThat(Arrays.compareUnsigned(first, next)).isNegative();
        assertThat(Arrays.compareUnsigned(next, later)).isNegative();
    }

    @Test
    void shouldGiveAnotherRegistersTicketsAnotherStemByte() {
        byte[] r3 = ticketsKey(ACCOUNT, STORE, "S0042-R3-00000001");
        byte[] r1 = ticketsKey(ACCOUNT, STORE, "S0042-R1-00000001");
        byte[] r2 = ticketsKey(ACCOUNT, STORE, "S0042-R2-00000001");

        assertThat(r1[IndexKeyDescriptor.STEM_AT]).isNotEqualTo(r3[IndexKeyDescriptor.STEM_AT]);
        assertThat(r2[IndexKeyDescriptor.STEM_AT]).isNotEqualTo(r3[IndexKeyDescriptor.STEM_AT]);
    }

    @Test
    void shouldKeepTheStoresScopeInEveryByteOfTheTicketScopeButTheStem() {
        byte[] ids = (ACCOUNT + STORE).getBytes(StandardCharsets.UTF_8);
        byte[] storeKey = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
        int storePrefix = IndexKeyDescriptor.putStoreScope(storeKey, ids, ACCOUNT.length(), STORE.length());
        byte[] ticketKey = ticketsKey(ACCOUNT, STORE, "S0042-R3-00000001");

        for (int i = 0; i < storePrefix; i++) {
            if (i != IndexKeyDescriptor.STEM_AT) {
                assertThat(ticketKey[i]).as("byte %d", i).isEqualTo(storeKey[i]);
            }
        }
        assertThat(IndexKeyDescriptor.store(ticketKey)).isEqualTo(STORE);
        assertThat(IndexKeyDescriptor.account(ticketKey)).isEqualTo(ACCOUNT);
        assertThat(IndexKeyDescriptor.ticketId(ticketKey, ticketKey.length)).isEqualTo("S0042-R3-00000001");
    }

    @Test
    void shouldGiveIdsWithoutTrailingDigitsAndAllDigitIdsAStemToo() {
        byte[] uuid = ticketsKey(ACCOUNT, STORE, "3f2b9c1e-7d4a-4e8b-9a61-0c5f2d7e8b9a");
        byte[] digits = ticketsKey(ACCOUNT, STORE, "000123");
        byte[] otherDigits = ticketsKey(ACCOUNT, STORE, "987");

        assertThat(IndexKeyDescriptor.isTicketsKey(uuid, uuid.length)).isTrue();
        assertThat(IndexKeyDescriptor.isTicketsKey(digits, digits.length)).isTrue();
        assertThat(digits[IndexKeyDescriptor.STEM_AT]).isEqualTo(otherDigits[IndexKeyDescriptor.STEM_AT]);
    }

    @Test
    void shouldRecogniseATicketsKeyOnlyWhenItsScopeMatchesItsIdsAndStem() {
        byte[] key = ticketsKey(ACCOUNT, STORE, "S0042-R3-00000001");
        assertThat(IndexKeyDescriptor.isTicketsKey(key, key.length)).isTrue();

        byte[] wrongStem = key.clone();
        wrongStem[IndexKeyDescriptor.STEM_AT]++;
        assertThat(IndexKeyDescriptor.isTicketsKey(wrongStem, wrongStem.length)).isFalse();

        byte[] wrongStore = key.clone();
        wrongStore[0]++;
        assertThat(IndexKeyDescriptor.isTicketsKey(wrongStore, wrongStore.length)).isFalse();

        byte[] ids = (ACCOUNT + STORE).getBytes(StandardCharsets.UTF_8);
        byte[] storesScope = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
        int n = IndexKeyDescriptor.putStoreScope(storesScope, ids, ACCOUNT.length(), STORE.length());
        byte[] formatTwo = key.clone(); // the store's own scope, as format 2 wrote tickets keys
        System.arraycopy(storesScope, 0, formatTwo, 0, IndexKeyDescriptor.SCOPE_LENGTH);
        assertThat(n).isLessThan(key.length);
        assertThat(formatTwo).isNotEqualTo(key);
        assertThat(IndexKeyDescriptor.isTicketsKey(formatTwo, formatTwo.length)).isFalse();
    }

    private static byte[] ticketsKey(String account, String store, String ticketId) {
        byte[] ids = (account + store + ticketId).getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
        int n = IndexKeyDescriptor.putStoreScope(key, ids, account.length(), store.length());
        n = IndexKeyDescriptor.putTicketId(key, n, ids, account.length() + store.length(), ticketId.length());
        return Arrays.copyOf(key, n);
    }
}
