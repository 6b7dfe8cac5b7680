package io.ticketd.engine.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last@example.com", "x+tag@mail.example.org", "o'hara@shop.ie",
            "UPPER@EXAMPLE.COM", "user_1-2@sub-domain.example.travel", "a!#$%&*/=?^`{|}~@x1.io"})
    void shouldAcceptOrdinaryEmailAddresses(String email) throws RegistryException {
        assertThat(RegistryValidator.emailAddress(email)).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a@b@c.com", ".a@b.com", "a.@b.com",
            "a..b@c.com", "a@b..com", "a@.b.com", "a@b.com.", "a@-b.com", "a@b-.com", "a@b.c", "a@b.c0m", "a b@c.com",
            "a@b_c.com", "\"quoted\"@b.com", "a@[127.0.0.1]", "j\u00f6rg@b.com", "a@b.c\u00f6m"})
    void shouldRejectWhatIsNotAnEmailAddress(String email) {
        assertThatThrownBy(() -> RegistryValidator.emailAddress(email))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID);
                    assertThat(e.field()).isEqualTo("emailAddress");
                    assertThat(e.getMessage()).startsWith("emailAddress ");
                });
    }

    @Test
    void shouldTrimEmailAddressesAndBoundTheirLength() throws RegistryException {
        assertThat(RegistryValidator.emailAddress("  a@b.co \t")).isEqualTo("a@b.co");
        String local64 = "l".repeat(64);
        assertThat(RegistryValidator.emailAddress(local64 + "@b.co")).isNotNull();
        assertThatThrownBy(() -> RegistryValidator.emailAddress(local64 + "l@b.co")).isInstanceOf(RegistryException.class);
        String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(60);
        String longest = "a@" + domain;
        assertThat(longest).hasSize(254);
        assertThat(RegistryValidator.emailAddress(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> RegistryValidator.emailAddress("ab@" + domain))
                .hasMessage("emailAddress is 255 characters; at most 254 are allowed");
        assertThatThrownBy(() -> RegistryValidator.emailAddress(null)).hasMessage("emailAddress is required");
    }

    @Test
    void shouldTrimNamesAndCountCharactersNotBytes() throws RegistryException {
        assertThat(RegistryValidator.name("name", "  Main St  ", 200)).isEqualTo("Main St");
        assertThat(RegistryValidator.name("name", "\u00e9".repeat(200), 200)).hasSize(200);
        assertThatThrownBy(() -> RegistryValidator.name("name", "x".repeat(201), 200))
                .hasMessage("name is 201 characters; at most 200 are allowed");
        assertThatThrownBy(() -> RegistryValidator.name("firstName", "   ", 100))
                .hasMessage("firstName must not be blank (1 to 100 characters)");
        assertThatThrownBy(() -> RegistryValidator.name("lastName", null, 100))
                .hasMessage("lastName is required (1 to 100 characters)");
    }

    @Test
    void shouldDeduplicateUserGroupsKeepingTheFirstOrder() throws RegistryException {
        assertThat(RegistryValidator.userGroups(List.of(" Admins", "Cashiers", "Admins ", "Managers")))
                .containsExactly("Admins", "Cashiers", "Managers");
        assertThat(RegistryValidator.userGroups(List.of())).isNull();
        assertThat(RegistryValidator.userGroups(null)).isNull();
        assertThatThrownBy(() -> RegistryValidator.userGroups(Arrays.asList("ok", null)))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.field()).isEqualTo("userGroups[1]"));
        assertThatThrownBy(() -> RegistryValidator.userGroups(List.of("g".repeat(101))))
                .hasMessage("userGroups[0] is 101 characters; at most 100 are allowed");
    }
}
