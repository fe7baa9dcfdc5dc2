package dev.bayesrg.run;

import dev.bayesrg.brg.BrgFlow;
import dev.bayesrg.brg.CoarseGrainer;
import dev.bayesrg.brg.CutoffSchedule;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.fisher.FisherDiagonal;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import dev.bayesrg.train.ClosedFormReadoutTrainer;
import dev.bayesrg.train.DualReadoutTrainer;
import dev.bayesrg.train.NetworkTrainer;
import dev.bayesrg.train.ReadoutTrainer;
import dev.bayesrg.train.Trainer;
import dev.bayesrg.train.TrainingResult;
import dev.bayesrg.train.TridiagonalReadoutTrainer;

/**
 * One member from prior to the end of the RG flow: θ ~ P(θ) from the member's initialization
 * stream; training; the Fisher diagonal at the trained θ; then the nested coarse graining, with
 * the member measured on the test set and at x* before the flow and after every cutoff.
 * An instance holds work buffers: use one per thread.
 */
public final class MemberPipeline {
    private final ExperimentConfig config;
    private final DataSets data;
    private final Architecture architecture;
    private final ParameterPrior prior;
    private final Network network;
    private final Readout readout;
    /** The hidden layers every member starts from under {@code network.sharedHidden} (null: each its own). */
    private final double[] sharedHidden;
    /** Per-thread buffers for the large per-member arrays (n×N), reused member after member. */
    private double[] trainBuffer;

    private double[] testBuffer;
    private double[] fisherBuffer;
    private double[] scratch;
    private double[] meshBuffer;
    private double[] meshScratch;

    public MemberPipeline(ExperimentConfig config, DataSets data) {
        this.config = config;
        this.data = data;
        this.architecture = new Architecture(data.inputDimension(), config.network());
        this.prior = new ParameterPrior(architecture, config.network().init());
        this.network = new Network(architecture);
        this.readout = new Readout(architecture);
        this.sharedHidden = config.network().sharedHidden()
                ? sharedHiddenParameters(config.ensemble().seed(), prior)
                : null;
    }

    /**
     * A prior draw from the ensemble's shared stream; under {@code network.sharedHidden} its hidden
     * part θ[0, readout offset) is every member's hidden layers (its read-out part is unused).
     */
    public static double[] sharedHiddenParameters(long ensembleSeed, ParameterPrior prior) {
        return prior.sample(RandomStreams.ensemble(ensembleSeed, RandomStreams.Purpose.SHARED_HIDDEN));
    }

    /** θ ~ P(θ) of one member: its own draw, with the shared hidden layers in place under sharedHidden. */
    public double[] initialParameters(int member) {
        double[] theta = prior.sample(
                RandomStreams.member(config.ensemble().seed(), member, RandomStreams.Purpose.INITIALIZATION));
        if (sharedHidden != null) {
            // the member's read-out draw is untouched, so its read-out init is the same as without sharing
            System.arraycopy(sharedHidden, 0, theta, 0, architecture.readoutOffset());
        }
        return theta;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** How many parameters training, the Fisher metric and the flow act on. */
    public int trainableCount() {
        return trainableCount(config.network(), architecture);
    }

    /**
     * How many parameters training, the Fisher metric and the flow act on, for a network of this
     * architecture (the columns of a run's fisher.npy).
     */
    public static int trainableCount(NetworkConfig network, Architecture architecture) {
        return network.trainable() == NetworkConfig.Trainable.LAST
                ? architecture.readoutSize()
                : architecture.parameterCount();
    }

    private boolean lastOnly() {
        return config.network().trainable() == NetworkConfig.Trainable.LAST;
    }

    public MemberResult run(int member) {
        long seed = config.ensemble().seed();
        double[] initial = initialParameters(member);
        Measure measure;
        TrainingResult trained;
        FisherDiagonal fisher;
        int trainableOffset;
        double[][] meshTraining = MeshRecording.trainingRows(config, data.mesh().length);
        if (lastOnly()) {
            // The hidden layers are frozen: their features are computed once per member.
            allocateBuffers();
            Network.FrozenLayers hidden = network.frozen(initial);
            FeatureMatrix train = hidden.features(data.train().inputs(), trainBuffer);
            FeatureMatrix test = hidden.features(data.test().inputs(), testBuffer);
            FeatureMatrix fisherInputs = hidden.features(data.fisher().inputs(), fisherBuffer);
            FeatureMatrix probe = hidden.features(new double[][] {data.probe()});
            FeatureMatrix mesh = hidden.features(data.mesh(), meshBuffer);
            trained = readoutTrainer(train)
                    .train(
                            initial,
                            MeshRecording.checkpoints(
                                    config,
                                    meshTraining,
                                    (theta, row) -> MeshRecording.readoutOutputs(readout, theta, mesh, row)));
            fisher = FisherDiagonal.readout(
                    readout, trained.theta(), fisherInputs, config.fisher().noiseVariance());
            ReadoutMeasurement onTest = new ReadoutMeasurement(readout, test, probe, trained.theta(), scratch);
            ReadoutMeasurement onMesh = new ReadoutMeasurement(readout, mesh, probe, trained.theta(), meshScratch);
            measure = (theta, predictions, meshOutputs) -> {
                onMesh.measure(theta, meshOutputs);
                return onTest.measure(theta, predictions);
            };
            trainableOffset = architecture.readoutOffset();
        } else {
            MeshRecording.Evaluation onMesh =
                    (theta, row) -> MeshRecording.networkOutputs(network, theta, data.mesh(), row);
            trained = new NetworkTrainer(network, data.train(), config.train())
                    .train(initial, MeshRecording.checkpoints(config, meshTraining, onMesh));
            fisher = FisherDiagonal.allParameters(
                    network,
                    trained.theta(),
                    data.fisher().inputs(),
                    config.fisher().noiseVariance());
            Dataset testSet = data.test();
            measure = (theta, predictions, meshOutputs) -> {
                onMesh.outputs(theta, meshOutputs);
                for (int i = 0; i < predictions.length; i++) {
                    predictions[i] = network.output(theta, testSet.inputs()[i]);
                }
                return network.output(theta, data.probe());
            };
            trainableOffset = 0;
        }

        int entries = config.brg().cutoffs().size() + 1;
        int nTest = data.test().size();
        double[][] predictions = new double[entries][nTest];
        double[][] meshFlow = new double[entries][data.mesh().length];
        double[] testMse = new double[entries];
        double[] probe = new double[entries];
        int[] coarseGrained = new int[entries];
        double[] theta = trained.theta().clone();
        probe[0] = measure.apply(theta, predictions[0], meshFlow[0]);
        testMse[0] = meanSquaredError(predictions[0], data.test().targets());

        CoarseGrainer coarseGrainer = CoarseGrainer.of(
                config.brg().mode(),
                prior,
                config.brg().sloppyVariance(),
                RandomStreams.member(seed, member, RandomStreams.Purpose.COARSE_GRAINING));
        double[] cutoffs = CutoffSchedule.of(config.brg()).resolve(fisher.values());
        int[] coarseGrainedAt = BrgFlow.run(
                theta,
                trainableOffset,
                fisher,
                java.util.Arrays.stream(cutoffs).boxed().toList(),
                coarseGrainer,
                (entry, renormalized, count) -> {
                    probe[entry] = measure.apply(renormalized, predictions[entry], meshFlow[entry]);
                    testMse[entry] =
                            meanSquaredError(predictions[entry], data.test().targets());
                    coarseGrained[entry] = count;
                });
        double[] trainedReadout = java.util.Arrays.copyOfRange(
                trained.theta(), architecture.readoutOffset(), architecture.parameterCount());
        return new MemberResult(
                member,
                trained.diverged(),
                predictions,
                testMse,
                probe,
                coarseGrained,
                fisher.values(),
                coarseGrainedAt,
                trained.lossCurve(),
                trained.finalLoss(),
                trainedReadout,
                new MeshOutputs(meshFlow, meshTraining),
                cutoffs);
    }

    private void allocateBuffers() {
        if (trainBuffer == null) {
            int width = architecture.featureWidth();
            trainBuffer = new double[data.train().size() * width];
            testBuffer = new double[data.test().size() * width];
            fisherBuffer = new double[data.fisher().size() * width];
            // the Gram scratch (n_train² and more) only for the solvers that build the Gram matrix
            int gram = readoutSolver(config, data.train().size(), width) == ReadoutSolver.PRIMAL
                    ? 0
                    : Kernels.gramScratchLength(data.train().size(), width);
            scratch = new double[Math.max(gram, data.test().size() * width)];
            meshBuffer = new double[data.mesh().length * width];
            meshScratch = new double[data.mesh().length * width];
        }
    }

    private Trainer readoutTrainer(FeatureMatrix train) {
        TrainConfig t = config.train();
        double[] targets = data.train().targets();
        return switch (readoutSolver(config, train.rows(), train.width())) {
            case CLOSED_FORM -> new ClosedFormReadoutTrainer(train, targets, readout, t, scratch);
            case TRIDIAGONAL -> new TridiagonalReadoutTrainer(train, targets, readout, t, scratch);
            case DUAL -> new DualReadoutTrainer(train, targets, readout, t, scratch);
            case PRIMAL -> new ReadoutTrainer(train, targets, readout, t);
        };
    }

    /** How the read-out of a {@code network.trainable: last} run is trained. */
    enum ReadoutSolver {
        /** Gradient descent on the read-out weights (no Gram matrix). */
        PRIMAL,
        /** Gradient descent in the dual space of the n×n Gram matrix. */
        DUAL,
        /** The dual iteration on the Gram matrix reduced to tridiagonal form. */
        TRIDIAGONAL,
        /** Gradient descent solved in closed form by an eigendecomposition of the Gram matrix. */
        CLOSED_FORM
    }

    /**
     * The read-out solver for {@code points} training inputs of feature width {@code width}: the
     * configured one, or under {@code auto} the cheapest exact one. Also what {@link MemoryEstimate}
     * counts, so the two cannot disagree on whether an n×n Gram matrix is built.
     */
    static ReadoutSolver readoutSolver(ExperimentConfig config, int points, int width) {
        TrainConfig t = config.train();
        boolean linearGd = ClosedFormReadoutTrainer.applies(config.network().outputActivation(), t);
        boolean dual = t.solver() != TrainConfig.Solver.ITERATE_PRIMAL && DualReadoutTrainer.pays(points, width);
        // auto: against the tridiagonal iteration (n < N) the closed form pays only for very many epochs
        boolean closedFormPays = dual
                ? TridiagonalReadoutTrainer.closedFormPays(points, t.epochs())
                : ClosedFormReadoutTrainer.pays(points, t.epochs());
        if (t.solver() == TrainConfig.Solver.CLOSED_FORM
                || (t.solver() == TrainConfig.Solver.AUTO && linearGd && closedFormPays)) {
            return ReadoutSolver.CLOSED_FORM;
        }
        if (t.solver() == TrainConfig.Solver.TRIDIAGONAL
                || (t.solver() == TrainConfig.Solver.AUTO && linearGd && dual)) {
            return ReadoutSolver.TRIDIAGONAL;
        }
        return dual ? ReadoutSolver.DUAL : ReadoutSolver.PRIMAL;
    }

    /** Fills the test-set predictions and the mesh outputs and returns the output at the probe. */
    @FunctionalInterface
    private interface Measure {
        double apply(double[] theta, double[] predictions, double[] meshOutputs);
    }

    static double meanSquaredError(double[] predictions, double[] targets) {
        double s = 0;
        for (int i = 0; i < predictions.length; i++) {
            double r = predictions[i] - targets[i];
            s += r * r;
        }
        return s / predictions.length;
    }
}
