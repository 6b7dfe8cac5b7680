package io.ticketd.engine.query;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {
    @TempDir
    Path dir;
    private CursorCodec codec;

    @BeforeEach
    void open() throws Exception {
        codec = CursorCodec.open(dir.resolve(CursorCodec.KEY_FILE));
    }

    private static InvalidCursorException.Reason reasonOf(ThrowingDecode decode) {
        try {
            decode.run();
        } catch (InvalidCursorException e) {
            return e.reason();
        }
        throw new AssertionError("cursor accepted");
    }

    interface ThrowingDecode {
        void run() throws InvalidCursorException;
    }

    @Test
    void shouldRoundTripEveryField() throws Exception {
        String token = codec.encode("acme", "S0001", 1_763_000_000_000_001L, 1_763_999_000_000_000L, 17);
        PageCursor c = codec.decode("acme", token);
        assertThat(c).isEqualTo(new PageCursor("S0001", 1_763_000_000_000_001L, 1_763_999_000_000_000L, 17));
        assertThat(codec.decode("acme", codec.encode("acme", null, -1, 5, 50)))
                .isEqualTo(new PageCursor(null, -1, 5, 50));
    }

    @Test
    void shouldBeOpaqueBase64UrlWithoutPadding() {
        String token = codec.encode("acme", "S1", 1, 2, 3);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(token).doesNotContain("acme");
    }

    @Test
    void shouldRejectACursorWithAnyByteFlipped() {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode("acme", "S1", 100, 200, 50));
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = raw.clone();
                copy[i] ^= (byte) (1 << bit);
                String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
                assertThat(reasonOf(() -> codec.decode("acme", tampered)))
                        .as("byte %d bit %d", i, bit).isEqualTo(InvalidCursorException.Reason.TAMPERED);
            }
        }
    }

    @Test
    void shouldRejectACursorFromAnotherAccount() {
        String token = codec.encode("acme", "S1", 100, 200, 50);
        assertThat(reasonOf(() -> codec.decode("globex", token))).isEqualTo(InvalidCursorException.Reason.WRONG_ACCOUNT);
    }

    @Test
    void shouldRejectACursorForAnotherStoreFilter() throws Exception {
        PageCursor forStore = codec.decode("acme", codec.encode("acme", "S1", 100, 200, 50));
        PageCursor forAccount = codec.decode("acme", codec.encode("acme", null, 100, 200, 50));
        forStore.requireStoreFilter("S1");
        forAccount.requireStoreFilter(null);
        assertThat(reasonOf(() -> forStore.requireStoreFilter("S2")))
                .isEqualTo(InvalidCursorException.Reason.WRONG_STORE_FILTER);
        assertThat(reasonOf(() -> forAccount.requireStoreFilter("S1")))
                .isEqualTo(InvalidCursorException.Reason.WRONG_STORE_FILTER);
        assertThat(reasonOf(() -> forStore.requireStoreFilter(null)))
                .isEqualTo(InvalidCursorException.Reason.WRONG_STORE_FILTER);
    }

    @Test
    void shouldRejectGarbageAndEmptyCursors() {
        assertThat(reasonOf(() -> codec.decode("acme", ""))).isEqualTo(InvalidCursorException.Reason.EMPTY);
        assertThat(reasonOf(() -> codec.decode("acme", null))).isEqualTo(InvalidCursorException.Reason.EMPTY);
        assertThat(reasonOf(() -> codec.decode("acme", "not a cursor!"))).isEqualTo(InvalidCursorException.Reason.MALFORMED);
        assertThat(reasonOf(() -> codec.decode("acme", "AAAA"))).isEqualTo(InvalidCursorException.Reason.MALFORMED);
        String longGarbage = Base64.getUrlEncoder().encodeToString(new byte[90]);
        assertThat(reasonOf(() -> codec.decode("acme", longGarbage))).isEqualTo(InvalidCursorException.Reason.TAMPERED);
    }

    @Test
    void shouldRejectACursorSignedWithAnotherKey() throws Exception {
        CursorCodec other = CursorCodec.open(dir.resolve("other.key"));
        String token = other.encode("acme", null, 1, 2, 3);
        assertThat(reasonOf(() -> codec.decode("acme", token))).isEqualTo(InvalidCursorException.Reason.TAMPERED);
    }

    @Test
    void shouldKeepTheKeyAcrossRestartsWithOwnerOnlyPermissions() throws Exception {
        String token = codec.encode("acme", null, 1, 2, 3);
        CursorCodec reopened = CursorCodec.open(dir.resolve(CursorCodec.KEY_FILE));
        assertThat(reopened.decode("acme", token).endDate()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CursorCodec.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseAKeyFileOfTheWrongSize() throws Exception {
        Path bad = dir.resolve("bad.key");
        Files.write(bad, new byte[5]);
        assertThatThrownBy(() -> CursorCodec.open(bad)).hasMessageContaining("expected 32");
    }
}
