package io.ticketd.tools.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Expected values were printed by CPython 3.11.7; each test gives the command that produced them. */
class PythonRandomTest {

    @Test
    void shouldMatchCPythonForTheDefaultWorkloadSeed() {
        // python3 -c "import random; r=random.Random(42); print([r.getrandbits(32) for _ in range(3)], repr(r.random()), r.randrange(1000))"
        // -> [2746317213, 478163327, 107420369] 0.7415504997598329 250
        PythonRandom rng = new PythonRandom(42);

        assertThat(new long[] {rng.getrandbits(32), rng.getrandbits(32), rng.getrandbits(32)})
                .containsExactly(2746317213L, 478163327L, 107420369L);
        assertThat(rng.random()).isEqualTo(0.7415504997598329);
        assertThat(rng.randrange(1000)).isEqualTo(250);
    }

    @Test
    void shouldSeedZeroWithAOneWordKey() {
        // python3 -c "import random; r=random.Random(0); print([r.getrandbits(32) for _ in range(2)])"
        // -> [3626764237, 1654615998]
        PythonRandom rng = new PythonRandom(0);

        assertThat(new long[] {rng.getrandbits(32), rng.getrandbits(32)}).containsExactly(3626764237L, 1654615998L);
    }

    @Test
    void shouldIgnoreTheSignOfTheSeed() {
        // python3 -c "import random; r=random.Random(-42); print([r.getrandbits(32) for _ in range(3)])"
        // -> [2746317213, 478163327, 107420369]
        PythonRandom rng = new PythonRandom(-42);

        assertThat(new long[] {rng.getrandbits(32), rng.getrandbits(32), rng.getrandbits(32)})
                .containsExactly(2746317213L, 478163327L, 107420369L);
    }

    @Test
    void shouldSplitLargeSeedsIntoLittleEndianWords() {
        // python3 -c "import random; r=random.Random(2**40 + 5); print([r.getrandbits(32) for _ in range(2)])"
        // -> [2166296868, 2220160828]
        PythonRandom twoWords = new PythonRandom((1L << 40) + 5);
        // python3 -c "import random; r=random.Random(2**70 + 3); print([r.getrandbits(32) for _ in range(2)])"
        // -> [701776502, 1422058157]
        PythonRandom threeWords = new PythonRandom(BigInteger.TWO.pow(70).add(BigInteger.valueOf(3)));

        assertThat(new long[] {twoWords.getrandbits(32), twoWords.getrandbits(32)})
                .containsExactly(2166296868L, 2220160828L);
        assertThat(new long[] {threeWords.getrandbits(32), threeWords.getrandbits(32)})
                .containsExactly(701776502L, 1422058157L);
        assertThat(PythonRandom.initKey(BigInteger.TWO.pow(70).add(BigInteger.valueOf(3))))
                .containsExactly(3, 0, 64);
    }

    @Test
    void shouldTakeTheTopBitsOfOneWordAndNoWordForZeroBits() {
        // python3 -c "import random; r=random.Random(7); print([r.getrandbits(k) for k in (0, 1, 5, 31, 32)], r.getrandbits(32))"
        // -> [0, 0, 30, 323946139, 1695753998] 2795742288
        PythonRandom rng = new PythonRandom(7);

        assertThat(new long[] {rng.getrandbits(0), rng.getrandbits(1), rng.getrandbits(5), rng.getrandbits(31),
                        rng.getrandbits(32), rng.getrandbits(32)})
                .containsExactly(0L, 0L, 30L, 323946139L, 1695753998L, 2795742288L);
    }

    @Test
    void shouldDrawRangesWithAnOffsetAndRejectionLikeCPython() {
        // python3 -c "import random; r=random.Random(2024); print([r.randrange(1, 30) for _ in range(8)], [r.randrange(1 << 24) for _ in range(3)], r.getrandbits(32))"
        // -> [16, 6, 24, 19, 10, 7, 29, 24] [13760289, 8899344, 8226427] 2732234152
        PythonRandom rng = new PythonRandom(2024);
        int[] days = new int[8];
        for (int i = 0; i < days.length; i++) {
            days[i] = rng.randrange(1, 30);
        }
        int[] authCodes = {rng.randrange(1 << 24), rng.randrange(1 << 24), rng.randrange(1 << 24)};

        assertThat(days).containsExactly(16, 6, 24, 19, 10, 7, 29, 24);
        assertThat(authCodes).containsExactly(13760289, 8899344, 8226427);
        assertThat(rng.getrandbits(32)).isEqualTo(2732234152L);
    }

    @Test
    void shouldStillDrawBitsForARangeOfOne() {
        // python3 -c "import random; r=random.Random(1); print([r.randrange(1) for _ in range(3)], r.getrandbits(32))"
        // -> [0, 0, 0] 506456969
        // Each randrange(1) draws one bit and rejects 1s, so words are consumed; getting the
        // following word right proves the same number were.
        PythonRandom rng = new PythonRandom(1);

        assertThat(new int[] {rng.randrange(1), rng.randrange(1), rng.randrange(1)}).containsExactly(0, 0, 0);
        assertThat(rng.getrandbits(32)).isEqualTo(506456969L);
    }

    @Test
    void shouldBuildDoublesFromTwoWordsLikeCPython() {
        // python3 -c "import random; r=random.Random(3); print([repr(r.random()) for _ in range(3)])"
        // -> ['0.23796462709189137', '0.5442292252959519', '0.36995516654807925']
        PythonRandom rng = new PythonRandom(3);

        assertThat(new double[] {rng.random(), rng.random(), rng.random()})
                .containsExactly(0.23796462709189137, 0.5442292252959519, 0.36995516654807925);
    }

    @Test
    void shouldChooseLikeCPython() {
        // python3 -c "import random; r=random.Random(99); print([r.choice(['a','b','c','d','e','f','g']) for _ in range(10)], r.getrandbits(32))"
        // -> ['d', 'd', 'b', 'e', 'b', 'b', 'b', 'b', 'g', 'a'] 1078685359
        PythonRandom rng = new PythonRandom(99);
        String[] letters = {"a", "b", "c", "d", "e", "f", "g"};
        StringBuilder chosen = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            chosen.append(rng.choice(letters));
        }

        assertThat(chosen).hasToString("ddbebbbbga");
        assertThat(rng.getrandbits(32)).isEqualTo(1078685359L);
    }

    @Test
    void shouldPickWeightedChoicesLikeCPython() {
        // python3 -c "import random; r=random.Random(5); print(''.join(r.choices('SRVN', [90,5,4,1])[0] for _ in range(60)), r.getrandbits(32))"
        // -> SSSRSRSSRSRSSSSSSSSRSSSSSSSSSSVSSVSSSRSVSSSSSSSSSSSSSSSSSSVS 3220345089
        PythonRandom rng = new PythonRandom(5);
        String[] kinds = {"S", "R", "V", "N"};
        int[] cumWeights = PythonRandom.accumulate(90, 5, 4, 1);
        StringBuilder chosen = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            chosen.append(rng.choices(kinds, cumWeights));
        }

        assertThat(cumWeights).containsExactly(90, 95, 99, 100);
        assertThat(chosen).hasToString("SSSRSRSSRSRSSSSSSSSRSSSSSSSSSSVSSVSSSRSVSSSSSSSSSSSSSSSSSSVS");
        assertThat(rng.getrandbits(32)).isEqualTo(3220345089L);
    }

    @Test
    void shouldRejectEmptyRangesAsCPythonDoes() {
        PythonRandom rng = new PythonRandom(42);

        assertThatThrownBy(() -> rng.randrange(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rng.randrange(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rng.choice(new String[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rng.getrandbits(33)).isInstanceOf(IllegalArgumentException.class);
    }
}
