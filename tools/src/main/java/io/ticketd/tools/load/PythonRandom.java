package io.ticketd.tools.load;

import java.math.BigInteger;
import org.apache.commons.rng.core.source32.MersenneTwister;

/**
 * The subset of CPython 3.11's {@code random.Random} that the workload generator
 * ({@code gen_tickets.py}, which {@link TicketGenerator} ports) draws from, reproduced
 * call for call so that the same seed yields the same numbers in Java as in Python.
 *
 * <p>MT19937 itself comes from commons-rng: its {@code int[]}-seeded
 * {@link MersenneTwister} runs the reference {@code init_by_array}, which is what CPython
 * seeds with, so only the layers above the raw 32-bit words are ported here: how an
 * {@code int} seed becomes the key, {@code getrandbits}, {@code _randbelow_with_getrandbits},
 * {@code randrange}, the 53-bit {@code random()}, {@code choice} and weighted
 * {@code choices} with {@code k=1}. Each method consumes exactly the words its Python
 * counterpart consumes; that, not just the value range, is what keeps a sequence of mixed
 * calls in step with Python.
 *
 * <p>Ranges are limited to what fits an {@code int} (Python's are unbounded); calls outside
 * them throw {@link IllegalArgumentException} where Python would raise {@code ValueError}
 * or would take a multi-word path not ported here.
 *
 * <p>Not thread-safe: every call advances the shared generator state, so one instance
 * belongs to one thread.
 */
public final class PythonRandom {

    private static final double TWO_POW_26 = 67108864.0;
    private static final double TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0;

    private final MersenneTwister twister;

    /** Seeds exactly as {@code random.Random(seed)} does for a Python {@code int}. */
    public PythonRandom(long seed) {
        this(BigInteger.valueOf(seed));
    }

    /** Seeds exactly as {@code random.Random(seed)} does for a Python {@code int} of any size. */
    public PythonRandom(BigInteger seed) {
        this.twister = new MersenneTwister(initKey(seed));
    }

    /**
     * CPython's {@code random_seed} for an int: the sign is dropped, and the magnitude is cut
     * into 32-bit words, least significant first; zero still gives a one-word key.
     */
    static int[] initKey(BigInteger seed) {
        BigInteger magnitude = seed.abs();
        int words = Math.max(1, (magnitude.bitLength() + 31) / 32);
        int[] key = new int[words];
        for (int i = 0; i < words; i++) {
            key[i] = magnitude.shiftRight(32 * i).intValue();
        }
        return key;
    }

    /** {@code getrandbits(k)} for {@code 0 <= k <= 32}: the top {@code k} bits of one word. */
    public long getrandbits(int k) {
        if (k < 0 || k > 32) {
            throw new IllegalArgumentException("getrandbits supports 0..32 bits, got " + k);
        }
        // CPython answers 0 bits without drawing a word.
        if (k == 0) {
            return 0;
        }
        return Integer.toUnsignedLong(twister.nextInt()) >>> (32 - k);
    }

    /**
     * {@code _randbelow_with_getrandbits(n)}: draws {@code n.bit_length()} bits and rejects
     * values {@code >= n}. The bit count is that of {@code n}, not {@code n - 1}, so a power
     * of two wastes about half its draws; Python does the same, and matching it is the point.
     */
    public int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("randbelow needs n > 0, got " + n);
        }
        // n > 0 has at most 31 significant bits, so the shifted word is never negative.
        int shift = Integer.numberOfLeadingZeros(n);
        int r = twister.nextInt() >>> shift;
        while (r >= n) {
            r = twister.nextInt() >>> shift;
        }
        return r;
    }

    /** {@code randrange(stop)}: uniform in {@code [0, stop)}. */
    public int randrange(int stop) {
        if (stop <= 0) {
            throw new IllegalArgumentException("empty range for randrange(" + stop + ")");
        }
        return randbelow(stop);
    }

    /** {@code randrange(start, stop)}: uniform in {@code [start, stop)}. */
    public int randrange(int start, int stop) {
        long width = (long) stop - start;
        if (width <= 0) {
            throw new IllegalArgumentException("empty range for randrange(" + start + ", " + stop + ")");
        }
        if (width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("randrange width above 2^31-1 is not supported: " + width);
        }
        return start + randbelow((int) width);
    }

    /** {@code random()}: CPython's {@code genrand_res53}, a double in {@code [0, 1)} built from two words. */
    public double random() {
        int a = twister.nextInt() >>> 5;
        int b = twister.nextInt() >>> 6;
        return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
    }

    /** {@code choice(seq)}: one element, uniformly. */
    public <T> T choice(T[] seq) {
        if (seq.length == 0) {
            throw new IllegalArgumentException("cannot choose from an empty sequence");
        }
        return seq[randbelow(seq.length)];
    }

    /**
     * {@code choices(population, cum_weights=cumWeights)[0]}, which is also what
     * {@code choices(population, weights)[0]} does once the weights are
     * {@linkplain #accumulate accumulated}: one {@code random()} scaled by the total, located
     * with {@code bisect_right} over all but the last cumulative weight.
     *
     * <p>The weights are {@code int}s so that comparing them with the scaled double is exact,
     * as Python's int-to-float comparison is.
     */
    public <T> T choices(T[] population, int[] cumWeights) {
        int n = population.length;
        if (n == 0 || cumWeights.length != n) {
            throw new IllegalArgumentException(
                    "need as many cumulative weights as choices, got " + cumWeights.length + " for " + n);
        }
        double total = cumWeights[n - 1];
        if (total <= 0.0) {
            throw new IllegalArgumentException("total of weights must be greater than zero");
        }
        return population[bisectRight(cumWeights, random() * total, n - 1)];
    }

    /** {@code itertools.accumulate(weights)}: the running totals {@link #choices} takes. */
    public static int[] accumulate(int... weights) {
        int[] cumulative = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum = Math.addExact(sum, weights[i]);
            cumulative[i] = sum;
        }
        return cumulative;
    }

    /** {@code bisect.bisect_right(a, x, 0, hi)}. */
    private static int bisectRight(int[] a, double x, int hi) {
        int lo = 0;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < a[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
