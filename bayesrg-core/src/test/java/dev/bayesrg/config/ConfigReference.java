package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.activation.Activation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes docs/configuration.md from the configuration records themselves, so that the reference
 * cannot drift from the code: the keys are the records' components (walked from {@link
 * ExperimentConfig}), the accepted words of each choice are the enums' {@link JsonProperty} names and
 * {@link Activation#ids()}, the two value columns are the presets as {@link ConfigLoader#presetTree}
 * reads them, and each number's allowed range is what {@link ConfigValidator} answers when the key is
 * given a value no range admits. Only the prose is written here, one sentence or two per key; a key
 * without prose, or prose for a key that no longer exists, stops the generator.
 */
final class ConfigReference {
    /** Where the generated file lives, relative to the repository root. */
    static final String DOC = "docs/configuration.md";

    /** The command that rewrites the file after a change of the configuration records. */
    static final String REGENERATE =
            "mvn -B -ntp -q -pl bayesrg-core test -Dtest=ConfigurationDocTest -Dbayesrg.updateDocs=true";

    private static final Map<String, String> SECTIONS = new LinkedHashMap<>();
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    /**
     * Settings a key's range check needs before it runs (the nnft line and grid are checked only
     * when the mesh is one).
     */
    private static final Map<String, List<String>> PROBE_CONTEXT = Map.of(
            "nnft.line.",
            List.of("nnft.mesh=line", "nnft.line={from: [0, 0], to: [1, 1], points: 2}"),
            "nnft.grid.",
            List.of("nnft.mesh=grid", "nnft.grid={origin: [0, 0], u: [1, 0], v: [0, 1], points: [2, 2]}"));

    static {
        SECTIONS.put(
                "data",
                "The data set: where inputs and targets come from, the sizes of the training, test and"
                        + " Fisher sets, and the probe input x*. The sets are drawn once from `data.seed` and"
                        + " shared by every member of the ensemble.");
        KEYS.put(
                "data.source",
                "`gaussian`: inputs x ~ N(`inputMean`, `inputCovariance`), targets y = `target`(x). `csv`:"
                        + " rows of the file `data.csv`, shuffled with `data.seed` and split into the sets."
                        + " `npy`: the arrays of the directory `data.directory`, in their order (what"
                        + " `bayesrg import` writes into a run's `data/`). `two-moons` and `blobs`:"
                        + " classification tasks for `train.loss: cross-entropy`, binary by default with labels"
                        + " y ∈ {0, 1} (each with probability 1/2): `two-moons` draws the two interleaved half"
                        + " circles of scikit-learn's make_moons shifted by `inputMean` (d = 2, two classes"
                        + " only), `blobs` draws x ~ N(±`inputMean`, ·) for label 1 (+) and 0 (−); with"
                        + " `data.classes` K ≥ 3, `blobs` draws label c = ⌊K u⌋ (each with probability 1/K)"
                        + " centred on `inputMean` turned by the angle 2πc/K in the (x₀, x₁) plane (d = 1:"
                        + " spread evenly from −`inputMean` to +`inputMean`). Both add Gaussian noise of"
                        + " covariance `inputCovariance` and ignore `target`.");
        KEYS.put(
                "data.inputMean",
                "Mean of the Gaussian inputs; one entry per input dimension (the length of `data.probe`).");
        KEYS.put("data.inputCovariance", "Covariance of the Gaussian inputs: a symmetric d×d matrix, row by row.");
        KEYS.put(
                "data.target",
                "The built-in target y(x): `quadratic` is the paper's (1 − x₀)² − 0.5 (x₁ − x₀²) (d = 2,"
                        + " arXiv:2405.17538, eq. 91); `sin` is sin(x₀ + … + x_{d−1}); `linear` is"
                        + " x₀ + … + x_{d−1}; `rosenbrock` is Σᵢ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)² (d ≥ 2).");
        KEYS.put(
                "data.csv",
                "With `source: csv`: a file of rows `x0,…,x{d-1},y` (optional header), relative to the"
                        + " working directory. Decimal numbers only (`1d`, `2f`, `0x1p3` are refused); a UTF-8"
                        + " byte-order mark is ignored.");
        KEYS.put(
                "data.directory",
                "With `source: npy`: a directory holding `train_inputs.npy` [n, d], `train_targets.npy` [n],"
                        + " `test_inputs.npy`, `test_targets.npy` and `fisher_inputs.npy` (float64 or float32),"
                        + " relative to the working directory; the sets are their first `train`, `test` and"
                        + " `fisher` rows, in order ([import](import.md)).");
        KEYS.put("data.train", "Number of training inputs.");
        KEYS.put("data.test", "Number of test inputs (the test MSE and `predictions.npy` are on them).");
        KEYS.put("data.fisher", "Number of inputs the Fisher metric is averaged over.");
        KEYS.put("data.seed", "Seed of the data: the three sets are drawn (or the CSV rows shuffled) from it alone.");
        KEYS.put(
                "data.probe",
                "The fixed input x* whose output f(x*) the flow tracks (`probe_mean`, `probe_variance`, the"
                        + " histograms); its length is the input dimension d.");
        KEYS.put(
                "data.classes",
                "The number K of labels of a classification task (2: the binary one, one output). K ≥ 3"
                        + " needs `train.loss: cross-entropy` and makes the network's read-out K outputs, the"
                        + " logits of a softmax, trained with the hidden layers frozen or not (`network.trainable`"
                        + " last or all; `outputActivation: identity`, an mlp, no `ensemble.importFrom`, no"
                        + " `train.divergenceBound`); targets are the labels 0..K−1 (`blobs`, or a file of"
                        + " integer labels; `two-moons` has two). Every array of outputs then holds K per point,"
                        + " point-major, and the field lives on the (point, class) pairs"
                        + " ([method](method.md#multi-class-softmax)).");

        SECTIONS.put(
                "network",
                "A fully connected network: the hidden layers from the input on, then a scalar read-out (K"
                        + " logits for a classifier of `data.classes` K ≥ 3)."
                        + " The input width comes from the data.");
        KEYS.put(
                "network.hidden",
                "The hidden layers in order from the input, each `{width, activation, bias}`; a list may be"
                        + " empty (a linear model of the inputs).");
        KEYS.put("network.hidden[i].width", "Number of neurons of layer i.");
        KEYS.put(
                "network.hidden[i].activation",
                "The layer's nonlinearity (each activation knows its derivative and its Gaussian expectations).");
        KEYS.put("network.hidden[i].bias", "Whether layer i has a bias.");
        KEYS.put("network.outputActivation", "Nonlinearity applied to the read-out (`identity`: a linear read-out).");
        KEYS.put("network.outputBias", "Whether the read-out has a bias.");
        KEYS.put(
                "network.init.scheme",
                "The prior of the weights. `normal`: every weight N(`mean`, `std`²), as in the authors' code."
                        + " `fan-in`: W ~ N(0, `sigmaW`²/fan_in), the normalisation of the infinite-width"
                        + " analysis (arXiv:2405.17538, eq. 61).");
        KEYS.put("network.init.mean", "Mean of the weights under `scheme: normal`.");
        KEYS.put("network.init.std", "Standard deviation of the weights under `scheme: normal`.");
        KEYS.put("network.init.sigmaW", "σ_W of `scheme: fan-in`: weights N(0, σ_W²/fan_in).");
        KEYS.put("network.init.biasStd", "Biases are N(0, `biasStd`²) in both schemes.");
        KEYS.put(
                "network.trainable",
                "What training (and so the Fisher metric and the coarse graining) acts on: `last`, the"
                        + " read-out only (the paper's experiment), or `all` layers.");
        KEYS.put(
                "network.sharedHidden",
                "`false`: every member draws its own hidden layers (the paper). `true`: all members share"
                        + " hidden layers drawn once from `ensemble.seed`, only the read-out initialisation is"
                        + " per member; with `trainable: last` the trained ensemble is then exactly Gaussian and"
                        + " `bayesrg nngp --compare` predicts it exactly ([method](method.md#nngp---compare)).");

        KEYS.put(
                "network.architecture",
                "`mlp`: the layers of `hidden` as listed. `cosnet`: the generalized cos-net of arXiv:2405.17538,"
                        + " eq. 77, φ(x) = Σ_i a_i cos(b_i·x + c_i)/sqrt(b_i² + m²): `hidden` is exactly one layer"
                        + " `{width: N, activation: cos, bias: true}` whose weights are the frequencies b_i, drawn"
                        + " uniformly in the d-ball of radius `cosnet.cutoff`, and whose biases are the phases c_i,"
                        + " uniform in [−π, π]; both frozen, so `trainable: last`, a linear read-out without bias"
                        + " (σ_a² = N `init.std`² + N `init.mean`², or `init.sigmaW`² under fan-in) and no"
                        + " `brg.scope: all`. With an evenly spaced line mesh (`nnft.mesh: line`) the run fits every"
                        + " flow entry's kernel to Z/(p² + m²), |p| < Λ (`nnft/cosnet_spectrum.csv`,"
                        + " [method](method.md#the-cos-net-in-the-main-pipeline)).");
        KEYS.put(
                "network.cosnet.mass",
                "With `architecture: cosnet` (else unused; named as `bayesrg cosnet --mass`): m of the unit"
                        + " scaling 1/sqrt(b_i² + m²), the field's mass; 0 only for d = 3 (the massless"
                        + " propagator diverges for d = 1, 2).");
        KEYS.put(
                "network.cosnet.cutoff",
                "With `architecture: cosnet` (else unused; named as `bayesrg cosnet --cutoff`): Λ, the radius"
                        + " of the ball the frequencies b_i are drawn from, the momentum cutoff.");

        SECTIONS.put("train", "Training of every member ([method](method.md#run), step 3).");
        KEYS.put(
                "train.optimizer",
                "`gd`: full-batch gradient descent on the mean squared error (what the paper's text says)."
                        + " `sgd`: one step per training sample, in a fixed order, on (f − y)² (what the"
                        + " authors' code does).");
        KEYS.put("train.learningRate", "The step size η.");
        KEYS.put("train.epochs", "Number of passes over the training set (0: the untrained prior ensemble).");
        KEYS.put("train.lossEvery", "The training loss is recorded every this many epochs (`loss_curves.npy`).");
        KEYS.put(
                "train.divergenceLoss",
                "null: none. Else an absolute limit: a member whose training MSE exceeds it at any epoch, the"
                        + " loss before the first update included, is marked diverged — the first version's rule,"
                        + " which dropped 26 of the paper preset's 512 members that merely start above 1e6"
                        + " ([diverged members](method.md#diverged-members)); kept for old configurations.");
        KEYS.put(
                "train.divergenceFactor",
                "A member is marked diverged (kept in `members.csv`, left out of every ensemble statistic, counted"
                        + " in `members_diverged`) at the first epoch whose training MSE is non-finite or above this"
                        + " factor times the loss of its initial parameters, L(θ₀); training stops there. null: only a"
                        + " non-finite loss (or `divergenceLoss`) diverges ([diverged members](method.md#diverged-members)).");
        KEYS.put(
                "train.divergenceBound",
                "true: also mark a member diverged at epoch 0 when the learning rate is not below the stable bound"
                        + " of linear read-out training, η < m/λ_max(Φ̃_BΦ̃_Bᵀ) (GD: m = n, the whole training set; SGD:"
                        + " m = 1, so η < 1/max‖φ̃_i‖²; Φ̃ with a column of ones for a bias). Only with"
                        + " `network.trainable: last`, `outputActivation: identity` and no import.");
        KEYS.put(
                "train.solver",
                "How the training trajectory is computed; all give the same trajectory up to rounding (about"
                        + " 1e-10 relative). `auto`: the fastest exact one, for GD of a linear read-out"
                        + " `tridiagonal` when min(n, N)² max(n, N) < epochs · n N, else the loop on the weights;"
                        + " `tridiagonal`: GD in the basis where the smaller of the n×n Gram matrix ΦΦᵀ (n < N)"
                        + " and the N×N feature covariance ΦᵀΦ (n ≥ N) is tridiagonal; `closed-form`: GD solved"
                        + " from one eigendecomposition of the smaller of the two; `tridiagonal` and"
                        + " `closed-form` need `optimizer: gd`, an identity read-out and `trainable: last`;"
                        + " `iterate`: epoch by epoch, in the dual space when n < N; `iterate-primal`: the loop"
                        + " on the weights. With `network.trainable: all` every solver but `iterate-primal`"
                        + " backpropagates over the whole batch at once; `iterate-primal` runs the reference"
                        + " loop, one input's gradient at a time. `run --timings` names the solver that ran."
                        + " `tridiagonal` and `closed-form` need `train.loss: mse`; `auto` iterates for the other"
                        + " losses.");
        KEYS.put(
                "train.loss",
                "The per-point loss ℓ(f, y) that training descends (GD on its mean, SGD on each point's), that"
                        + " the flow's test-loss columns (`test_mse_*`, `members.csv` `test_mse`) and the loss"
                        + " curves measure, and the likelihood whose Fisher metric ranks the parameters"
                        + " ([method](method.md#losses-and-likelihoods)). `mse`: (f − y)², a Gaussian of variance"
                        + " `fisher.noiseVariance` (the paper's). `huber`: r² for |r| ≤ `huberDelta`, 2δ|r| − δ²"
                        + " beyond (r = f − y). `l1`: |f − y|. `cross-entropy`: with `data.classes` 2 (binary)"
                        + " log(1 + eᶠ) − y f, the output f read as the logit of a label y ∈ {0, 1} (targets"
                        + " must be 0 or 1: `data.source` `two-moons`, `blobs`, or a file of labels), with the"
                        + " classification Fisher p(1 − p) ∇f∇fᵀ; with `data.classes` K ≥ 3 the softmax"
                        + " cross-entropy log Σ_c e^{f_c} − f_y of K logits and a label y ∈ {0, …, K−1}, with"
                        + " the softmax-covariance Fisher Jᵀ(diag(p) − p pᵀ)J"
                        + " ([method](method.md#multi-class-softmax)).");
        KEYS.put("train.huberDelta", "The Huber loss's threshold δ > 0 (used only with `loss: huber`).");

        SECTIONS.put("fisher", "The Fisher information metric that ranks parameters from stiff to sloppy.");
        KEYS.put(
                "fisher.noiseVariance",
                "σ² of the regression Fisher metric F_ii = (1/σ²) · mean over the Fisher inputs of (∂f/∂θᵢ)².");
        KEYS.put(
                "fisher.geometryMembers",
                "How many members (the first ones by index) also measure the metric beyond its diagonal: its"
                        + " eigenvalues, the sloppy fractions in the diagonal and in the eigenbasis, their overlap, the"
                        + " flow in the basis the run does not flow in, and the relative entropy ½ δθᵀFδθ each cutoff"
                        + " is predicted to cost ([method](method.md#the-fisher-metric-beyond-its-diagonal)); null:"
                        + " every member. On the paper's experiment such a member costs about seven ordinary ones more.");

        KEYS.put(
                "fisher.at",
                "Whose parameters the metric is evaluated at. `member`: each member's own trained parameters, so"
                        + " each member has its own sloppy set (the paper's code). `ensemble-mean`: one metric at"
                        + " the mean θ̄ of the members' trained parameters, the paper's stand-in for θ_MAP (§3.3);"
                        + " needs `network.sharedHidden: true`, since independently drawn members' hidden units are"
                        + " not aligned. `ensemble-average`: one metric, the mean of the members' own, F̄ = (1/M)"
                        + " Σ F(θ_m). With either ensemble metric every member coarse grains the same parameters"
                        + " (in the eigenbasis, the same directions) at each cutoff; the run trains every member"
                        + " once more before the flows to form it (every shard trains the whole ensemble), and a"
                        + " resumed run forms it again ([method](method.md#one-metric-for-the-ensemble)).");

        SECTIONS.put("brg", "The Bayesian RG flow ([method](method.md#run), steps 5–7).");
        KEYS.put(
                "brg.cutoffs",
                "The information cutoffs ε, strictly ascending. At each one every trainable"
                        + " parameter with F_ii < ε that was not coarse grained yet is coarse grained (nested:"
                        + " a parameter coarse grained once keeps its new value). On a relative `cutoffScale`"
                        + " they are the numbers c_k each member turns into its own ε_k. Empty (`[]`): no flow,"
                        + " only the trained ensemble (flow entry 0; no critical cutoff); the only schedule of an"
                        + " imported `outputs` ensemble.");
        KEYS.put(
                "brg.cutoffScale",
                "What `cutoffs` are measured in. `absolute`: values ε of F_ii, the same for every member."
                        + " `mean-eigenvalue`: member m's ε_k = c_k × (trace F / P), the mean of its Fisher"
                        + " diagonal over its P trainable parameters (values > 0). `quantile`: c_k in (0, 1],"
                        + " member m's ε_k lies just above its ⌈c_k P⌉-th smallest F_ii, so that this fraction"
                        + " of its parameters (more where values tie) is coarse grained by cutoff k. The"
                        + " relative scales make a critical cutoff comparable across widths, Fisher sets and"
                        + " data; each member's ε_k are kept in `cutoffs.npy`.");
        KEYS.put(
                "brg.mode",
                "What becomes of a sloppy parameter: `resample-prior` redraws it from its prior (the authors'"
                        + " code); `zero` sets it to 0 (pruning); `gaussian` redraws it from N(0, σ²) with σ² ="
                        + " `sloppyVariance` (arXiv:2405.17538, eqs. 74–75).");
        KEYS.put(
                "brg.sloppyVariance",
                "σ² of `mode: gaussian`; null: each parameter's prior variance (then the flow ends at the prior).");
        KEYS.put(
                "brg.basis",
                "What the flow ranks: `diagonal` each flowed parameter by F_ii (the paper); `eigen` each direction"
                        + " of the Fisher metric's eigenbasis by its eigenvalue, the metric's null space included, and"
                        + " coarse grains a direction's component by the mode's law conditioned on all other"
                        + " components ([method](method.md#the-fisher-metric-beyond-its-diagonal)).");
        KEYS.put(
                "brg.scope",
                "Which parameters the Fisher metric covers and the flow coarse grains: `readout` the read-out"
                        + " layer, `all` every parameter (needs `network.trainable: all`); null: the trainable ones.");
        KEYS.put(
                "brg.duringTraining",
                "true: at every training checkpoint θ_t of `nnft.snapshotEvery` (which must be > 0) also compute"
                        + " the Fisher diagonal, its rank correlation with the trained one, and the flow from θ_t"
                        + " along each member's own cutoffs, with ε_c(t) ([method](method.md#the-flow-during-training),"
                        + " `training_flow.npy`, `training_flow.csv`); false: only at the trained θ.");
        KEYS.put(
                "brg.criticalFactor",
                "The critical cutoff is the smallest cutoff whose median test MSE exceeds this factor times"
                        + " the median of the trained ensemble (flow entry 0).");

        SECTIONS.put("ensemble", "The ensemble.");
        KEYS.put("ensemble.members", "Number of networks |B|.");
        KEYS.put(
                "ensemble.seed",
                "Member α draws every random number from streams keyed by (`seed`, α) alone, so results do"
                        + " not depend on the thread count, sharding or order.");
        KEYS.put(
                "ensemble.importFrom",
                "null: every member is trained here. A path: the members were trained elsewhere, and their"
                        + " trained parameters (or features, or outputs) are read from this ensemble directory"
                        + " instead (`bayesrg import` sets it, with the data keys; [import](import.md)); relative"
                        + " to the working directory.");
        KEYS.put(
                "ensemble.importKind",
                "What the ensemble directory of `importFrom` holds of each member, its `ensemble.json`'s"
                        + " `kind` (`bayesrg import` sets it): `mlp`, every layer's weights; `readout`, features"
                        + " and read-out; `outputs`, the outputs on the mesh alone: no parameters, so no Fisher"
                        + " metric (`fisher.npy` has no columns) and no flow (`brg.cutoffs: []`), and the"
                        + " `network` section is not used ([import](import.md#kind-outputs-network-outputs-only))."
                        + " Null without `importFrom`; with it, whichever of `mlp` and `readout` the directory"
                        + " says (configurations written before this key).");

        SECTIONS.put(
                "nnft",
                "The mesh of inputs x₁…x_M on which every member's output is recorded as a field, at every"
                        + " flow entry (and, optionally, during training), for `nnft/` ([method](method.md#nnft),"
                        + " [files](run-directory.md#nnft))."
                        + " At most " + NnftConfig.MAX_POINTS + " points: the quartic coupling has M⁴ entries.");
        KEYS.put(
                "nnft.mesh",
                "`test`: the first `points` test inputs; `csv`: the points of the file `nnft.csv`; `line`:"
                        + " evenly spaced points on a segment; `grid`: a 2-D grid through input space.");
        KEYS.put("nnft.points", "With `mesh: test`: how many test inputs (all of them when the test set is smaller).");
        KEYS.put(
                "nnft.csv",
                "With `mesh: csv`: a file of points `x0,…,x{d-1}`, one per row, optional header, relative to"
                        + " the working directory.");
        KEYS.put("nnft.line.from", "With `mesh: line`: the first point (d entries).");
        KEYS.put("nnft.line.to", "With `mesh: line`: the last point (d entries).");
        KEYS.put(
                "nnft.line.points",
                "With `mesh: line`: number of evenly spaced points, both ends included; the quadrature"
                        + " weight is the spacing.");
        KEYS.put("nnft.grid.origin", "With `mesh: grid`: the corner point (d entries).");
        KEYS.put("nnft.grid.u", "With `mesh: grid`: the first edge vector (d entries).");
        KEYS.put("nnft.grid.v", "With `mesh: grid`: the second edge vector (d entries).");
        KEYS.put(
                "nnft.grid.points",
                "With `mesh: grid`: `[P, Q]`, the points are origin + (i/(P−1)) u + (j/(Q−1)) v, row-major"
                        + " (i slow), each of P, Q and P·Q in [1, " + NnftConfig.MAX_POINTS + "]; the"
                        + " quadrature weight is the cell area.");
        KEYS.put(
                "nnft.snapshotEvery",
                "k > 0: also record the mesh outputs at training epochs 0, k, 2k, …, T"
                        + " (`mesh_training.npy`); 0: not during training.");
        KEYS.put(
                "nnft.order",
                "R in [2, 6] (default 4), the highest connected correlator G_c^(r) measured on the mesh at every flow entry"
                        + " and checkpoint, with jackknife errors and a Gaussian noise floor: Λ3 from R = 3, Λ4 and"
                        + " δK⁻¹ from R = 4, the tree-level Λ6 at R = 6, which allows at most "
                        + NnftConfig.MAX_SEXTIC_POINTS + " mesh points (full M⁶ tensors); 2: mean, K and K⁻¹ alone."
                        + " The couplings' cost per entry grows like M^(R+1) (52 ensembles each: the estimate, 32"
                        + " jackknife leave-outs, 19 surrogates): negligible on the default 8 points, about 7 s an"
                        + " entry at R = 4 on 32 points with 2048 members ([files](run-directory.md#nnft)).");
        SECTIONS.put(
                "posterior",
                "Which posterior the ensemble samples before it flows ([method](method.md#which-posterior-posteriormethod)).");
        KEYS.put(
                "posterior.method",
                "`gd-ensemble` (default, the paper): each member trained by `train.*` from its prior draw."
                        + " `exact`: each member an exact draw from the conjugate Gaussian posterior of the linear"
                        + " read-out given its frozen features, prior N(m, s²) of `network.init` (the bias's variance"
                        + " `biasStd²`) and noise σ² (`posterior.noiseVariance`); nothing is trained. `laplace`: each"
                        + " member trained by GD, then drawn from the Gaussian at its trained read-out with covariance"
                        + " (ΦᵀΦ/σ² + prior⁻¹)⁻¹ (with `network.trainable: all` over every layer, the covariance's diagonal"
                        + " approximation 1/(F_total,jj + 1/s_j²)). Both need `network.outputActivation:"
                        + " identity` and no `ensemble.importFrom`; `exact` also `network.trainable: last` and `nnft.snapshotEvery: 0`. `langevin`:"
                        + " each member the state of a Langevin chain on the posterior of the trainable parameters"
                        + " (`posterior.langevin`), started from a prior draw; any `network.trainable` and read-out,"
                        + " no `ensemble.importFrom`, `nnft.snapshotEvery: 0`.");
        KEYS.put(
                "posterior.noiseVariance",
                "σ² > 0 of the likelihood y ~ N(f(x), σ²) of `exact`, `laplace` and `langevin`; null (default):"
                        + " `fisher.noiseVariance`, one likelihood for the posterior and the metric.");
        KEYS.put(
                "posterior.langevin.stepSize",
                "The step of `posterior.method: langevin`, θ_j ← θ_j − η s_j² ∂_j U + √(2η) s_j z_j on"
                        + " U = Σ (f − y)²/(2σ²) + Σ (θ_j − m_j)²/(2 s_j²), preconditioned by the prior's variances s_j²"
                        + " ([method](method.md#the-langevin-posterior)): η > 0, in units of the prior's"
                        + " scale; null (default): 1/(λ + 1), half the stability bound, λ the"
                        + " largest eigenvalue of S^½ Φ̃ᵀΦ̃ S^½/σ² at the chain's features (read-out only; with"
                        + " `network.trainable: all` a number is required). The chain's stationary law is off the"
                        + " posterior by O(η).");
        KEYS.put("posterior.langevin.steps", "Burn-in: the steps a chain takes before its first member is taken.");
        KEYS.put("posterior.langevin.thinning", "Steps between two consecutive members of one chain.");
        KEYS.put(
                "posterior.langevin.chainMembers",
                "How many consecutive members share one chain (started from the prior draw of its first member,"
                        + " hidden layers included); 1 (default): every member its own chain. Member q of a chain is"
                        + " its state after `steps` + q × `thinning` steps, computed on its own, so a run's members"
                        + " stay independent of threads, shards and resumes.");
        KEYS.put(
                "posterior.langevin.batchSize",
                "Inputs per step's gradient: null (default) or ≥ the training set: all of them (the unadjusted"
                        + " Langevin algorithm); fewer: a fresh minibatch each step, the data term scaled by n/b"
                        + " (stochastic-gradient Langevin dynamics).");
    }

    private ConfigReference() {}

    /** One key of the reference, as the records define it. */
    private record Key(String path, Type type) {}

    /** The whole of docs/configuration.md. */
    static String markdown() {
        List<Key> keys = new ArrayList<>();
        walk("", ExperimentConfig.class, keys);
        Set<String> documented = new LinkedHashSet<>(KEYS.keySet());
        for (Key key : keys) {
            if (!documented.remove(key.path())) {
                throw new IllegalStateException("configuration key " + key.path()
                        + " has no description in ConfigReference; add one, then run " + REGENERATE);
            }
        }
        if (!documented.isEmpty()) {
            throw new IllegalStateException(
                    "ConfigReference describes keys the configuration no longer has: " + documented);
        }
        JsonNode paper = ConfigLoader.presetTree(Preset.PAPER);
        JsonNode reference = ConfigLoader.presetTree(Preset.REFERENCE_CODE);

        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n");
        md.append("<!-- Generated from the configuration records (dev.bayesrg.config) by ConfigReference in\n")
                .append(
                        "     bayesrg-core's tests; do not edit by hand. After a change of the records regenerate it:\n")
                .append("     ")
                .append(REGENERATE)
                .append(" -->\n\n");
        md.append("A configuration is built in layers, later ones winning: the preset (`--preset ")
                .append(Arrays.stream(Preset.values()).map(Preset::id).collect(Collectors.joining("` or `")))
                .append("`; `")
                .append(Preset.PAPER.id())
                .append("` is the default), a YAML file (`--config FILE`, merged key by key), the shortcut flags")
                .append(" (`--")
                .append(ConfigLayers.MEMBERS)
                .append("` sets `ensemble.members`, `--")
                .append(ConfigLayers.EPOCHS)
                .append("` `train.epochs`, `--")
                .append(ConfigLayers.SEED)
                .append("` `ensemble.seed`, `--")
                .append(ConfigLayers.WIDTH)
                .append("` the width of the last hidden layer), then every `--set key.path=value` in order.")
                .append(" Values of `--set` are YAML, so lists and maps work; a list element is addressed as")
                .append(" `network.hidden[2].activation=tanh`. `bayesrg run --print-config` prints the resolved")
                .append(" configuration in the layout `--config` reads back.\n\n");
        md.append("Every key is checked: a bad value is refused with one line naming the key, the value and")
                .append(" what is allowed (exit code 2), before anything is written. The *allowed* column below")
                .append(" is what that check accepts; d is the input dimension (the length of `data.probe`).\n");
        for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
            md.append("\n## `").append(section.getKey()).append("`\n\n");
            md.append(section.getValue()).append("\n\n");
            md.append("| key | allowed | `")
                    .append(Preset.PAPER.id())
                    .append("` | `")
                    .append(Preset.REFERENCE_CODE.id())
                    .append("` | meaning |\n");
            md.append("|---|---|---|---|---|\n");
            for (Key key : keys) {
                if (!key.path().startsWith(section.getKey() + ".")) {
                    continue;
                }
                md.append("| `")
                        .append(key.path())
                        .append("` | ")
                        .append(cell(allowed(key)))
                        .append(" | ")
                        .append(cell(presetValue(paper, key.path())))
                        .append(" | ")
                        .append(cell(presetValue(reference, key.path())))
                        .append(" | ")
                        .append(cell(KEYS.get(key.path())))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /** Every key under {@code prefix}: a record's components, a list of records as one key and its element's. */
    private static void walk(String prefix, Class<?> record, List<Key> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            String path = prefix.isEmpty() ? c.getName() : prefix + "." + c.getName();
            Class<?> type = c.getType();
            if (type.isRecord()) {
                walk(path, type, out);
            } else if (List.class.isAssignableFrom(type)
                    && elementClass(c.getGenericType()).isRecord()) {
                out.add(new Key(path, c.getGenericType()));
                walk(path + "[i]", elementClass(c.getGenericType()), out);
            } else {
                out.add(new Key(path, c.getGenericType()));
            }
        }
    }

    private static Class<?> elementClass(Type listType) {
        Type element = ((ParameterizedType) listType).getActualTypeArguments()[0];
        return element instanceof Class<?> cls ? cls : Object.class;
    }

    /** What a key accepts: the words of a choice, or the range its check answers with. */
    private static String allowed(Key key) {
        Type type = key.type();
        if (type instanceof Class<?> cls && cls.isEnum()) {
            return Arrays.stream(cls.getFields())
                    .filter(java.lang.reflect.Field::isEnumConstant)
                    .map(f -> "`" + f.getAnnotation(JsonProperty.class).value() + "`")
                    .collect(Collectors.joining(" | "));
        }
        if (type == Activation.class) {
            return Activation.ids().stream().map(id -> "`" + id + "`").collect(Collectors.joining(" | "));
        }
        if (type == boolean.class) {
            return "`true` | `false`";
        }
        if (type == int.class) {
            return "integer, " + probe(key.path(), Integer.MIN_VALUE, "any");
        }
        if (type == long.class) {
            return "integer, " + probe(key.path(), Long.MIN_VALUE, "any (64-bit)");
        }
        if (type == double.class) {
            return "number, " + probe(key.path(), Double.NaN, "any");
        }
        if (type == Double.class) {
            return "null or number, " + probe(key.path(), Double.NaN, "any");
        }
        if (type == Integer.class) {
            return "null or integer, " + probe(key.path(), Integer.MIN_VALUE, "any");
        }
        if (type == String.class) {
            return "a path, or null";
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            if (element == Double.class) {
                return "list of numbers, each " + probe(key.path() + "[0]", Double.NaN, "any");
            }
            if (element == Integer.class) {
                return "list of integers, each " + probe(key.path() + "[0]", Integer.MIN_VALUE, "any");
            }
            if (element instanceof ParameterizedType) {
                return "matrix (list of rows) of numbers, each " + probe(key.path() + "[0][0]", Double.NaN, "any");
            }
            return "list of maps";
        }
        throw new IllegalStateException("no rendering for the type of " + key.path() + ": " + type);
    }

    /**
     * The validator's answer to a value no range admits, e.g. {@code [1, 10000000]} or {@code a finite
     * number > 0}; {@code accepted} when the key takes it (the key has no range).
     */
    private static String probe(String path, Object invalid, String accepted) {
        String concrete = path.replace("[i]", "[0]");
        ConfigLoader loader = ConfigLoader.fromPreset(Preset.PAPER);
        for (Map.Entry<String, List<String>> context : PROBE_CONTEXT.entrySet()) {
            if (path.startsWith(context.getKey())) {
                loader.with(context.getValue());
            }
        }
        try {
            loader.set(concrete, invalid).load();
            return accepted;
        } catch (ConfigException e) {
            String detail = e.detail();
            int at = detail.indexOf("allowed ");
            if (!e.field().equals(concrete) || at < 0) {
                throw new IllegalStateException("probing " + path + " failed elsewhere: " + e.getMessage(), e);
            }
            return detail.substring(at + "allowed ".length());
        }
    }

    /** A preset's value of the key, compact (YAML flow style), or — when the preset has none. */
    private static String presetValue(JsonNode preset, String path) {
        if (path.contains("[i]")) {
            return "per layer";
        }
        JsonNode node = preset;
        for (String segment : path.split("\\.", -1)) {
            node = node.path(segment);
        }
        return node.isMissingNode() ? "—" : "`" + flow(node) + "`";
    }

    private static String flow(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(flow(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (node.isObject()) {
            List<String> items = new ArrayList<>();
            node.properties().forEach(e -> items.add(e.getKey() + ": " + flow(e.getValue())));
            return "{" + String.join(", ", items) + "}";
        }
        if (node.isNumber()) {
            return node.asText().toLowerCase(Locale.ROOT);
        }
        return node.isNull() ? "null" : node.asText();
    }

    /** Text safe inside a Markdown table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
