package dev.bayesrg.linalg;

import java.util.Random;

/**
 * Holds each Vector API kernel back until the JIT's optimising compiler (C2) has compiled it, in
 * {@link Kernels.Mode#VECTOR_WHEN_COMPILED}; its thread starts when that mode is first asked for,
 * never when a class is loaded. (The {@code bayesrg} launcher also lowers C2's thresholds for
 * {@link VectorKernels} alone, which brings the switch forward from about 1.5 s to about 0.5 s after
 * the start.)
 *
 * <p>Until C2 compiles a Vector API loop, every vector operation runs as a boxed Java fallback,
 * a hundred times slower than the scalar loop, and compiling the vector kernels takes C2 about a
 * second of the start of a run: left alone, the first member of each thread took 1.4 s instead of
 * 10 ms. So a daemon thread calls each vector kernel on a tiny input, just often enough for the
 * JIT to queue it for C2, and then checks now and then whether the call has become faster than
 * its scalar twin's; meanwhile the engine runs the scalar kernels (which C2 compiles quickly).
 * The two give identical bits, so the moment of the switch never shows in a result. A kernel
 * whose vector form never wins (a machine without wide SIMD) stays scalar.
 */
final class VectorWarmup {
    /** The kernels that have a vector form. */
    enum Kernel {
        GRAM,
        DUAL_UPDATE,
        DENSE_LAYER,
        RANK_TWO,
        BACKWARD_LAYER,
        ROW_DOTS
    }

    /** Checks in a row a kernel must win before it is switched on. */
    private static final int WINS_NEEDED = 3;
    /** How long the warm-up keeps trying before it leaves the remaining kernels scalar. */
    private static final long GIVE_UP_NANOS = 60_000_000_000L;
    /** Calls that take a kernel past C2's thresholds (about 15000 invocations plus loop iterations). */
    private static final int TRIGGER_CALLS = 400;
    /** Calls per check afterwards: only enough to time the two forms. */
    private static final int CHECK_CALLS = 4;
    /** Pause between checks, so that the compiler and the engine keep the cores. */
    private static final long CHECK_PAUSE_MILLIS = 5;

    private static final boolean[] READY = new boolean[Kernel.values().length];
    private static volatile int readyCount;
    private static boolean started;

    private VectorWarmup() {}

    // a kernel's slot in READY, read on every kernel call: an array index is the cheapest lookup,
    // and the order of Kernel is private to this class
    @SuppressWarnings("EnumOrdinal")
    static boolean ready(Kernel kernel) {
        return readyCount > 0 && READY[kernel.ordinal()];
    }

    /** Starts the warm-up thread, once: nothing starts a thread before someone asks for one. */
    static synchronized void start() {
        if (!started) {
            started = true;
            Thread thread = new Thread(VectorWarmup::warmUp, "bayesrg-vector-warmup");
            thread.setDaemon(true);
            thread.start();
        }
    }

    // readyCount++ is not atomic, but only this thread ever writes it; EnumOrdinal as in ready()
    @SuppressWarnings({"NonAtomicVolatileUpdate", "EnumOrdinal"})
    private static void warmUp() {
        Random random = new Random(1);
        // tiny inputs while the kernels run boxed, in round robin so that all reach the compiler early
        Workload trigger = new Workload(random, 9, 5, 5, 3, 3 * VectorKernels.LANES + 3);
        for (int r = 0; r < TRIGGER_CALLS; r++) {
            for (Kernel kernel : Kernel.values()) {
                trigger.call(kernel, true, r);
                trigger.call(kernel, false, r);
            }
        }
        // inputs large enough that a compiled vector kernel clearly beats the scalar one
        Workload check = new Workload(random, 24, 59, 9, 10, 59);
        int[] wins = new int[READY.length];
        long start = System.nanoTime();
        while (readyCount < READY.length && System.nanoTime() - start < GIVE_UP_NANOS) {
            for (Kernel kernel : Kernel.values()) {
                int k = kernel.ordinal();
                if (!READY[k]) {
                    wins[k] = check.vectorFaster(kernel) ? wins[k] + 1 : 0;
                    if (wins[k] >= WINS_NEEDED) {
                        READY[k] = true;
                        readyCount++; // volatile write publishes READY[k]
                    }
                }
            }
            try {
                Thread.sleep(CHECK_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Inputs that take every loop of the kernels (tiles, each chunk width and the tail of the dual
     * update, input blocks, single inputs, single vectors and the scalar tail of the dense layer), so
     * that C2 does not compile a loop as never taken and fall back to boxed code on the engine's inputs.
     */
    private static final class Workload {
        /** One chunk of each width (8, 2 and 1 vectors) and a scalar tail of the dual update. */
        private static final int N = 11 * VectorKernels.LANES + 3;

        private final int gramRows;
        private final int gramWidth;
        private final int inputs;
        private final int nIn;
        private final int nOut;
        private final double[] features;
        private final double[] gram = new double[N * N];
        private final double[] scratch;
        private final double[] c = new double[N];
        private final double[] z = new double[N];
        private final double[] weights;
        private final double[] in;
        private final double[] out;
        private final double[] outputGradient;
        private final double[] gradTransposed;
        private final double[] gradBias;
        private final double[] below;
        private final double[] backwardScratch;
        private final double[] rowDots;

        Workload(Random random, int gramRows, int gramWidth, int inputs, int nIn, int nOut) {
            this.gramRows = gramRows;
            this.gramWidth = gramWidth;
            this.inputs = inputs;
            this.nIn = nIn;
            this.nOut = nOut;
            features = new double[gramRows * gramWidth];
            scratch = new double[VectorKernels.scratchLength(gramRows, gramWidth)];
            weights = new double[nIn * nOut];
            in = new double[inputs * nIn];
            out = new double[inputs * nOut];
            outputGradient = new double[inputs];
            gradTransposed = new double[nIn * nOut];
            gradBias = new double[nOut];
            below = new double[inputs * nIn];
            rowDots = new double[inputs];
            backwardScratch = new double[Kernels.backwardScratchLength(inputs, nIn, nOut)];
            for (int k = 0; k < features.length; k++) {
                features[k] = Math.max(0, random.nextGaussian());
            }
            for (int k = 0; k < gram.length; k++) {
                gram[k] = random.nextGaussian();
            }
            for (int k = 0; k < weights.length; k++) {
                weights[k] = random.nextGaussian();
            }
            for (int k = 0; k < in.length; k++) {
                in[k] = random.nextGaussian();
            }
            for (int i = 0; i < N; i++) {
                c[i] = 1e-6 * random.nextGaussian();
            }
            for (int i = 0; i < inputs; i++) {
                outputGradient[i] = 1e-6 * random.nextGaussian();
            }
        }

        /** Whether a few calls of the vector form took less time than as many of the scalar form. */
        boolean vectorFaster(Kernel kernel) {
            long t0 = System.nanoTime();
            for (int r = 0; r < CHECK_CALLS; r++) {
                call(kernel, true, r);
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < CHECK_CALLS; r++) {
                call(kernel, false, r);
            }
            long t2 = System.nanoTime();
            return t1 - t0 < t2 - t1;
        }

        void call(Kernel kernel, boolean vector, int r) {
            switch (kernel) {
                case GRAM -> {
                    if (vector) {
                        VectorKernels.gram(features, gramRows, gramWidth, gram, scratch);
                    } else {
                        Kernels.gramScalar(features, gramRows, gramWidth, gram, scratch);
                    }
                }
                case DUAL_UPDATE -> {
                    if (vector) {
                        VectorKernels.subtractCombination(gram, N, c, z);
                    } else {
                        Kernels.subtractCombinationScalar(gram, N, c, z);
                    }
                }
                case DENSE_LAYER -> {
                    if (vector) {
                        VectorKernels.denseLayer(weights, null, nIn, nOut, in, inputs, out, r % 2 == 0);
                    } else {
                        Kernels.denseLayerScalar(weights, null, nIn, nOut, in, inputs, out);
                    }
                }
                case RANK_TWO -> {
                    if (vector) {
                        VectorKernels.rankTwoRow(gram, (r % N) * N, 1e-3, c, -1e-3, c, N);
                    } else {
                        Kernels.rankTwoRowScalar(gram, (r % N) * N, 1e-3, c, -1e-3, c, N);
                    }
                }
                case BACKWARD_LAYER ->
                    Kernels.backward(
                            vector,
                            new Kernels.BackwardScratch(inputs, nIn, nOut),
                            in,
                            weights,
                            null,
                            outputGradient,
                            weights,
                            out,
                            gradTransposed,
                            r % 2 == 0 ? gradBias : null,
                            gradBias,
                            below,
                            backwardScratch);
                case ROW_DOTS -> {
                    if (vector) {
                        VectorKernels.rowDots(out, inputs, nOut, gradBias, rowDots);
                    } else {
                        Kernels.rowDotsScalar(out, inputs, nOut, gradBias, rowDots, 0);
                    }
                }
                default -> throw new AssertionError(kernel);
            }
        }
    }
}
