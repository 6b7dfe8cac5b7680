package io.ticketd.engine.registry;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialFormatTest {

    @Test
    void shouldGenerateKeyIdsAndSecretsInTheDocumentedShape() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String keyId = CredentialFormat.newKeyId();
            String secret = CredentialFormat.newSecret();
            assertThat(keyId).matches("ak_[0-9A-Za-z]{20}");
            assertThat(secret).matches("sk_[0-9A-Za-z]{38}");
            assertThat(CredentialFormat.isWellFormedKeyId(keyId)).isTrue();
            assertThat(CredentialFormat.hasValidChecksum(secret)).as(secret).isTrue();
            assertThat(seen.add(keyId)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void shouldRejectEverySingleCharacterTypoInASecret() {
        String secret = CredentialFormat.newSecret();
        for (int position = CredentialFormat.SECRET_PREFIX.length(); position < secret.length(); position++) {
            for (char c : RandomIds.BASE62.toCharArray()) {
                if (c == secret.charAt(position)) {
                    continue;
                }
                String typo = secret.substring(0, position) + c + secret.substring(position + 1);
                assertThat(CredentialFormat.hasValidChecksum(typo)).as(typo).isFalse();
            }
        }
    }

    @Test
    void shouldRejectSwappedNeighbouringCharactersInASecret() {
        String secret = CredentialFormat.newSecret();
        int swaps = 0;
        for (int i = CredentialFormat.SECRET_PREFIX.length(); i < secret.length() - 1; i++) {
            if (secret.charAt(i) == secret.charAt(i + 1)) {
                continue;
            }
            String swapped = secret.substring(0, i) + secret.charAt(i + 1) + secret.charAt(i) + secret.substring(i + 2);
            assertThat(CredentialFormat.hasValidChecksum(swapped)).as(swapped).isFalse();
            swaps++;
        }
        assertThat(swaps).isGreaterThan(20);
    }

    @Test
    void shouldRejectSecretsOfTheWrongShape() {
        String secret = CredentialFormat.newSecret();
        assertThat(CredentialFormat.hasValidChecksum(null)).isFalse();
        assertThat(CredentialFormat.hasValidChecksum("")).isFalse();
        assertThat(CredentialFormat.hasValidChecksum(secret.substring(0, secret.length() - 1))).isFalse();
        assertThat(CredentialFormat.hasValidChecksum(secret + "0")).isFalse();
        assertThat(CredentialFormat.hasValidChecksum("ak_" + secret.substring(3))).isFalse();
        assertThat(CredentialFormat.hasValidChecksum(" " + secret.substring(1))).isFalse();
        assertThat(CredentialFormat.hasValidChecksum(secret.substring(0, 10) + "-" + secret.substring(11))).isFalse();
        assertThat(CredentialFormat.hasValidChecksum(secret.substring(0, 10) + "\u00e9" + secret.substring(11)))
                .isFalse();
    }

    @Test
    void shouldRejectKeyIdsOfTheWrongShape() {
        String keyId = CredentialFormat.newKeyId();
        assertThat(CredentialFormat.isWellFormedKeyId(null)).isFalse();
        assertThat(CredentialFormat.isWellFormedKeyId("")).isFalse();
        assertThat(CredentialFormat.isWellFormedKeyId(keyId.substring(1))).isFalse();
        assertThat(CredentialFormat.isWellFormedKeyId(keyId + "a")).isFalse();
        assertThat(CredentialFormat.isWellFormedKeyId("sk_" + keyId.substring(3))).isFalse();
        assertThat(CredentialFormat.isWellFormedKeyId(keyId.substring(0, 22) + "_")).isFalse();
        assertThat(CredentialFormat.isWellFormedKeyId(CredentialFormat.newSecret())).isFalse();
    }

    @Test
    void shouldMatchASecretOnlyAgainstItsOwnHash() {
        String secret = CredentialFormat.newSecret();
        String other = CredentialFormat.newSecret();
        byte[] hash = CredentialFormat.parseHash(CredentialFormat.hashHex(secret));
        assertThat(CredentialFormat.hashHex(secret)).matches("[0-9a-f]{64}").doesNotContain(secret.substring(3));
        assertThat(CredentialFormat.matches(secret, hash)).isTrue();
        assertThat(CredentialFormat.matches(other, hash)).isFalse();
        assertThat(CredentialFormat.matches(secret, null)).isFalse();
    }
}
