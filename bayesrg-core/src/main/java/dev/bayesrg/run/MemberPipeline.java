package dev.bayesrg.run;

import dev.bayesrg.brg.BrgFlow;
import dev.bayesrg.brg.CoarseGrainer;
import dev.bayesrg.brg.CutoffSchedule;
import dev.bayesrg.brg.EigenbasisFlow;
import dev.bayesrg.brg.SubspaceCoarseGrainer;
import dev.bayesrg.config.BrgConfig;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.LangevinConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.PosteriorConfig;
import dev.bayesrg.config.TrainConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.fisher.FisherDiagonal;
import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherGeometry;
import dev.bayesrg.fisher.FisherJacobian;
import dev.bayesrg.ingest.ImportedEnsemble;
import dev.bayesrg.linalg.Kernels;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.OutputLoss;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import dev.bayesrg.net.SoftmaxCrossEntropy;
import dev.bayesrg.posterior.ReadoutPosterior;
import dev.bayesrg.train.ClosedFormReadoutTrainer;
import dev.bayesrg.train.DualReadoutTrainer;
import dev.bayesrg.train.ImportedTrainer;
import dev.bayesrg.train.LangevinSampler;
import dev.bayesrg.train.NetworkTrainer;
import dev.bayesrg.train.PrimalClosedFormReadoutTrainer;
import dev.bayesrg.train.PrimalTridiagonalReadoutTrainer;
import dev.bayesrg.train.ReadoutTrainer;
import dev.bayesrg.train.SoftmaxReadoutTrainer;
import dev.bayesrg.train.SquaredErrorTerm;
import dev.bayesrg.train.Trainer;
import dev.bayesrg.train.TrainingCheckpoints;
import dev.bayesrg.train.TrainingResult;
import dev.bayesrg.train.TridiagonalReadoutTrainer;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

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
    /** train.loss: what training descends, the test loss along the flow measures and the Fisher metric's likelihood. */
    private final OutputLoss loss;
    /** The hidden layers every member starts from under {@code network.sharedHidden} (null: each its own). */
    private final double[] sharedHidden;
    /** The metric every member's flow shares under {@code fisher.at} ensemble-*; null: each its own. */
    private final EnsembleMetric ensembleMetric;
    /** The members trained elsewhere ({@code ensemble.importFrom}); null: trained here. */
    private final ImportedEnsemble imported;
    /** The shared metric's eigenbasis, found once per pipeline (its directions are cached in it). */
    private FisherEigenbasis ensembleEigenbasis;

    private boolean ensembleEigenbasisFound;
    /** Per-thread buffers for the large per-member arrays (n×N), reused member after member. */
    private double[] trainBuffer;

    private double[] fisherBuffer;
    private double[] scratch;
    private double[] meshBuffer;
    private double[] meshScratch;
    /** The Fisher Gram product's scratch, for the members that find the metric's eigenbasis. */
    private double[] fisherGramScratch;

    /** Members whose flows rank by their own metric (an {@code fisher.at: member} run). */
    public MemberPipeline(ExperimentConfig config, DataSets data) {
        this(config, data, null);
    }

    /**
     * Members whose flows rank by {@code ensembleMetric}, the one metric of the whole ensemble
     * ({@link EnsembleMetric#of}); null: each by its own.
     */
    public MemberPipeline(ExperimentConfig config, DataSets data, EnsembleMetric ensembleMetric) {
        this(config, data, ensembleMetric, null);
    }

    /**
     * Members trained elsewhere, read from {@code imported} ({@code ensemble.importFrom}) instead of
     * trained here; null: trained here.
     */
    public MemberPipeline(
            ExperimentConfig config, DataSets data, EnsembleMetric ensembleMetric, ImportedEnsemble imported) {
        this.imported = imported;
        this.ensembleMetric = ensembleMetric;
        this.config = config;
        this.data = data;
        this.architecture = Architecture.of(data.inputDimension(), config);
        this.prior = new ParameterPrior(architecture, config.network().init());
        this.network = new Network(architecture);
        this.readout = new Readout(architecture);
        this.loss = OutputLoss.of(config);
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

    /** How many parameters the Fisher metric covers and the flow acts on. */
    public int flowedCount() {
        return flowedCount(config, architecture);
    }

    /**
     * How many parameters the Fisher metric covers and the flow acts on, for a network of this
     * architecture (the columns of a run's fisher.npy): the trainable ones, or the read-out under
     * {@code brg.scope: readout}.
     */
    public static int flowedCount(ExperimentConfig config, Architecture architecture) {
        if (config.ensemble().outputsOnly()) {
            return 0; // members known by their outputs alone: no parameters
        }
        boolean readoutOnly = config.network().trainable() == NetworkConfig.Trainable.LAST
                || config.brg().scope() == BrgConfig.Scope.READOUT;
        return readoutOnly ? architecture.readoutSize() : architecture.parameterCount();
    }

    /**
     * The read-out parameters each member of a run of {@code config} keeps (the columns of its
     * readout.npy): the architecture's read-out, none for members known by their outputs alone.
     */
    public static int readoutCount(ExperimentConfig config, Architecture architecture) {
        return config.ensemble().outputsOnly() ? 0 : architecture.readoutSize();
    }

    private boolean lastOnly() {
        return config.network().trainable() == NetworkConfig.Trainable.LAST;
    }

    public MemberResult run(int member) {
        return run(member, null);
    }

    /** What a test sees of the flow during training at one checkpoint, before θ_t is coarse grained. */
    @FunctionalInterface
    interface CheckpointObserver {
        /** θ_t of checkpoint {@code index} and the Fisher diagonal there (do not keep the arrays). */
        void at(int index, double[] theta, double[] fisher);
    }

    /**
     * Trains member {@code member} from its prior draw, recording the mesh outputs of every training
     * checkpoint into {@code meshTraining} and handing θ_t to {@code keep} (null: nobody); with
     * {@code measured}, also prepares how to measure it and its metric (else those are null).
     */
    private Training train(int member, double[][] meshTraining, TrainingCheckpoints.Sink keep, boolean measured) {
        // a member trained elsewhere starts from its own initial parameters when they were exported
        double[] initial = imported != null && imported.hasInitial()
                ? imported.parameters(member, true)
                : initialParameters(chainHead(member));
        double[] importedTheta = imported == null ? null : imported.parameters(member, false);
        Measure measure;
        AtParameters at;
        java.util.function.ToDoubleFunction<double[]> trainLoss;
        TrainingResult trained;
        double noiseVariance = config.fisher().noiseVariance();
        if (lastOnly()) {
            // The hidden layers are frozen: their features are computed once per member (or read).
            allocateBuffers();
            MemberFeatures features = imported != null && imported.hasFeatures()
                    ? importedFeatures(member)
                    : frozenFeatures(network.frozen(importedTheta == null ? initial : importedTheta));
            FeatureMatrix train = features.train(trainBuffer);
            FeatureMatrix mesh = features.mesh(meshBuffer);
            if (loss instanceof SoftmaxCrossEntropy softmax) {
                return softmaxTraining(initial, features, train, mesh, meshTraining, keep, measured, softmax);
            }
            PosteriorConfig.Method method = config.posterior().method();
            // an exact member is drawn, not trained: no trainer (whose set-up may cost a Gram matrix)
            Trainer trainer = method == PosteriorConfig.Method.EXACT
                    ? null
                    : method == PosteriorConfig.Method.LANGEVIN
                            ? langevin(
                                    member,
                                    SquaredErrorTerm.readout(train, data.train().targets(), readout),
                                    () -> LangevinSampler.stableStepSize(
                                            train,
                                            readout,
                                            prior,
                                            config.posterior().noiseVariance(config.fisher())))
                            : importedTheta == null
                                    ? readoutTrainer(train)
                                    : new ImportedTrainer(
                                            importedTheta,
                                            theta -> readoutLoss(
                                                    theta, train, data.train().targets()),
                                            config.train());
            trained = trainer == null
                    ? drawnFromPosterior(member, initial, train, null)
                    : trainer.train(initial, readoutCheckpoints(meshTraining, mesh, keep));
            if (method == PosteriorConfig.Method.LAPLACE) {
                trained = drawnFromPosterior(member, trained.theta(), train, trained);
            }
            if (!measured) {
                return new Training(trained, null, null, null);
            }
            // the test features as columns, straight into the scratch the trainer is done with: the
            // measurement updates its predictions a feature column at a time
            double[] testColumns = features.testColumns(scratch);
            FeatureMatrix fisherInputs = features.fisher(fisherBuffer);
            FeatureMatrix probe = features.probe();
            ReadoutMeasurement onTest = ReadoutMeasurement.ofColumns(
                    readout, testColumns, data.test().size(), probe, trained.theta());
            at = new AtParameters(
                    theta -> FisherDiagonal.readout(readout, theta, fisherInputs, loss, noiseVariance)
                            .values(),
                    theta -> FisherJacobian.readout(readout, theta, fisherInputs, loss, noiseVariance),
                    start -> {
                        // on onTest's feature columns, which nothing after the trainer overwrites in scratch
                        ReadoutMeasurement along = onTest.restartedAt(start);
                        double[] predictions = new double[data.test().size()];
                        return theta -> {
                            along.measure(theta, predictions);
                            return loss.mean(predictions, data.test().targets());
                        };
                    });
            ReadoutMeasurement onMesh = new ReadoutMeasurement(readout, mesh, probe, trained.theta(), meshScratch);
            // the training features stay in trainBuffer, which nothing after the trainer overwrites
            trainLoss = new ReadoutTrainingLoss(readout, train, data.train().targets(), trained.theta(), loss);
            // the mesh is often the test set's first points (nnft.mesh: test)
            boolean meshIsTestPrefix = isPrefix(data.mesh(), data.test().inputs());
            measure = new Measure() {
                @Override
                public double apply(double[] theta, double[] predictions, double[] meshOutputs) {
                    onMesh.measure(theta, meshOutputs);
                    return onTest.measure(theta, predictions);
                }

                @Override
                public double[] applyAll(double[][] thetas, double[][] predictions, double[][] meshOutputs) {
                    double[] probes = onTest.measureAll(thetas, predictions);
                    if (!meshIsTestPrefix) {
                        onMesh.measureAll(thetas, meshOutputs);
                        return probes;
                    }
                    for (int t = 0; t < thetas.length; t++) { // the same points: the same outputs
                        System.arraycopy(predictions[t], 0, meshOutputs[t], 0, meshOutputs[t].length);
                    }
                    return probes;
                }
            };
        } else {
            MeshRecording.Evaluation onMesh =
                    (theta, row) -> MeshRecording.networkOutputs(network, theta, data.mesh(), row);
            Trainer trainer = config.posterior().method() == PosteriorConfig.Method.LANGEVIN
                    ? langevin(member, SquaredErrorTerm.network(architecture, data.train()), null)
                    : importedTheta == null
                            ? new NetworkTrainer(network, data.train(), config.train(), loss)
                            : new ImportedTrainer(importedTheta, this::networkTrainingLoss, config.train());
            trained = trainer.train(initial, MeshRecording.checkpoints(config, meshTraining, onMesh, keep));
            if (config.posterior().method() == PosteriorConfig.Method.LAPLACE) {
                trained = laplaceDiagonal(member, trained);
            }
            if (!measured) {
                return new Training(trained, null, null, null);
            }
            Dataset testSet = data.test();
            at = new AtParameters(this::networkFisherDiagonal, this::networkJacobian, start -> {
                double[] predictions = new double[testSet.size() * architecture.outputsPerPoint()];
                return theta -> {
                    testPredictions(theta, predictions);
                    return loss.mean(predictions, testSet.targets());
                };
            });
            trainLoss = this::networkTrainingLoss;
            measure = (theta, predictions, meshOutputs) -> {
                onMesh.outputs(theta, meshOutputs);
                testPredictions(theta, predictions);
                return network.output(theta, data.probe()); // a classifier's class-0 logit
            };
        }
        return new Training(trained, measure, at, trainLoss);
    }

    /** The training checkpoints of a read-out trained on frozen features: its outputs on the mesh's features. */
    private TrainingCheckpoints readoutCheckpoints(
            double[][] meshTraining, FeatureMatrix mesh, TrainingCheckpoints.Sink keep) {
        return MeshRecording.checkpoints(
                config, meshTraining, (theta, row) -> MeshRecording.readoutOutputs(readout, theta, mesh, row), keep);
    }

    /**
     * A softmax classifier's member ({@code data.classes} K ≥ 3): its K-logit read-out trained by GD or
     * SGD on its frozen features, and measured, as the scalar read-out is, along the flow, its outputs
     * K per input point-major ({@link SoftmaxReadoutMeasurement}) and its metric the softmax-covariance
     * Fisher. Only {@code posterior.method: gd-ensemble} reaches here (the others need the squared error).
     */
    private Training softmaxTraining(
            double[] initial,
            MemberFeatures features,
            FeatureMatrix train,
            FeatureMatrix mesh,
            double[][] meshTraining,
            TrainingCheckpoints.Sink keep,
            boolean measured,
            SoftmaxCrossEntropy softmax) {
        double[] trainTargets = data.train().targets();
        TrainingResult trained = new SoftmaxReadoutTrainer(train, trainTargets, readout, config.train(), softmax)
                .train(initial, readoutCheckpoints(meshTraining, mesh, keep));
        if (!measured) {
            return new Training(trained, null, null, null);
        }
        int nTest = data.test().size();
        double[] testTargets = data.test().targets();
        // the test features as columns in the scratch the trainer is done with; the mesh's in its own
        double[] testColumns = features.testColumns(scratch);
        double[] meshColumns = Kernels.transpose(mesh.values(), mesh.rows(), mesh.width(), meshScratch);
        FeatureMatrix fisherInputs = features.fisher(fisherBuffer);
        FeatureMatrix probe = features.probe();
        SoftmaxReadoutMeasurement onTest =
                new SoftmaxReadoutMeasurement(readout, testColumns, nTest, probe, trained.theta());
        SoftmaxReadoutMeasurement onMesh =
                new SoftmaxReadoutMeasurement(readout, meshColumns, mesh.rows(), probe, trained.theta());
        AtParameters at = new AtParameters(
                theta -> FisherDiagonal.softmaxReadout(readout, theta, fisherInputs, softmax)
                        .values(),
                theta -> FisherJacobian.softmaxReadout(readout, theta, fisherInputs, softmax),
                start -> {
                    SoftmaxReadoutMeasurement along = onTest.restartedAt(start);
                    double[] predictions = new double[nTest * softmax.classes()];
                    return theta -> {
                        along.measure(theta, predictions);
                        return softmax.mean(predictions, testTargets);
                    };
                });
        Measure measure = (theta, predictions, meshOutputs) -> {
            onMesh.measure(theta, meshOutputs);
            return onTest.measure(theta, predictions);
        };
        // the training features stay in trainBuffer, which nothing after the trainer overwrites
        return new Training(
                trained,
                measure,
                at,
                theta -> SoftmaxReadoutTrainer.meanLoss(theta, train, readout, trainTargets, softmax));
    }

    /**
     * A member drawn from the Gaussian posterior of its read-out on its training features ({@code
     * posterior.method} exact or laplace; docs/method.md, "Which posterior"), its hidden layers those
     * of {@code theta}: under exact ({@code gd} null) an exact draw, under laplace a draw around the
     * GD-trained read-out of {@code theta}, keeping {@code gd}'s loss curve and divergence. Its
     * training loss is the training MSE of the drawn member, the one that flows.
     */
    private TrainingResult drawnFromPosterior(int member, double[] theta, FeatureMatrix train, TrainingResult gd) {
        int offset = architecture.readoutOffset();
        ReadoutPosterior posterior = readoutPosterior(train);
        java.util.function.DoubleSupplier normal =
                ZigguratSampler.NormalizedGaussian.of(stream(member, RandomStreams.Purpose.POSTERIOR))::sample;
        double[] drawn = gd == null
                ? posterior.sample(normal)
                : posterior.around(java.util.Arrays.copyOfRange(theta, offset, offset + posterior.dimension()), normal);
        double[] member0 = theta.clone();
        System.arraycopy(drawn, 0, member0, offset, drawn.length);
        double loss = readoutLoss(member0, train, data.train().targets());
        double[] curve;
        if (gd == null) {
            curve = new double[TrainingResult.lossCurvePoints(config.train())];
            java.util.Arrays.fill(curve, Double.NaN); // nothing trained
        } else {
            curve = gd.lossCurve();
        }
        boolean diverged = (gd != null && gd.diverged()) || !Double.isFinite(loss);
        return new TrainingResult(member0, curve, loss, diverged);
    }

    /**
     * The first member of {@code member}'s Langevin chain ({@code posterior.langevin.chainMembers}
     * consecutive members share one, started from this member's prior draw); the member itself otherwise.
     */
    private int chainHead(int member) {
        if (config.posterior().method() != PosteriorConfig.Method.LANGEVIN) {
            return member;
        }
        return member - member % config.posterior().langevin().chainMembers();
    }

    /**
     * The Langevin chain whose state is member {@code member}: the stream of its chain's first member,
     * {@code steps + q · thinning} steps for the chain's q-th member, the configured step size or, if
     * none, {@code automatic}'s (null: none to offer, which the configuration's validation rules out).
     */
    private LangevinSampler langevin(int member, SquaredErrorTerm term, java.util.function.DoubleSupplier automatic) {
        LangevinConfig l = config.posterior().langevin();
        int head = chainHead(member);
        Double given = l.stepSize();
        return new LangevinSampler(
                term,
                prior,
                config.posterior().noiseVariance(config.fisher()),
                given != null ? given : automatic.getAsDouble(),
                l.steps() + (member - head) * l.thinning(),
                l.batchSize() == null ? 0 : l.batchSize(),
                config.train(),
                stream(head, RandomStreams.Purpose.LANGEVIN));
    }

    /**
     * A Laplace member over every layer ({@code posterior.method} laplace with {@code network.trainable}
     * all): a draw from the Gaussian at the GD-trained θ̂ whose covariance is the diagonal approximation
     * of (F_total + prior⁻¹)⁻¹, θ_j = θ̂_j + z_j / √(F_total,jj + 1/s_j²), with F_total,jj = Σ_i (∂f(x_i)/∂θ_j)² / σ²
     * over the n training points (the all-layer Fisher diagonal of the training set, times n) and z_j
     * the member's posterior stream. A parameter with a prior variance of 0 stays where it is. The GD
     * loss curve and divergence are kept; the training loss is that of the drawn member.
     */
    private TrainingResult laplaceDiagonal(int member, TrainingResult gd) {
        double[] centre = gd.theta();
        double noise = config.posterior().noiseVariance(config.fisher());
        double[] fisher = FisherDiagonal.allParameters(
                        network, centre, data.train().inputs(), noise)
                .values();
        int n = data.train().size();
        ZigguratSampler.NormalizedGaussian normal =
                ZigguratSampler.NormalizedGaussian.of(stream(member, RandomStreams.Purpose.POSTERIOR));
        double[] drawn = centre.clone();
        for (int j = 0; j < drawn.length; j++) {
            double precision = n * fisher[j] + 1.0 / prior.variance(j);
            double z = normal.sample();
            if (Double.isFinite(precision)) {
                drawn[j] += z / Math.sqrt(precision);
            }
        }
        double trainLoss = networkTrainingLoss(drawn);
        return new TrainingResult(drawn, gd.lossCurve(), trainLoss, gd.diverged() || !Double.isFinite(trainLoss));
    }

    /** The conjugate posterior of the read-out on {@code train}: prior from network.init, σ² from posterior. */
    private ReadoutPosterior readoutPosterior(FeatureMatrix train) {
        int offset = architecture.readoutOffset();
        return new ReadoutPosterior(
                train,
                readout.hasBias(),
                data.train().targets(),
                prior.mean(offset),
                prior.variance(offset),
                readout.hasBias() ? prior.variance(offset + readout.width()) : 0.0,
                config.posterior().noiseVariance(config.fisher()));
    }

    /** A member's features on the run's inputs, the hidden layers' outputs, whose read-out is trained and flowed. */
    private interface MemberFeatures {
        FeatureMatrix train(double[] into);

        FeatureMatrix mesh(double[] into);

        /** The test set's features as N columns of n (row-major N × n). */
        double[] testColumns(double[] into);

        FeatureMatrix fisher(double[] into);

        FeatureMatrix probe();
    }

    /** The features computed by the member's frozen hidden layers. */
    private MemberFeatures frozenFeatures(Network.FrozenLayers hidden) {
        return new MemberFeatures() {
            @Override
            public FeatureMatrix train(double[] into) {
                return hidden.features(data.train().inputs(), into);
            }

            @Override
            public FeatureMatrix mesh(double[] into) {
                return hidden.features(data.mesh(), into);
            }

            @Override
            public double[] testColumns(double[] into) {
                return hidden.featureColumns(data.test().inputs(), into);
            }

            @Override
            public FeatureMatrix fisher(double[] into) {
                return hidden.features(data.fisher().inputs(), into);
            }

            @Override
            public FeatureMatrix probe() {
                return hidden.features(new double[][] {data.probe()});
            }
        };
    }

    /** The features a read-out ensemble trained elsewhere carries (the mesh: the first test inputs). */
    private MemberFeatures importedFeatures(int member) {
        int width = architecture.featureWidth();
        return new MemberFeatures() {
            @Override
            public FeatureMatrix train(double[] into) {
                return imported.features(
                        member, ImportedEnsemble.Inputs.TRAIN, data.train().size(), into);
            }

            @Override
            public FeatureMatrix mesh(double[] into) {
                return imported.features(member, ImportedEnsemble.Inputs.TEST, data.mesh().length, into);
            }

            @Override
            public double[] testColumns(double[] into) {
                int n = data.test().size();
                FeatureMatrix rows = imported.features(member, ImportedEnsemble.Inputs.TEST, n, new double[n * width]);
                return Kernels.transpose(rows.values(), n, width, into);
            }

            @Override
            public FeatureMatrix fisher(double[] into) {
                return imported.features(
                        member, ImportedEnsemble.Inputs.FISHER, data.fisher().size(), into);
            }

            @Override
            public FeatureMatrix probe() {
                return imported.features(member, ImportedEnsemble.Inputs.PROBE, 1, new double[width]);
            }
        };
    }

    /** The training MSE of a read-out θ on the member's training features. */
    private double readoutLoss(double[] theta, FeatureMatrix train, double[] targets) {
        double[] outputs = new double[targets.length];
        MeshRecording.readoutOutputs(readout, theta, train, outputs);
        return loss.mean(outputs, targets);
    }

    /** The training MSE of the whole network at θ. */
    /** The mean squared error (1/n) Σ (f_i − y_i)², the paper's loss. */
    static double meanSquaredError(double[] predictions, double[] targets) {
        return OutputLoss.MSE.mean(predictions, targets);
    }

    private double networkTrainingLoss(double[] theta) {
        double[] outputs = new double[data.train().size() * architecture.outputsPerPoint()];
        network.outputs(theta, data.train().inputs(), outputs);
        return loss.mean(outputs, data.train().targets());
    }

    /**
     * As {@link #run(int)}, showing {@code observer} (null: nobody) θ_t and the Fisher diagonal of
     * every training checkpoint the flow during training starts from, e.g. for a test to repeat it.
     */
    MemberResult run(int member, CheckpointObserver observer) {
        if (config.ensemble().outputsOnly()) {
            return fromOutputs(member);
        }
        if (ensembleMetric == null && config.fisher().at().shared()) {
            throw new IllegalStateException("fisher.at " + config.fisher().at().id()
                    + ": the members flow by the ensemble's metric; give the pipeline EnsembleMetric.of(...)");
        }
        int outputs = config.outputsPerPoint();
        double[][] meshTraining = MeshRecording.trainingRows(config, data.mesh().length * outputs);
        // θ_t of every training checkpoint, kept for the flows during training (brg.duringTraining)
        double[][] checkpointTheta = config.brg().duringTraining() ? new double[meshTraining.length][] : null;
        TrainingCheckpoints.Sink keep =
                checkpointTheta == null ? null : (index, theta) -> checkpointTheta[index] = theta.clone();
        Training training = train(member, meshTraining, keep, true);
        TrainingResult trained = training.trained();
        Measure measure = training.measure();
        AtParameters at = training.at();
        int flowedOffset = flowedOffset(config, architecture);
        double noiseVariance = config.fisher().noiseVariance();
        // the metric that ranks the member's parameters: its own, or the ensemble's (a copy: a member's
        // result owns its arrays)
        double[] fisher = ensembleMetric == null
                ? at.fisher().apply(trained.theta())
                : ensembleMetric.diagonal().clone();

        int entries = config.brg().cutoffs().size() + 1;
        int nTest = data.test().size();
        double[][] predictions = new double[entries][nTest * outputs];
        double[][] meshFlow = new double[entries][data.mesh().length * outputs];
        double[] testMse = new double[entries];
        double[] probe = new double[entries];
        int[] coarseGrained = new int[entries];
        double[] theta = trained.theta().clone();
        probe[0] = measure.apply(theta, predictions[0], meshFlow[0]);
        testMse[0] = loss.mean(predictions[0], data.test().targets());
        // the training MSE along the flow: the generalisation gap's other half
        double[] trainMse = new double[entries];
        trainMse[0] = training.trainLoss().applyAsDouble(theta);

        BrgConfig.Basis basis = config.brg().basis();
        boolean geometry = config.fisher().measuresGeometry(member);
        // the per-input gradients, formed only for a member that needs the eigenbasis
        boolean eigen = geometry || basis == BrgConfig.Basis.EIGEN;
        FisherJacobian jacobian;
        FisherEigenbasis eigenbasis;
        if (ensembleMetric == null) {
            jacobian = eigen ? at.jacobian().apply(trained.theta()) : null;
            eigenbasis = jacobian == null ? null : eigenbasis(jacobian);
        } else {
            jacobian = eigen ? ensembleMetric.factor() : null;
            eigenbasis = eigen ? ensembleEigenbasis() : null;
        }
        if (eigenbasis == null && basis == BrgConfig.Basis.EIGEN) {
            throw new ConfigException(
                    "brg.basis",
                    "got eigen, but " + (ensembleMetric == null ? "member " + member + "'s" : "the ensemble's")
                            + " Fisher metric has non-finite entries (fisher.noiseVariance " + noiseVariance
                            + ", or the data's scale): it has no eigenbasis; use brg.basis diagonal");
        }
        // the member's own cutoffs, on the stiffness of the basis it flows in (the eigenvalues with the
        // null space's zeros); the other basis's flow and the geometry are measured at the same ε
        double[] resolved = CutoffSchedule.of(config.brg())
                .resolve(basis == BrgConfig.Basis.EIGEN ? eigenStiffness(eigenbasis) : fisher);
        List<Double> cutoffs = java.util.Arrays.stream(resolved).boxed().toList();
        double[] predictedKl = new double[cutoffs.size()];
        double[] predictedKlDiagonal = new double[cutoffs.size()];
        // the eigenbasis flow changes every weight at every cutoff: its entries are measured a few at a
        // time as they come, never all K copies of θ held at once
        EntryBatch batch = basis == BrgConfig.Basis.EIGEN
                ? new EntryBatch(
                        measure,
                        predictions,
                        meshFlow,
                        probe,
                        testMse,
                        data.test().targets(),
                        loss)
                : null;
        int[] coarseGrainedAt = flow(
                basis,
                stream(member, RandomStreams.Purpose.COARSE_GRAINING),
                theta,
                fisher,
                eigenbasis,
                cutoffs,
                (entry, renormalized, count) -> {
                    trainMse[entry] = training.trainLoss().applyAsDouble(renormalized);
                    if (batch != null) {
                        batch.add(entry, renormalized);
                    } else {
                        probe[entry] = measure.apply(renormalized, predictions[entry], meshFlow[entry]);
                        testMse[entry] =
                                loss.mean(predictions[entry], data.test().targets());
                    }
                    coarseGrained[entry] = count;
                    if (geometry) {
                        double[] delta = new double[fisher.length];
                        for (int i = 0; i < delta.length; i++) {
                            delta[i] = renormalized[flowedOffset + i] - trained.theta()[flowedOffset + i];
                        }
                        predictedKl[entry - 1] = predictedKl(jacobian, delta);
                        predictedKlDiagonal[entry - 1] = predictedKlDiagonal(fisher, delta);
                    }
                });
        if (batch != null) {
            batch.flush();
        }
        MemberGeometry measured = geometry && eigenbasis == null
                ? MemberGeometry.undefined(
                        EnsembleMetric.spectrumLength(config, data.fisher().size(), fisher.length), cutoffs.size())
                : null;
        if (geometry && eigenbasis != null) {
            // the same member in the other basis: what the choice of basis changes
            double[] otherBasisTestMse = new double[cutoffs.size()];
            // the test set alone: the other basis's flow needs no mesh or probe
            java.util.function.ToDoubleFunction<double[]> otherTestLoss =
                    at.testLoss().apply(trained.theta());
            flow(
                    basis == BrgConfig.Basis.DIAGONAL ? BrgConfig.Basis.EIGEN : BrgConfig.Basis.DIAGONAL,
                    stream(member, RandomStreams.Purpose.COMPARISON_FLOW),
                    trained.theta().clone(),
                    fisher,
                    eigenbasis,
                    cutoffs,
                    (entry, renormalized, count) ->
                            otherBasisTestMse[entry - 1] = otherTestLoss.applyAsDouble(renormalized));
            measured = new MemberGeometry(
                    FisherGeometry.of(eigenbasis, fisher, cutoffs),
                    otherBasisTestMse,
                    predictedKl,
                    predictedKlDiagonal);
        }
        // the flow during training ranks by each checkpoint's own metric, and compares it with the
        // member's own trained one, whatever metric the run's flow shares
        TrainingFlow trainingFlow = checkpointTheta == null
                ? null
                : trainingFlow(
                        member,
                        checkpointTheta,
                        ensembleMetric == null ? fisher : at.fisher().apply(trained.theta()),
                        cutoffs,
                        at,
                        observer);
        double[] trainedReadout = java.util.Arrays.copyOfRange(
                trained.theta(), architecture.readoutOffset(), architecture.parameterCount());
        return new MemberResult(
                member,
                trained.diverged(),
                predictions,
                testMse,
                probe,
                coarseGrained,
                fisher,
                coarseGrainedAt,
                trained.lossCurve(),
                trained.finalLoss(),
                trainedReadout,
                new MeshOutputs(meshFlow, meshTraining),
                resolved,
                measured,
                trainingFlow,
                trainMse);
    }

    /**
     * A member of an imported outputs ensemble, from its outputs on the mesh points alone (nothing is
     * computed with the network of the configuration, which such a member does not have): the
     * trained ensemble is flow entry 0 and the only one, its predictions on the test set (the mesh
     * points) the last checkpoint's outputs, as are its mesh outputs; every checkpoint's outputs are
     * its mesh outputs during training. No parameters: no Fisher entries, read-out, cutoffs or
     * geometry; no training losses (NaN). A member with an output that is NaN or ±∞ diverged.
     */
    private MemberResult fromOutputs(int member) {
        double[][] outputs = imported.outputs(member);
        boolean diverged = false;
        for (double[] row : outputs) {
            for (double v : row) {
                diverged |= !Double.isFinite(v);
            }
        }
        double[] trained = outputs[outputs.length - 1];
        int meshPoints = data.mesh().length;
        double[][] meshTraining = MeshRecording.trainingRows(config, meshPoints);
        for (int c = 0; c < meshTraining.length; c++) {
            System.arraycopy(outputs[c], 0, meshTraining[c], 0, meshPoints);
        }
        double[][] predictions = {java.util.Arrays.copyOf(trained, data.test().size())};
        double[] lossCurve = new double[dev.bayesrg.train.TrainingResult.lossCurvePoints(config.train())];
        java.util.Arrays.fill(lossCurve, Double.NaN);
        return new MemberResult(
                member,
                diverged,
                predictions,
                new double[] {loss.mean(predictions[0], data.test().targets())},
                new double[] {trained[imported.probeIndex()]},
                new int[1],
                new double[0],
                new int[0],
                lossCurve,
                Double.NaN,
                new double[0],
                new MeshOutputs(new double[][] {java.util.Arrays.copyOf(trained, meshPoints)}, meshTraining),
                new double[0],
                null,
                null,
                new double[] {Double.NaN});
    }

    /**
     * The flow during training: at every checkpoint θ_t the Fisher diagonal there, its rank
     * correlation with the trained one, and the nested coarse graining of θ_t along the member's own
     * cutoffs in the run's basis, ranked by the metric at θ_t, with the test MSE at every entry. Each
     * checkpoint draws from its own stream, none of them the run's flow's. A checkpoint training never
     * reached stays NaN, and so does the flow of one whose metric has no eigenbasis (not finite).
     *
     * @param thetas θ_t per checkpoint (null where not reached); flowed in place
     */
    private TrainingFlow trainingFlow(
            int member,
            double[][] thetas,
            double[] trainedFisher,
            List<Double> cutoffs,
            AtParameters at,
            CheckpointObserver observer) {
        BrgConfig.Basis basis = config.brg().basis();
        TrainingFlow flows = TrainingFlow.unmeasured(thetas.length, cutoffs.size() + 1);
        java.util.function.ToDoubleFunction<double[]> rankCorrelation = RankCorrelation.against(trainedFisher);
        for (int c = 0; c < thetas.length; c++) {
            double[] theta = thetas[c];
            if (theta == null) {
                continue;
            }
            double[] fisher = at.fisher().apply(theta);
            if (observer != null) {
                observer.at(c, theta, fisher);
            }
            flows.fisherRank()[c] = rankCorrelation.applyAsDouble(fisher);
            FisherEigenbasis eigenbasis =
                    basis == BrgConfig.Basis.EIGEN ? eigenbasis(at.jacobian().apply(theta)) : null;
            if (basis == BrgConfig.Basis.EIGEN && eigenbasis == null) {
                continue;
            }
            double[] testMse = flows.testMse()[c];
            java.util.function.ToDoubleFunction<double[]> testLoss =
                    at.testLoss().apply(theta);
            testMse[0] = testLoss.applyAsDouble(theta);
            flow(
                    basis,
                    RandomStreams.member(config.ensemble().seed(), member, RandomStreams.Purpose.TRAINING_FLOW, c),
                    theta,
                    fisher,
                    eigenbasis,
                    cutoffs,
                    (entry, renormalized, count) -> testMse[entry] = testLoss.applyAsDouble(renormalized));
            thetas[c] = null; // done with: its memory can go
        }
        return flows;
    }

    /** The shared metric's eigenbasis (null if the metric is not finite), found on first use. */
    private FisherEigenbasis ensembleEigenbasis() {
        if (!ensembleEigenbasisFound) {
            ensembleEigenbasis = ensembleMetric.eigenbasis();
            ensembleEigenbasisFound = true;
        }
        return ensembleEigenbasis;
    }

    /** Member {@code member}'s parameters after training (nothing else of it is measured). */
    public double[] trainedParameters(int member) {
        return train(
                        member,
                        MeshRecording.trainingRows(config, data.mesh().length * config.outputsPerPoint()),
                        null,
                        false)
                .trained()
                .theta();
    }

    /**
     * The Fisher metric over the flowed parameters at any θ, on the features of θ's own hidden
     * layers: its diagonal, and its per-input gradients if {@code withJacobian}.
     */
    public EnsembleMetric.Metric metricAt(double[] theta, boolean withJacobian) {
        double noiseVariance = config.fisher().noiseVariance();
        if (lastOnly()) {
            FeatureMatrix fisherInputs =
                    network.frozen(theta).features(data.fisher().inputs());
            if (loss instanceof SoftmaxCrossEntropy softmax) {
                return new EnsembleMetric.Metric(
                        FisherDiagonal.softmaxReadout(readout, theta, fisherInputs, softmax)
                                .values(),
                        withJacobian ? FisherJacobian.softmaxReadout(readout, theta, fisherInputs, softmax) : null);
            }
            return new EnsembleMetric.Metric(
                    FisherDiagonal.readout(readout, theta, fisherInputs, loss, noiseVariance)
                            .values(),
                    withJacobian ? FisherJacobian.readout(readout, theta, fisherInputs, loss, noiseVariance) : null);
        }
        return new EnsembleMetric.Metric(networkFisherDiagonal(theta), withJacobian ? networkJacobian(theta) : null);
    }

    /** The Fisher diagonal over the flowed parameters at θ, by backpropagation through every layer. */
    private double[] networkFisherDiagonal(double[] theta) {
        int offset = flowedOffset(config, architecture);
        double[] all = loss instanceof SoftmaxCrossEntropy softmax
                ? FisherDiagonal.softmaxNetwork(network, theta, data.fisher().inputs(), softmax)
                        .values()
                : FisherDiagonal.allParameters(
                                network,
                                theta,
                                data.fisher().inputs(),
                                loss,
                                config.fisher().noiseVariance())
                        .values();
        return offset == 0 ? all : java.util.Arrays.copyOfRange(all, offset, all.length);
    }

    /** The per-input gradients over the flowed parameters at θ, one backpropagation per Fisher input. */
    private FisherJacobian networkJacobian(double[] theta) {
        if (loss instanceof SoftmaxCrossEntropy softmax) {
            return FisherJacobian.softmaxNetwork(
                    network,
                    theta,
                    data.fisher().inputs(),
                    flowedOffset(config, architecture),
                    architecture.parameterCount(),
                    softmax);
        }
        return FisherJacobian.network(
                network,
                theta,
                data.fisher().inputs(),
                flowedOffset(config, architecture),
                architecture.parameterCount(),
                loss,
                config.fisher().noiseVariance());
    }

    private UniformRandomProvider stream(int member, RandomStreams.Purpose purpose) {
        return RandomStreams.member(config.ensemble().seed(), member, purpose);
    }

    /** Runs the nested coarse graining of {@code theta} in {@code basis}, drawing from {@code rng}. */
    private int[] flow(
            BrgConfig.Basis basis,
            UniformRandomProvider rng,
            double[] theta,
            double[] fisher,
            FisherEigenbasis eigenbasis,
            List<Double> cutoffs,
            BrgFlow.Observer observer) {
        BrgConfig brg = config.brg();
        int offset = flowedOffset(config, architecture);
        if (basis == BrgConfig.Basis.DIAGONAL) {
            CoarseGrainer coarseGrainer = CoarseGrainer.of(brg.mode(), prior, brg.sloppyVariance(), rng);
            return BrgFlow.run(theta, offset, new FisherDiagonal(fisher), cutoffs, coarseGrainer, observer);
        }
        SubspaceCoarseGrainer coarseGrainer = new SubspaceCoarseGrainer(
                i -> CoarseGrainer.law(brg.mode(), prior, brg.sloppyVariance(), i),
                offset,
                fisher.length,
                ZigguratSampler.NormalizedGaussian.of(rng)::sample);
        return EigenbasisFlow.run(theta, offset, eigenbasis, cutoffs, coarseGrainer, observer);
    }

    /** The metric's eigenvalues as a stiffness per dimension: the n_F of the Gram, then the null space's zeros. */
    private static double[] eigenStiffness(FisherEigenbasis eigenbasis) {
        return java.util.Arrays.copyOf(eigenbasis.stiffness(), eigenbasis.dimension());
    }

    /** ½ δθᵀ F δθ = ½ |J δθ|² with the whole metric (arXiv:2405.17538, eq. 52). */
    private static double predictedKl(FisherJacobian jacobian, double[] delta) {
        double s = 0;
        for (double change : jacobian.times(delta)) {
            s += change * change;
        }
        return 0.5 * s;
    }

    /** ½ Σ F_ii δθ_i²: the same in the diagonal approximation. */
    private static double predictedKlDiagonal(double[] fisher, double[] delta) {
        double s = 0;
        for (int i = 0; i < delta.length; i++) {
            s += fisher[i] * delta[i] * delta[i];
        }
        return 0.5 * s;
    }

    /** Index in θ of the first parameter the Fisher metric covers and the flow coarse grains. */
    static int flowedOffset(ExperimentConfig config, Architecture architecture) {
        return flowedCount(config, architecture) == architecture.parameterCount() ? 0 : architecture.readoutOffset();
    }

    /** The eigenbasis of J's metric, its Gram product in this pipeline's scratch (null if not finite). */
    private FisherEigenbasis eigenbasis(FisherJacobian jacobian) {
        int length = Kernels.gramScratchLength(jacobian.inputs(), jacobian.parameters());
        if (fisherGramScratch == null || fisherGramScratch.length < length) {
            fisherGramScratch = new double[length];
        }
        return FisherEigenbasis.of(jacobian, fisherGramScratch);
    }

    private void allocateBuffers() {
        if (trainBuffer == null) {
            int width = architecture.featureWidth();
            trainBuffer = new double[data.train().size() * width];
            fisherBuffer = new double[data.fisher().size() * width];
            // the Gram scratch (n_train² and more) only for the solvers that build the Gram matrix
            int gram = readoutSolver(config, data.train().size(), width)
                    .scratchLength(data.train().size(), width);
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
            case PRIMAL_TRIDIAGONAL -> new PrimalTridiagonalReadoutTrainer(train, targets, readout, t, scratch);
            case PRIMAL_CLOSED_FORM -> new PrimalClosedFormReadoutTrainer(train, targets, readout, t, scratch);
            case PRIMAL -> new ReadoutTrainer(train, targets, readout, t);
        };
    }

    /** How the read-out of a {@code network.trainable: last} run is trained. */
    enum ReadoutSolver {
        /** Gradient descent on the read-out weights (no Gram matrix). */
        PRIMAL("iterate-primal"),
        /** Gradient descent in the dual space of the n×n Gram matrix. */
        DUAL("iterate-dual"),
        /** The dual iteration on the Gram matrix reduced to tridiagonal form. */
        TRIDIAGONAL("tridiagonal-dual"),
        /** GD on the weights in the basis where the N×N feature covariance ΦᵀΦ is tridiagonal (n ≥ N). */
        PRIMAL_TRIDIAGONAL("tridiagonal-primal"),
        /** Gradient descent solved in closed form by an eigendecomposition of the Gram matrix. */
        CLOSED_FORM("closed-form-dual"),
        /** Gradient descent solved in closed form by an eigendecomposition of the N×N feature covariance (n ≥ N). */
        PRIMAL_CLOSED_FORM("closed-form-primal");

        private final String id;

        ReadoutSolver(String id) {
            this.id = id;
        }

        /** Doubles of Gram scratch the solver needs for n points of feature width N (0: none). */
        int scratchLength(int points, int width) {
            return switch (this) {
                case PRIMAL -> 0;
                case PRIMAL_TRIDIAGONAL, PRIMAL_CLOSED_FORM ->
                    PrimalTridiagonalReadoutTrainer.scratchLength(points, width);
                case DUAL, TRIDIAGONAL, CLOSED_FORM -> Kernels.gramScratchLength(points, width);
            };
        }
    }

    /**
     * The read-out solver for {@code points} training inputs of feature width {@code width}: the
     * configured one, or under {@code auto} the cheapest exact one. Also what {@link MemoryEstimate}
     * counts, so the two cannot disagree on whether an n×n Gram matrix is built. {@code tridiagonal}
     * and {@code closed-form} work on the smaller of the n×n Gram matrix and the N×N covariance. Under {@code auto}, GD of a
     * linear read-out goes through the smaller one when forming it, min(n, N)² max(n, N), costs less
     * than iterating on the weights, epochs · n N (that is, when min(n, N) &lt; epochs).
     */
    static ReadoutSolver readoutSolver(ExperimentConfig config, int points, int width) {
        TrainConfig t = config.train();
        boolean linearGd = ClosedFormReadoutTrainer.applies(config.network().outputActivation(), t);
        boolean dual = t.solver() != TrainConfig.Solver.ITERATE_PRIMAL && DualReadoutTrainer.pays(points, width);
        boolean primalCovariance = PrimalTridiagonalReadoutTrainer.pays(points, width);
        if (t.solver() == TrainConfig.Solver.CLOSED_FORM) {
            return !dual && primalCovariance ? ReadoutSolver.PRIMAL_CLOSED_FORM : ReadoutSolver.CLOSED_FORM;
        }
        if (t.solver() == TrainConfig.Solver.TRIDIAGONAL) {
            return !dual && primalCovariance ? ReadoutSolver.PRIMAL_TRIDIAGONAL : ReadoutSolver.TRIDIAGONAL;
        }
        if (t.solver() == TrainConfig.Solver.AUTO && linearGd) {
            if (dual && gramPays(points, width, t.epochs())) {
                // against the tridiagonal iteration the closed form pays only for very many epochs
                return TridiagonalReadoutTrainer.closedFormPays(points, t.epochs())
                        ? ReadoutSolver.CLOSED_FORM
                        : ReadoutSolver.TRIDIAGONAL;
            }
            if (primalCovariance && gramPays(points, width, t.epochs())) {
                // the same break-even as on the dual side, with N in place of n
                return TridiagonalReadoutTrainer.closedFormPays(width, t.epochs())
                        ? ReadoutSolver.PRIMAL_CLOSED_FORM
                        : ReadoutSolver.PRIMAL_TRIDIAGONAL;
            }
            if (!dual && ClosedFormReadoutTrainer.pays(points, t.epochs())) {
                return ReadoutSolver.CLOSED_FORM;
            }
            return ReadoutSolver.PRIMAL;
        }
        return dual ? ReadoutSolver.DUAL : ReadoutSolver.PRIMAL;
    }

    /**
     * The cost model of {@code auto}: the Gram matrix or covariance of the smaller side,
     * min(n, N)² max(n, N) multiply-adds (half of them, plus a reduction of min(n, N)³), against
     * iterating on the weights, 2 n N per epoch. The model leaves the reduction out and counts the
     * iteration once per epoch, so it errs towards the weight loop by a factor of about two.
     */
    static boolean gramPays(int points, int width, int epochs) {
        long smaller = Math.min(points, width);
        return smaller * smaller * Math.max(points, width) < (long) epochs * points * width;
    }

    /**
     * Which read-out solver a run of {@code config} uses and why, for {@code bayesrg run --timings}:
     * one phrase, e.g. "read-out tridiagonal-primal (n 4000, N 512, 1000 epochs)".
     */
    public static String describeReadoutSolver(ExperimentConfig config) {
        if (config.ensemble().imported()) {
            return "none: the members were trained elsewhere, read from "
                    + config.ensemble().importFrom();
        }
        if (config.network().trainable() != NetworkConfig.Trainable.LAST) {
            return config.train().solver() == TrainConfig.Solver.ITERATE_PRIMAL
                    ? "all layers, the reference loop one input at a time (train.solver iterate-primal)"
                    : "all layers, backpropagation over the whole batch (network.trainable all)";
        }
        int points = config.data().train();
        var hidden = config.network().hidden();
        int width = hidden.get(hidden.size() - 1).width();
        int epochs = config.train().epochs();
        ReadoutSolver solver = readoutSolver(config, points, width);
        String why = switch (config.train().solver()) {
            case AUTO ->
                gramPays(points, width, epochs)
                        ? "auto: min(n,N)² max(n,N) < epochs n N"
                        : "auto: min(n,N)² max(n,N) ≥ epochs n N";
            default ->
                "train.solver "
                        + config.train()
                                .solver()
                                .name()
                                .toLowerCase(java.util.Locale.ROOT)
                                .replace('_', '-');
        };
        return "read-out " + solver.id + " (n " + points + ", N " + width + ", " + epochs + " epochs; " + why + ")";
    }

    /** The network's outputs on the test set at θ into {@code predictions} (network.trainable all). */
    private void testPredictions(double[] theta, double[] predictions) {
        network.outputs(theta, data.test().inputs(), predictions);
    }

    /**
     * What the pipeline measures of a member at any θ, one way for the trained θ and the training
     * checkpoints alike (so that the last checkpoint, θ_T, gives the trained member's numbers exactly).
     *
     * @param fisher   θ ↦ the Fisher diagonal over the flowed parameters
     * @param jacobian θ ↦ the metric's per-input gradients over the flowed parameters
     * @param testLoss θ_start ↦ the test MSE at every θ of a flow from θ_start (whose read-out only
     *                 the flow changes, and each weight once)
     */
    private record AtParameters(
            java.util.function.Function<double[], double[]> fisher,
            java.util.function.Function<double[], FisherJacobian> jacobian,
            java.util.function.Function<double[], java.util.function.ToDoubleFunction<double[]>> testLoss) {}

    /** A trained member and how to measure it (both null when not asked for). */
    private record Training(
            TrainingResult trained,
            Measure measure,
            AtParameters at,
            java.util.function.ToDoubleFunction<double[]> trainLoss) {}

    /** Fills the test-set predictions and the mesh outputs and returns the output at the probe. */
    @FunctionalInterface
    private interface Measure {
        double apply(double[] theta, double[] predictions, double[] meshOutputs);

        /** The same at each θ of {@code thetas} (row by row into the others), returning the probe outputs. */
        default double[] applyAll(double[][] thetas, double[][] predictions, double[][] meshOutputs) {
            double[] probes = new double[thetas.length];
            for (int t = 0; t < thetas.length; t++) {
                probes[t] = apply(thetas[t], predictions[t], meshOutputs[t]);
            }
            return probes;
        }
    }

    /**
     * Flow entries measured together, {@value #SIZE} at a time, as a flow that changes every weight
     * at every cutoff produces them: {@link Measure#applyAll} reads the feature columns once for all
     * of them, and only that many copies of θ are held (all K of them would be K·P doubles, 72 MB
     * for the paper's net at width 32768). Each θ is measured on its own, so the batches change no bit.
     */
    private static final class EntryBatch {
        static final int SIZE = 4;
        private final Measure measure;
        private final double[][] predictions;
        private final double[][] meshFlow;
        private final double[] probe;
        private final double[] testMse;
        private final double[] targets;
        private final OutputLoss loss;
        private final double[][] thetas = new double[SIZE][];
        private final int[] entries = new int[SIZE];
        private int count;

        EntryBatch(
                Measure measure,
                double[][] predictions,
                double[][] meshFlow,
                double[] probe,
                double[] testMse,
                double[] targets,
                OutputLoss loss) {
            this.loss = loss;
            this.measure = measure;
            this.predictions = predictions;
            this.meshFlow = meshFlow;
            this.probe = probe;
            this.testMse = testMse;
            this.targets = targets;
        }

        /** Keeps a copy of the flowed θ of {@code entry}, measuring the batch once it is full. */
        void add(int entry, double[] theta) {
            thetas[count] = theta.clone();
            entries[count++] = entry;
            if (count == SIZE) {
                flush();
            }
        }

        /** Measures the entries kept so far into the member's arrays. */
        void flush() {
            if (count == 0) {
                return;
            }
            double[][] entryPredictions = new double[count][];
            double[][] entryMesh = new double[count][];
            for (int t = 0; t < count; t++) {
                entryPredictions[t] = predictions[entries[t]];
                entryMesh[t] = meshFlow[entries[t]];
            }
            double[] probes = measure.applyAll(java.util.Arrays.copyOf(thetas, count), entryPredictions, entryMesh);
            for (int t = 0; t < count; t++) {
                probe[entries[t]] = probes[t];
                testMse[entries[t]] = loss.mean(predictions[entries[t]], targets);
                thetas[t] = null;
            }
            count = 0;
        }
    }

    /** Whether {@code points} are the first points of {@code of}, coordinate for coordinate. */
    private static boolean isPrefix(double[][] points, double[][] of) {
        if (points.length > of.length) {
            return false;
        }
        for (int i = 0; i < points.length; i++) {
            if (!java.util.Arrays.equals(points[i], of[i])) {
                return false;
            }
        }
        return true;
    }
}
