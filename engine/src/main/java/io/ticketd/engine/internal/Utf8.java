package io.ticketd.engine.internal;

/**
 * Encodes strings as UTF-8 into a caller's array without allocating, for the
 * commit path, which builds journal records and index keys per ticket.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Writes {@code s} as UTF-8 at {@code dst[at]}; an unpaired surrogate becomes '?'.
     * The caller guarantees room for {@code 3 * s.length()} bytes.
     *
     * @return the number of bytes written
     */
    public static int encode(CharSequence s, byte[] dst, int at) {
        int p = at;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                dst[p++] = (byte) (0xC0 | c >> 6);
                dst[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[p++] = (byte) (0xF0 | cp >> 18);
                dst[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                dst[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                dst[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                dst[p++] = '?';
            } else {
                dst[p++] = (byte) (0xE0 | c >> 12);
                dst[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                dst[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return p - at;
    }
}
