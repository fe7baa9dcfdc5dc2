package dev.bayesrg.nnft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shards of whole blocks merge into exactly the one-pass moments, whatever the merge order. */
class BlockedMomentsTest {
    private static final int POINTS = 4;
    private static final int ORDER = 4;

    private static double[][] fields(int n) {
        Random rnd = new Random(17);
        double[][] x = new double[n][POINTS];
        for (double[] row : x) {
            double common = rnd.nextGaussian();
            for (int i = 0; i < POINTS; i++) {
                row[i] = 3.0 + common - Math.log(rnd.nextDouble()) * (1 + 0.2 * i);
            }
        }
        return x;
    }

    private static void assertBitIdentical(MomentAccumulator expected, MomentAccumulator actual) {
        assertEquals(expected.count(), actual.count());
        for (int r = 1; r <= ORDER; r++) {
            Multisets sets = new Multisets(POINTS, r);
            int[] s = new int[r];
            do {
                assertEquals(
                        Double.doubleToRawLongBits(expected.shiftedMoment(s)),
                        Double.doubleToRawLongBits(actual.shiftedMoment(s)),
                        "moment " + java.util.Arrays.toString(s));
            } while (sets.next(s));
        }
    }

    @Test
    void threeShardsOfWholeBlocksMergedInAnyOrderEqualOnePassByteForByte() {
        double[][] x = fields(1000);
        int blockSize = 64;
        BlockedMoments onePass = new BlockedMoments(POINTS, ORDER, blockSize);
        BlockedMoments[] shards = new BlockedMoments[3];
        for (int s = 0; s < 3; s++) {
            shards[s] = new BlockedMoments(POINTS, ORDER, blockSize);
        }
        for (int a = 0; a < x.length; a++) {
            onePass.add(a, x[a]);
            shards[(a / blockSize) % 3].add(a, x[a]); // interleaved blocks: shard s holds blocks s, s+3, ...
        }
        BlockedMoments merged = new BlockedMoments(POINTS, ORDER, blockSize);
        merged.merge(shards[2]);
        merged.merge(shards[0]);
        merged.merge(shards[1]);
        assertBitIdentical(onePass.total(), merged.total());
        // and the moments are the plain ones, to rounding
        MomentAccumulator plain = new MomentAccumulator(POINTS, ORDER);
        for (double[] row : x) {
            plain.add(row);
        }
        assertEquals(
                plain.shiftedMoment(0, 1, 2, 3),
                merged.total().shiftedMoment(0, 1, 2, 3),
                1e-12 * Math.abs(plain.shiftedMoment(0, 1, 2, 3)));
    }

    @Test
    void parallelAccumulationIsBitIdenticalForAnyThreadCount() {
        double[][] x = fields(700);
        BlockedMoments sequential = new BlockedMoments(POINTS, ORDER, 50);
        for (int a = 0; a < x.length; a++) {
            sequential.add(a, x[a]);
        }
        assertBitIdentical(
                sequential.total(), BlockedMoments.of(x, ORDER, 50, 1).total());
        assertBitIdentical(
                sequential.total(), BlockedMoments.of(x, ORDER, 50, 3).total());
    }

    @Test
    void aBlockSplitAcrossShardsOrFedOutOfOrderIsRefused() {
        BlockedMoments a = new BlockedMoments(POINTS, ORDER, 10);
        BlockedMoments b = new BlockedMoments(POINTS, ORDER, 10);
        a.add(3, new double[POINTS]);
        b.add(7, new double[POINTS]);
        assertThrows(IllegalArgumentException.class, () -> a.merge(b));
        assertThrows(IllegalArgumentException.class, () -> a.add(2, new double[POINTS]));
    }
}
