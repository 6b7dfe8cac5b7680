package io.ticketd.tools.load;

import org.agrona.ExpandableArrayBuffer;

/**
 * Deterministic POS ticket generator for load runs: a Java port of the reference workload
 * generator {@code gen_tickets.py} the project was specified from.
 *
 * <p>For the same arguments (seed, store count, start time in microseconds, back-dated
 * fraction) the n-th ticket produced here is byte-identical to the n-th line the script
 * prints, without its newline: the same random draws in the same order (through
 * {@link PythonRandom}) and the same compact JSON as {@code json.dumps(ticket,
 * separators=(",", ":"))}, keys in the script's order. Tickets are numbered by this
 * instance, from 0, exactly like the script's loop.
 *
 * <p>Hot-path work is writing digits and fixed strings as ASCII into one reused buffer
 * (Agrona's), and one copy of the result; there is no formatting or parsing per ticket.
 * (A String built and then encoded allocated each ticket twice over; under batch ingest
 * the load generator spent 14 % of its CPU faulting in the fresh heap those copies
 * landed in, async-profiler. Writing is as fast either way: ~1.1 µs a ticket, most of it
 * drawing.)
 *
 * <p>Not thread-safe: the random state, the ticket counter and the per-ticket scratch are
 * shared; give each producing thread its own generator (with its own seed).
 */
public final class TicketGenerator {

    public static final int DEFAULT_STORES = 100;
    public static final long DEFAULT_SEED = 42;
    public static final long DEFAULT_START_MICROS = 1_763_000_000_000_000L;
    public static final double DEFAULT_BACKDATE_FRAC = 0.02;

    private static final String[] DEPARTMENTS = {"GROCERY", "FUEL", "TOBACCO", "BEVERAGE", "DELI", "LOTTERY", "GENERAL"};
    // CARD is listed three times on purpose: that is how the script weights it.
    private static final String[] TENDERS = {"CASH", "CARD", "CARD", "CARD", "GIFT", "EBT"};
    private static final String[] BRANDS = {"VISA", "MASTERCARD", "AMEX", "DISCOVER"};
    private static final String SALE = "SALE";
    private static final String RETURN = "RETURN";
    private static final String NO_SALE = "NO_SALE";
    private static final String CARD = "CARD";
    private static final String[] KINDS = {SALE, RETURN, "VOID", NO_SALE};
    private static final int[] KIND_CUM_WEIGHTS = PythonRandom.accumulate(90, 5, 4, 1);

    private static final int MAX_ITEMS = 6;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    private static final int TYPICAL_TICKET_BYTES = 2048;

    private final PythonRandom rng;
    private final int stores;
    private final long startMicros;
    private final double backdateFrac;
    private final Ascii text = new Ascii();
    private long n;

    // The script draws operator and endDate after the items and tenders, but writes them
    // before; so a ticket is drawn into these fields first and written second.
    private int store;
    private int register;
    private long started;
    private String kind;
    private int itemCount;
    private final int[] quantity = new int[MAX_ITEMS];
    private final int[] unitPrice = new int[MAX_ITEMS];
    private final int[] discount = new int[MAX_ITEMS];
    private final int[] amount = new int[MAX_ITEMS];
    private final int[] tax = new int[MAX_ITEMS];
    private final int[] sku = new int[MAX_ITEMS];
    private final int[] description = new int[MAX_ITEMS];
    private final String[] department = new String[MAX_ITEMS];
    private final int[] promo = new int[MAX_ITEMS];
    private long subtotalSum;
    private long taxSum;
    private int sign;
    private String tenderType;
    private String cardBrand;
    private int last4;
    private int authCode;
    private int operatorId;
    private int operatorName;
    private long endDate;

    /** A generator with the script's defaults. */
    public TicketGenerator() {
        this(DEFAULT_SEED, DEFAULT_STORES, DEFAULT_START_MICROS, DEFAULT_BACKDATE_FRAC);
    }

    /**
     * @param seed         the script's {@code --seed}
     * @param stores       the script's {@code --stores}; must be positive
     * @param startMicros  the script's {@code --start-micros}
     * @param backdateFrac the script's {@code --backdate-frac}
     */
    public TicketGenerator(long seed, int stores, long startMicros, double backdateFrac) {
        if (stores <= 0) {
            throw new IllegalArgumentException("stores must be positive, got " + stores);
        }
        this.rng = new PythonRandom(seed);
        this.stores = stores;
        this.startMicros = startMicros;
        this.backdateFrac = backdateFrac;
    }

    /** How many tickets this generator has produced; also the number of the next one. */
    public long ticketsGenerated() {
        return n;
    }

    /** The next ticket's JSON as UTF-8 (all of it ASCII), without a trailing newline. */
    public byte[] nextTicket() {
        drawTicket();
        text.clear();
        writeTicket(text);
        n++;
        return text.toByteArray();
    }

    private void drawTicket() {
        store = rng.randrange(stores);
        register = 1 + rng.randrange(4);
        started = startMicros + n * 1000 + rng.randrange(1000);
        if (rng.random() < backdateFrac) {
            started -= rng.randrange(1, 30) * MICROS_PER_DAY;
        }
        kind = rng.choices(KINDS, KIND_CUM_WEIGHTS);
        // A conditional expression in the script: NO_SALE draws no item count at all.
        itemCount = NO_SALE.equals(kind) ? 0 : 1 + rng.randrange(MAX_ITEMS);
        subtotalSum = 0;
        taxSum = 0;
        for (int i = 0; i < itemCount; i++) {
            drawItem(i);
        }
        sign = RETURN.equals(kind) ? -1 : 1;
        drawTender();
        operatorId = rng.randrange(200);
        operatorName = rng.randrange(200);
        endDate = started + 30_000_000 + rng.randrange(240_000_000);
    }

    private void drawItem(int i) {
        int qty = 1 + rng.randrange(3);
        int price = 49 + rng.randrange(2000);
        int disc = rng.random() < 0.8 ? 0 : rng.randrange(1, price / 4 + 2);
        int lineAmount = qty * price - disc;
        quantity[i] = qty;
        unitPrice[i] = price;
        discount[i] = disc;
        amount[i] = lineAmount;
        tax[i] = Math.floorDiv(lineAmount * 8, 100);
        // The item dict display evaluates left to right; the promo is drawn after it.
        sku[i] = rng.randrange(50000);
        description[i] = rng.randrange(50000);
        department[i] = rng.choice(DEPARTMENTS);
        promo[i] = disc != 0 ? rng.randrange(10) : 0;
        subtotalSum += lineAmount;
        taxSum += tax[i];
    }

    private void drawTender() {
        tenderType = null;
        cardBrand = null;
        if (NO_SALE.equals(kind)) {
            return;
        }
        tenderType = rng.choice(TENDERS);
        if (CARD.equals(tenderType)) {
            // tender.update(cardBrand=..., last4=..., authCode=...) draws in keyword order.
            cardBrand = rng.choice(BRANDS);
            last4 = rng.randrange(10000);
            authCode = rng.randrange(1 << 24);
        }
    }

    private void writeTicket(Ascii out) {
        long total = sign * (subtotalSum + taxSum);
        out.append("{\"ticketId\":\"");
        appendStoreId(out);
        out.append('-');
        appendRegisterId(out);
        out.append('-');
        appendZeroPadded(out, n, 8);
        out.append("\",\"storeId\":\"");
        appendStoreId(out);
        out.append("\",\"registerId\":\"");
        appendRegisterId(out);
        out.append("\",\"operator\":{\"id\":\"E");
        appendZeroPadded(out, operatorId, 3);
        out.append("\",\"name\":\"Operator ").append(operatorName);
        out.append("\"},\"type\":\"").append(kind);
        out.append("\",\"startDate\":").append(started);
        out.append(",\"endDate\":").append(endDate);
        out.append(",\"currency\":\"USD\",\"items\":[");
        for (int i = 0; i < itemCount; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeItem(out, i);
        }
        out.append("],\"tenders\":[");
        if (tenderType != null) {
            writeTender(out, total);
        }
        out.append("],\"subtotal\":").append(sign * subtotalSum);
        out.append(",\"tax\":").append(sign * taxSum);
        out.append(",\"total\":").append(total);
        out.append('}');
    }

    private void writeItem(Ascii out, int i) {
        out.append("{\"line\":").append(i + 1);
        out.append(",\"sku\":\"");
        appendZeroPadded(out, sku[i], 6);
        out.append("\",\"description\":\"Item ").append(description[i]);
        out.append("\",\"department\":\"").append(department[i]);
        out.append("\",\"quantity\":").append(quantity[i]);
        out.append(",\"unitPrice\":").append(unitPrice[i]);
        out.append(",\"amount\":").append(amount[i]);
        out.append(",\"taxes\":[{\"code\":\"ST\",\"amount\":").append(tax[i]).append("}]");
        if (discount[i] != 0) {
            out.append(",\"discounts\":[{\"code\":\"PROMO").append(promo[i]);
            out.append("\",\"amount\":").append(discount[i]).append("}]");
        }
        out.append('}');
    }

    private void writeTender(Ascii out, long total) {
        out.append("{\"type\":\"").append(tenderType);
        out.append("\",\"amount\":").append(total);
        if (cardBrand != null) {
            out.append(",\"cardBrand\":\"").append(cardBrand);
            out.append("\",\"last4\":\"");
            appendZeroPadded(out, last4, 4);
            out.append("\",\"authCode\":\"");
            appendUpperHex6(out, authCode);
            out.append('"');
        }
        out.append('}');
    }

    private void appendStoreId(Ascii out) {
        out.append('S');
        appendZeroPadded(out, store, 4);
    }

    private void appendRegisterId(Ascii out) {
        out.append('R').append(register);
    }

    /** Python's {@code "%0<width>d"} for a non-negative value: pads, never truncates. */
    private static void appendZeroPadded(Ascii out, long value, int width) {
        for (int digits = decimalDigits(value); digits < width; digits++) {
            out.append('0');
        }
        out.append(value);
    }

    private static int decimalDigits(long nonNegative) {
        int digits = 1;
        for (long rest = nonNegative; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Python's {@code "%06X"} for a value below {@code 1 << 24}, which always has at most six hex digits. */
    private static void appendUpperHex6(Ascii out, int value) {
        for (int shift = 20; shift >= 0; shift -= 4) {
            out.append(UPPER_HEX[(value >>> shift) & 0xF]);
        }
    }

    /** An ASCII text being written into a reused buffer that grows as it must. */
    private static final class Ascii {
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(TYPICAL_TICKET_BYTES);
        private int length;

        void clear() {
            length = 0;
        }

        Ascii append(String ascii) {
            length += buffer.putStringWithoutLengthAscii(length, ascii);
            return this;
        }

        Ascii append(char c) {
            buffer.putByte(length++, (byte) c);
            return this;
        }

        Ascii append(long value) {
            length += buffer.putLongAscii(length, value);
            return this;
        }

        byte[] toByteArray() {
            byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            return bytes;
        }
    }
}
