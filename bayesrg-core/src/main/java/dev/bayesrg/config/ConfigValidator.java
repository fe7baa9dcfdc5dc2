package dev.bayesrg.config;

import dev.bayesrg.activation.Activation;
import java.util.List;

/**
 * Checks every field of a bound configuration against its allowed range and the cross-field rules
 * (probe and mean dimensions, target dimension requirements, ascending cutoffs). The first
 * violation is thrown as a one-line {@link ConfigException}.
 */
public final class ConfigValidator {
    /** Sizes above these are almost certainly typos; they would not fit a workstation's memory. */
    static final int MAX_POINTS = 10_000_000;

    /** The widest hidden layer, {@code network.hidden[i].width} (public for the command line's help). */
    public static final int MAX_WIDTH = 1_000_000;

    /** The largest ensemble, {@code ensemble.members} (public for the command line's help). */
    public static final int MAX_MEMBERS = 100_000_000;

    /** The most epochs, {@code train.epochs} (public for the command line's help). */
    public static final int MAX_EPOCHS = 100_000_000;

    static final int MAX_DIMENSION = 10_000;

    private ConfigValidator() {}

    public static void validate(ExperimentConfig c) {
        required("data", c.data());
        required("network", c.network());
        required("train", c.train());
        required("fisher", c.fisher());
        required("brg", c.brg());
        required("ensemble", c.ensemble());
        data(c.data());
        network(c.network());
        cosNet(c);
        train(c.train());
        divergenceBound(c);
        TrainConfig.Solver solver = c.train().solver();
        if ((solver == TrainConfig.Solver.CLOSED_FORM || solver == TrainConfig.Solver.TRIDIAGONAL)
                && (c.train().optimizer() != TrainConfig.Optimizer.GD
                        || c.network().outputActivation() != Activation.IDENTITY
                        || c.network().trainable() != NetworkConfig.Trainable.LAST
                        || c.train().loss() != TrainConfig.Loss.MSE)) {
            throw new ConfigException(
                    "train.solver",
                    (solver == TrainConfig.Solver.CLOSED_FORM ? "closed-form" : "tridiagonal")
                            + " needs train.optimizer gd, network.outputActivation identity, network.trainable last"
                            + " and train.loss mse (got " + c.train().loss().id() + "); use auto or iterate");
        }
        labels(c);
        classes(c);
        positiveFinite("fisher.noiseVariance", c.fisher().noiseVariance());
        if (c.fisher().geometryMembers() != null) {
            intRange("fisher.geometryMembers", c.fisher().geometryMembers(), 0, MAX_MEMBERS);
        }
        required("fisher.at", c.fisher().at());
        if (c.fisher().at() == FisherConfig.At.ENSEMBLE_MEAN && !c.network().sharedHidden()) {
            throw new ConfigException(
                    "fisher.at",
                    "got ensemble-mean, allowed only with network.sharedHidden true: members drawn independently"
                            + " have unaligned hidden units, whose average is no network of the ensemble; use member"
                            + " or ensemble-average");
        }
        brg(c.brg());
        flowedParameters(c.brg(), c.network());
        intRange("ensemble.members", c.ensemble().members(), 1, MAX_MEMBERS);
        NnftValidator.validate(required("nnft", c.nnft()), c.data());
        imported(c);
        posterior(c);
        if (c.brg().duringTraining() && c.nnft().snapshotEvery() == 0) {
            throw new ConfigException(
                    "brg.duringTraining",
                    "got true, allowed only with nnft.snapshotEvery > 0 (the training checkpoints it measures at;"
                            + " nnft.snapshotEvery is 0)");
        }
    }

    /**
     * {@code posterior}: the exact and Laplace posteriors are those of a linear read-out on frozen
     * features, so they refuse all-layer training, a non-identity output activation and members read
     * from elsewhere; {@code exact} trains nothing, so it has no training checkpoints to record.
     */
    private static void posterior(ExperimentConfig c) {
        PosteriorConfig p = required("posterior", c.posterior());
        PosteriorConfig.Method method = required("posterior.method", p.method());
        if (p.noiseVariance() != null) {
            positiveFinite("posterior.noiseVariance", p.noiseVariance());
        }
        langevin(c, required("posterior.langevin", p.langevin()));
        if (method == PosteriorConfig.Method.GD_ENSEMBLE) {
            return;
        }
        String got = "got " + method.id() + ", ";
        if (c.train().loss() != TrainConfig.Loss.MSE) {
            throw new ConfigException(
                    "posterior.method",
                    got + "allowed only with train.loss mse (its posterior is that of the Gaussian likelihood);"
                            + " train.loss is " + c.train().loss().id());
        }
        if (c.ensemble().imported()) {
            throw new ConfigException(
                    "posterior.method",
                    got + "allowed only without ensemble.importFrom (an imported ensemble's members are given)");
        }
        if (method != PosteriorConfig.Method.LAPLACE && c.nnft().snapshotEvery() != 0) {
            throw new ConfigException(
                    "posterior.method",
                    got + "allowed only with nnft.snapshotEvery 0 ("
                            + (method == PosteriorConfig.Method.EXACT
                                    ? "exact members are drawn, not trained"
                                    : "a chain's steps are not training epochs")
                            + ": no training checkpoints); nnft.snapshotEvery is "
                            + c.nnft().snapshotEvery());
        }
        if (method == PosteriorConfig.Method.LANGEVIN) {
            return; // any trainable set and read-out: the chain needs only gradients
        }
        // laplace over every layer: the diagonal of (F_total + prior⁻¹)⁻¹ at the GD-trained parameters
        if (c.network().trainable() != NetworkConfig.Trainable.LAST && method == PosteriorConfig.Method.EXACT) {
            throw new ConfigException(
                    "posterior.method",
                    got + "allowed only with network.trainable last (the Gaussian posterior of the read-out"
                            + " given frozen features); network.trainable is all");
        }
        if (c.network().outputActivation() != Activation.IDENTITY) {
            throw new ConfigException(
                    "posterior.method",
                    got + "allowed only with network.outputActivation identity (a linear read-out has a"
                            + " Gaussian posterior); network.outputActivation is "
                            + c.network().outputActivation().id());
        }
    }

    /**
     * {@code posterior.langevin}, checked whatever the method (a configuration carries no invalid
     * section): the automatic step size needs the read-out's fixed curvature, so every layer's chain
     * needs a given one; a cos-net's frequencies and phases have no Gaussian prior to sample under.
     */
    private static void langevin(ExperimentConfig c, LangevinConfig l) {
        if (l.stepSize() != null) {
            positiveFinite("posterior.langevin.stepSize", l.stepSize());
        }
        intRange("posterior.langevin.steps", l.steps(), 0, MAX_EPOCHS);
        intRange("posterior.langevin.thinning", l.thinning(), 1, MAX_EPOCHS);
        intRange("posterior.langevin.chainMembers", l.chainMembers(), 1, MAX_MEMBERS);
        if (l.batchSize() != null) {
            intRange("posterior.langevin.batchSize", l.batchSize(), 1, MAX_MEMBERS); // beyond n: all of them
        }
        if (c.posterior().method() != PosteriorConfig.Method.LANGEVIN
                || c.network().trainable() == NetworkConfig.Trainable.LAST) {
            return;
        }
        if (l.stepSize() == null) {
            throw new ConfigException(
                    "posterior.langevin.stepSize",
                    "got null, allowed a number > 0 with network.trainable all (the automatic step size is the"
                            + " read-out's, whose curvature is fixed)");
        }
        if (c.network().hasCosNetLayer()) {
            throw new ConfigException(
                    "posterior.method",
                    "got langevin, allowed only with network.trainable last for network.architecture cosnet"
                            + " (its frequencies and phases have no Gaussian prior)");
        }
    }

    private static void data(DataConfig d) {
        required("data.source", d.source());
        List<Double> probe = required("data.probe", d.probe());
        intRange("data.probe (length)", probe.size(), 1, MAX_DIMENSION);
        finiteList("data.probe", probe);
        int dim = probe.size();
        if (d.source().drawn()) {
            List<Double> mean = required("data.inputMean", d.inputMean());
            if (mean.size() != dim) {
                throw new ConfigException(
                        "data.inputMean",
                        "has " + mean.size() + " entries but data.probe has " + dim
                                + "; both must have the input dimension");
            }
            finiteList("data.inputMean", mean);
            List<List<Double>> cov = required("data.inputCovariance", d.inputCovariance());
            if (cov.size() != dim) {
                throw new ConfigException(
                        "data.inputCovariance",
                        "has " + cov.size() + " rows, allowed " + dim + " (the input dimension)");
            }
            for (int i = 0; i < dim; i++) {
                List<Double> row = required("data.inputCovariance[" + i + "]", cov.get(i));
                if (row.size() != dim) {
                    throw new ConfigException(
                            "data.inputCovariance[" + i + "]",
                            "has " + row.size() + " entries, allowed " + dim + " (the input dimension)");
                }
                finiteList("data.inputCovariance[" + i + "]", row);
            }
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < i; j++) {
                    if (!cov.get(i).get(j).equals(cov.get(j).get(i))) {
                        throw new ConfigException(
                                "data.inputCovariance[" + i + "][" + j + "]",
                                "got " + cov.get(i).get(j) + ", must equal [" + j + "][" + i + "] = "
                                        + cov.get(j).get(i) + " (a covariance is symmetric)");
                    }
                }
            }
            if (d.source() == DataConfig.Source.TWO_MOONS && dim != 2) {
                throw new ConfigException(
                        "data.source", "two-moons needs input dimension 2 (data.probe has " + dim + " entries)");
            }
            if (d.source() == DataConfig.Source.GAUSSIAN) {
                DataConfig.Target target = required("data.target", d.target());
                if (target == DataConfig.Target.QUADRATIC && dim != 2) {
                    throw new ConfigException("data.target", "quadratic needs input dimension 2, got " + dim);
                }
                if (target == DataConfig.Target.ROSENBROCK && dim < 2) {
                    throw new ConfigException("data.target", "rosenbrock needs input dimension >= 2, got " + dim);
                }
            }
        } else if (d.source() == DataConfig.Source.CSV
                && (d.csv() == null || d.csv().isBlank())) {
            throw new ConfigException("data.csv", "missing: data.source is csv, so a file path is required");
        } else if (d.source() == DataConfig.Source.NPY
                && (d.directory() == null || d.directory().isBlank())) {
            throw new ConfigException(
                    "data.directory", "missing: data.source is npy, so the path of a directory of arrays is required");
        }
        intRange("data.train", d.train(), 1, MAX_POINTS);
        intRange("data.test", d.test(), 1, MAX_POINTS);
        intRange("data.fisher", d.fisher(), 1, MAX_POINTS);
    }

    /** What an ensemble trained elsewhere rules out: whatever needs bayesrg to train the members. */
    private static void imported(ExperimentConfig c) {
        String from = c.ensemble().importFrom();
        EnsembleConfig.ImportKind kind = c.ensemble().importKind();
        if (from == null && kind != null) {
            throw new ConfigException(
                    "ensemble.importKind",
                    "got " + kind.id() + ", allowed only null while ensemble.importFrom is null (bayesrg import sets"
                            + " both)");
        }
        if (from == null) {
            return;
        }
        if (from.isBlank()) {
            throw new ConfigException(
                    "ensemble.importFrom", "got an empty path, allowed null or an ensemble directory");
        }
        if (c.data().source() != DataConfig.Source.NPY) {
            throw new ConfigException(
                    "data.source",
                    "got " + c.data().source().name().toLowerCase(java.util.Locale.ROOT)
                            + ", allowed only npy with ensemble.importFrom: the members were trained on the"
                            + " ensemble directory's data (bayesrg import sets both)");
        }
        if (c.brg().duringTraining()) {
            throw new ConfigException(
                    "brg.duringTraining",
                    "got true, allowed only false with ensemble.importFrom: an imported ensemble has no"
                            + " training checkpoints to flow from");
        }
        if (c.fisher().at().shared()) {
            throw new ConfigException(
                    "fisher.at", "got " + c.fisher().at().id() + ", allowed only member with ensemble.importFrom");
        }
        if (c.network().sharedHidden()) {
            throw new ConfigException(
                    "network.sharedHidden",
                    "got true, allowed only false with ensemble.importFrom: the imported members' hidden"
                            + " layers are their own");
        }
        if (kind == EnsembleConfig.ImportKind.OUTPUTS) {
            outputsOnly(c);
        }
    }

    /** An ensemble known by its outputs on the mesh alone: no parameters to flow or measure. */
    private static void outputsOnly(ExperimentConfig c) {
        String why = " with ensemble.importKind outputs: the members have no parameters";
        if (!c.brg().cutoffs().isEmpty()) {
            throw new ConfigException(
                    "brg.cutoffs", "got " + c.brg().cutoffs() + ", allowed only []" + why + ", so no flow");
        }
        Integer geometry = c.fisher().geometryMembers();
        if (geometry == null || geometry != 0) {
            throw new ConfigException(
                    "fisher.geometryMembers", "got " + geometry + ", allowed only 0" + why + ", so no Fisher metric");
        }
        if (c.nnft().mesh() != NnftConfig.Mesh.TEST) {
            throw new ConfigException(
                    "nnft.mesh",
                    "got " + c.nnft().mesh().name().toLowerCase(java.util.Locale.ROOT) + ", allowed only test"
                            + " with ensemble.importKind outputs: the outputs are known on the mesh points alone,"
                            + " which are the test set");
        }
    }

    private static void network(NetworkConfig n) {
        List<LayerConfig> hidden = required("network.hidden", n.hidden());
        for (int i = 0; i < hidden.size(); i++) {
            String f = "network.hidden[" + i + "]";
            LayerConfig layer = required(f, hidden.get(i));
            intRange(f + ".width", layer.width(), 1, MAX_WIDTH);
            named(f + ".activation", required(f + ".activation", layer.activation()));
        }
        named("network.outputActivation", required("network.outputActivation", n.outputActivation()));
        required("network.trainable", n.trainable());
        InitConfig init = required("network.init", n.init());
        required("network.init.scheme", init.scheme());
        finite("network.init.mean", init.mean());
        nonNegativeFinite("network.init.std", init.std());
        positiveFinite("network.init.sigmaW", init.sigmaW());
        nonNegativeFinite("network.init.biasStd", init.biasStd());
        if (n.sharedHidden() && hidden.isEmpty()) {
            throw new ConfigException(
                    "network.sharedHidden",
                    "got true, allowed only with at least one hidden"
                            + " layer in network.hidden (there is nothing to share)");
        }
    }

    /**
     * The generalized cos-net (arXiv:2405.17538, eq. 77): one frozen hidden layer of cos units with phases (the
     * biases), a linear read-out without bias, trained alone; its frequencies and phases have no Gaussian prior, so
     * they are never coarse grained either.
     */
    private static void cosNet(ExperimentConfig c) {
        NetworkConfig n = c.network();
        required("network.architecture", n.architecture());
        if (!n.hasCosNetLayer()) {
            return;
        }
        String why = " with network.architecture cosnet (arXiv:2405.17538, eq. 77)";
        CosNetConfig cos = required("network.cosnet", n.cosnet());
        int d = c.data().probe().size();
        if (!(cos.mass() >= 0) || !(cos.mass() <= DataConfig.MAX_MAGNITUDE) || (cos.mass() == 0 && d < 3)) {
            throw ConfigException.range(
                    "network.cosnet.mass",
                    cos.mass(),
                    d < 3
                            ? "a number in (0, 1e50] for input dimension " + d
                                    + " (the massless propagator diverges for d = 1, 2)"
                            : "a number in [0, 1e50]");
        }
        if (!(cos.cutoff() > 0) || !(cos.cutoff() <= DataConfig.MAX_MAGNITUDE)) {
            throw ConfigException.range("network.cosnet.cutoff", cos.cutoff(), "a number in (0, 1e50]");
        }
        if (n.hidden().size() != 1) {
            throw new ConfigException(
                    "network.hidden", "has " + n.hidden().size() + " layers, allowed exactly one" + why);
        }
        LayerConfig layer = n.hidden().get(0);
        if (layer.activation() != Activation.COS || !layer.bias()) {
            throw new ConfigException(
                    "network.hidden[0]",
                    "got activation " + layer.activation().id() + ", bias " + layer.bias()
                            + ", allowed only activation cos and bias true" + why
                            + ": the weights are the frequencies b_i, the biases the phases c_i");
        }
        if (n.trainable() != NetworkConfig.Trainable.LAST) {
            throw new ConfigException(
                    "network.trainable",
                    "got all, allowed only last" + why + ": the frequencies and phases are frozen");
        }
        if (n.outputActivation() != Activation.IDENTITY || n.outputBias()) {
            throw new ConfigException(
                    "network.outputActivation",
                    "got " + n.outputActivation().id() + " with network.outputBias " + n.outputBias()
                            + ", allowed only identity with network.outputBias false" + why);
        }
        if (c.ensemble().importFrom() != null) {
            throw new ConfigException(
                    "ensemble.importFrom",
                    "got " + c.ensemble().importFrom() + ", allowed only null" + why
                            + ": an imported ensemble brings its own features");
        }
    }

    private static void train(TrainConfig t) {
        required("train.optimizer", t.optimizer());
        positiveFinite("train.learningRate", t.learningRate());
        intRange("train.epochs", t.epochs(), 0, MAX_EPOCHS);
        intRange("train.lossEvery", t.lossEvery(), 1, Integer.MAX_VALUE);
        if (t.divergenceLoss() != null) {
            positiveFinite("train.divergenceLoss", t.divergenceLoss());
        }
        if (t.divergenceFactor() != null && (!(t.divergenceFactor() >= 1) || !Double.isFinite(t.divergenceFactor()))) {
            throw ConfigException.range("train.divergenceFactor", t.divergenceFactor(), "a finite number >= 1");
        }
        required("train.solver", t.solver());
        required("train.loss", t.loss());
        positiveFinite("train.huberDelta", t.huberDelta());
    }

    /**
     * Cross-entropy reads the output as the logit of a binary label: the targets must be 0 or 1, which
     * the built-in classification sources give and a file's labels are checked for when read; a
     * built-in real-valued target function cannot.
     */
    private static void labels(ExperimentConfig c) {
        if (c.train().loss() == TrainConfig.Loss.CROSS_ENTROPY && c.data().source() == DataConfig.Source.GAUSSIAN) {
            throw new ConfigException(
                    "train.loss",
                    "got cross-entropy with data.source gaussian, whose data.target "
                            + c.data().target().name().toLowerCase(java.util.Locale.ROOT)
                            + " is real-valued; allowed only with 0/1 labels: data.source two-moons or blobs, or a"
                            + " csv/npy file of 0/1 targets");
        }
    }

    /**
     * {@code data.classes} K ≥ 3 is a softmax classifier: K logits trained by cross-entropy on a
     * read-out over frozen features, on labels a built-in source or a file can give.
     */
    private static void classes(ExperimentConfig c) {
        int k = c.data().classes();
        intRange("data.classes", k, 2, DataConfig.MAX_CLASSES);
        if (k == 2) {
            return;
        }
        String why = null;
        String field = "data.classes";
        if (c.train().loss() != TrainConfig.Loss.CROSS_ENTROPY) {
            why = "train.loss cross-entropy (got " + c.train().loss().id() + "; " + k
                    + " labels are a softmax classifier's)";
        } else if (c.data().source() == DataConfig.Source.TWO_MOONS) {
            why = "data.source blobs, csv or npy (two-moons has two classes)";
        } else if (c.network().outputActivation() != Activation.IDENTITY) {
            why = "network.outputActivation identity (got "
                    + c.network().outputActivation().id() + "; the outputs are the softmax's logits)";
        } else if (c.network().hasCosNetLayer()) {
            why = "network.architecture mlp (got cosnet, whose spectrum is that of one output)";
        } else if (c.ensemble().importFrom() != null) {
            why = "ensemble.importFrom null (imported ensembles have one output per point)";
        } else if (c.train().divergenceBound()) {
            why = "train.divergenceBound false (the bound is that of a squared-error read-out)";
        }
        if (why != null) {
            throw new ConfigException(field, "got " + k + ", allowed 3 or more only with " + why);
        }
    }

    /** {@code train.divergenceBound} is the bound of linear read-out training, which must be what runs. */
    private static void divergenceBound(ExperimentConfig c) {
        if (!c.train().divergenceBound()) {
            return;
        }
        String why = null;
        if (c.network().trainable() != NetworkConfig.Trainable.LAST) {
            why = "network.trainable last (got all)";
        } else if (c.network().outputActivation() != Activation.IDENTITY) {
            why = "network.outputActivation identity (got "
                    + c.network().outputActivation().id() + ")";
        } else if (c.ensemble().importFrom() != null) {
            why = "ensemble.importFrom null (an imported ensemble is not trained here)";
        }
        if (why != null) {
            throw new ConfigException(
                    "train.divergenceBound",
                    "got true, allowed only with " + why + ": the bound is that of a linear read-out's training");
        }
    }

    private static void brg(BrgConfig b) {
        List<Double> cutoffs = required("brg.cutoffs", b.cutoffs());
        BrgConfig.CutoffScale scale = required("brg.cutoffScale", b.cutoffScale());
        for (int i = 0; i < cutoffs.size(); i++) {
            Double c = required("brg.cutoffs[" + i + "]", cutoffs.get(i));
            cutoff("brg.cutoffs[" + i + "]", c, scale);
            if (i > 0 && !(c > cutoffs.get(i - 1))) {
                throw new ConfigException(
                        "brg.cutoffs[" + i + "]",
                        "got " + c + ", allowed > " + cutoffs.get(i - 1) + " (cutoffs must be strictly ascending)");
            }
        }
        required("brg.mode", b.mode());
        if (b.sloppyVariance() != null) {
            positiveFinite("brg.sloppyVariance", b.sloppyVariance());
        }
        positiveFinite("brg.criticalFactor", b.criticalFactor());
        required("brg.basis", b.basis());
    }

    /** The cross-field rules of which parameters flow and in what basis. */
    private static void flowedParameters(BrgConfig b, NetworkConfig n) {
        if (b.scope() == BrgConfig.Scope.ALL && n.trainable() == NetworkConfig.Trainable.LAST) {
            throw new ConfigException(
                    "brg.scope",
                    "got all, allowed readout or null while network.trainable is last (untrained hidden layers"
                            + " have no posterior to coarse grain)");
        }
        boolean all =
                b.scope() == null ? n.trainable() == NetworkConfig.Trainable.ALL : b.scope() == BrgConfig.Scope.ALL;
        boolean biases = n.outputBias() || (all && n.hidden().stream().anyMatch(LayerConfig::bias));
        InitConfig init = n.init();
        boolean pinnedWeights = init.scheme() == InitConfig.Scheme.NORMAL && init.std() == 0.0;
        boolean pinnedBiases = init.biasStd() == 0.0;
        boolean ownVariances = b.mode() == BrgConfig.CoarseGraining.RESAMPLE_PRIOR
                || (b.mode() == BrgConfig.CoarseGraining.GAUSSIAN && b.sloppyVariance() == null);
        if (b.basis() == BrgConfig.Basis.EIGEN && ownVariances && biases && pinnedWeights != pinnedBiases) {
            throw new ConfigException(
                    "brg.basis",
                    "got eigen, allowed only if the flowed weights and biases are all random or all fixed by the"
                            + " prior (network.init.std " + init.std() + ", network.init.biasStd " + init.biasStd()
                            + "): a direction mixing both has no law to redraw from; use brg.mode zero");
        }
    }

    /** One cutoff on its scale: a value of F_ii (>= 0), a multiple of the mean eigenvalue (> 0) or a quantile. */
    private static void cutoff(String field, double c, BrgConfig.CutoffScale scale) {
        switch (scale) {
            case ABSOLUTE -> nonNegativeFinite(field, c);
            case MEAN_EIGENVALUE -> {
                if (!(c > 0) || !Double.isFinite(c)) {
                    throw ConfigException.range(
                            field, c, "a finite number > 0 (brg.cutoffScale mean-eigenvalue: a multiple of the mean)");
                }
            }
            case QUANTILE -> {
                if (!(c > 0 && c <= 1)) {
                    throw ConfigException.range(
                            field, c, "a number in (0, 1] (brg.cutoffScale quantile: a fraction of the parameters)");
                }
            }
        }
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new ConfigException(field, "missing value");
        }
        return value;
    }

    /**
     * A configuration holds one of the named activations: a {@link dev.bayesrg.activation.CustomActivation}
     * built in code would be written under a name the loader cannot read back.
     */
    private static void named(String field, Activation activation) {
        if (!Activation.isNamed(activation)) {
            throw new ConfigException(
                    field,
                    "got '" + activation.id() + "' (not a named activation), allowed " + ActivationJson.allowed());
        }
    }

    static void intRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw ConfigException.range(field, value, "[" + min + ", " + max + "]");
        }
    }

    private static void finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw ConfigException.range(field, value, "a finite number");
        }
    }

    private static void positiveFinite(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw ConfigException.range(field, value, "a finite number > 0");
        }
    }

    private static void nonNegativeFinite(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw ConfigException.range(field, value, "a finite number >= 0");
        }
    }

    /** Data coordinates: finite and at most {@link DataConfig#MAX_MAGNITUDE} in magnitude. */
    static void finiteList(String field, List<Double> values) {
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null) {
                throw new ConfigException(field + "[" + i + "]", "missing value");
            }
            if (!(Math.abs(v) <= DataConfig.MAX_MAGNITUDE)) {
                throw ConfigException.range(field + "[" + i + "]", v, DataConfig.MAGNITUDE_ALLOWED);
            }
        }
    }
}
