package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.DataConfig;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.LayerConfig;
import dev.bayesrg.config.NetworkConfig;
import dev.bayesrg.config.NnftConfig;
import dev.bayesrg.io.NumpyArrays;
import dev.bayesrg.train.TrainingCheckpoints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heap a run needs at its peak, estimated from its configuration before anything is computed or
 * written, so that a size typo (a width of 10⁶, 10⁸ members, a test set of 10⁷ points in 1000
 * dimensions) is refused at once instead of failing with an OutOfMemoryError an hour later. It
 * counts, in bytes, with the JVM's array headers:
 *
 * <ul>
 *   <li>{@link #data}: the train, test and Fisher sets, the probe and the nnft mesh, held for the
 *       whole run; a CSV data file while it is parsed (every row of the file twice: as read and as
 *       an input);
 *   <li>{@link #results}: every member's measurements, kept until the end ({@link MemberResult}:
 *       predictions [K+1, test], the Fisher diagonal, the loss curve, the read-out, the outputs on
 *       the mesh), with the run's bookkeeping per member; on a resume, the checkpoint's records read
 *       back (they stand in for members computed, plus whatever the file holds beyond this run's
 *       members);
 *   <li>{@link #workers}: every thread's working arrays while the members are computed (the feature
 *       matrices of the three sets, the n×n Gram matrix and its eigendecomposition when the read-out
 *       solver builds one, the parameter vectors, the member's checkpoint record as encoded);
 *   <li>{@link #writing}: what writing the data files allocates besides (they are streamed from the
 *       members: no [members, K+1, test] array is ever built);
 *   <li>{@link #completion}: the field theory (mesh_outputs.npy and mesh_training.npy read back whole,
 *       the moments and correlators up to the 4-point function of every flow entry, the M⁴ quartic
 *       coupling, snapshots.json) and, with a report, the figures (which run alongside it).
 * </ul>
 *
 * The peak is {@link #peak()}: data and results stay for the whole run, the other three come one
 * after the other. Every term is an upper bound of what the code allocates; the tests hold the
 * estimate against the exact sizes of the objects a run keeps.
 *
 * @param data       bytes of the data sets (and of parsing a CSV)
 * @param results    bytes of the members' results and bookkeeping
 * @param workers    bytes of all threads' working arrays
 * @param writing    bytes allocated while writing the data files
 * @param completion bytes of the field theory and the report
 */
public record MemoryEstimate(long data, long results, long workers, long writing, long completion) {
    /** The JVM's own objects and this program's (configuration, class metadata on the heap, buffers). */
    public static final long BASELINE = 16L << 20;

    /** A member's fixed overhead: its objects, map and set entries, its task and queue node, list slots. */
    static final long BOOKKEEPING_PER_MEMBER = 384;

    /** The report's drawing: images, fonts, charts, encoders, a few of them at a time. */
    static final long REPORT_DRAWING = 32L << 20;

    /** Share of the maximum heap a run may plan to use: the collector needs room to work. */
    private static final double USABLE = 0.9;

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Bytes at the peak: data, results and the largest of the working, writing and completion phases. */
    public long peak() {
        return saturated((double) data + results + Math.max(workers, Math.max(writing, completion)) + BASELINE);
    }

    /**
     * A run of {@code config} computing {@code members} members (the whole ensemble, or a shard's
     * share) on {@code threads} threads.
     *
     * @param baseDirectory where relative CSV paths are resolved (their rows are counted)
     * @param report        whether the figures and report are drawn at the end
     */
    public static MemoryEstimate ofRun(
            ExperimentConfig config, int members, int threads, Path baseDirectory, boolean report) {
        return ofResume(config, members, threads, baseDirectory, report, 0);
    }

    /**
     * As {@link #ofRun}, resumed from a checkpoint of {@code checkpointBytes} bytes: its records are
     * decoded into members held with the rest; what the file holds beyond the run's own members is
     * counted on top, with the buffer of one record.
     */
    public static MemoryEstimate ofResume(
            ExperimentConfig config,
            int members,
            int threads,
            Path baseDirectory,
            boolean report,
            long checkpointBytes) {
        Shape s = Shape.of(config, baseDirectory);
        double record = recordBytes(s);
        double beyond = Math.max(0, checkpointBytes - members * record);
        // a decoded record holds its bytes plus one array header per row: at most twice its length
        double checkpoint = checkpointBytes > 0 ? 2 * beyond + 2 * record : 0;
        double results = (double) members * (memberBytes(s) + BOOKKEEPING_PER_MEMBER)
                + geometryMembers(config, members) * geometryBytes(s)
                + checkpoint;
        double workers = (double) threads * (workerBytes(config, s) + array(record, 1))
                + ensembleMetricBytes(config, s, threads);
        double completion = fieldTheoryBytes(s, members) + (report ? reportBytes(s, members) : 0);
        return new MemoryEstimate(
                saturated(dataBytes(config, s) + importedWholeBytes(config, baseDirectory)),
                saturated(results),
                saturated(workers),
                saturated(writingBytes(s, members)),
                saturated(completion));
    }

    /**
     * The arrays of an imported ensemble ({@code ensemble.importFrom}) that are held whole for the
     * run: {@code .npz} entries, which cannot be read a member at a time, and Fortran-order arrays,
     * reordered through a second copy. Plain C-order {@code .npy} files are read a row at a time and
     * cost nothing here; so does a directory that cannot be read (the run refuses it in one line).
     */
    static double importedWholeBytes(ExperimentConfig config, Path baseDirectory) {
        if (!config.ensemble().imported()) {
            return 0;
        }
        double bytes = 0;
        try (NumpyArrays arrays =
                NumpyArrays.open(baseDirectory.resolve(config.ensemble().importFrom()))) {
            for (String name : arrays.names()) {
                if (arrays.readWhole(name)) {
                    NumpyArrays.Entry e = arrays.find(name).orElseThrow();
                    double values = doubles((double) e.rows() * e.rowLength());
                    bytes += e.fortranOrder() ? 2 * values : values;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return bytes;
    }

    /**
     * The driver of a run merged from shard files ({@code bayesrg merge}, the Spark driver): the
     * members' per-member arrays are streamed from {@code shards} files and never held, but the field
     * theory and the report read theirs back from the merged files. It holds the test set and the
     * mesh, no training data.
     */
    public static MemoryEstimate ofMerge(ExperimentConfig config, int shards, Path baseDirectory, boolean report) {
        Shape s = Shape.of(config, baseDirectory);
        double members = config.ensemble().members();
        // a merged member keeps its flow-entry scalars only (test MSE, probe, coarse-grained counts)
        double perMember = 160
                + 2 * doubles(s.entries)
                + ints(s.entries)
                + 6 * doubles(0)
                + trainingFlowBytes(s)
                + BOOKKEEPING_PER_MEMBER;
        // one read buffer and one row per open shard file; a shard's members.csv as a table
        double merging = shards * (65536.0 + doubles(Math.max(s.entries * s.test, s.trainable)))
                + Math.ceil(members / shards) * (s.entries * 64.0 + 64)
                // a shard's flows during training, read whole (as read and as rows) before its members are built
                + (s.duringTraining ? 2 * doubles(Math.ceil(members / shards) * s.checkpoints * (s.entries + 1)) : 0);
        // from the files: fisher.npy and loss_curves.npy as read and as rows, members.csv as a table
        double fromFiles = 2 * doubles(members * s.trainable)
                + 2 * doubles(members * s.lossPoints)
                + members * (s.entries * 64.0 + 64);
        double completion = fieldTheoryBytes(s, members) + (report ? reportBytes(s, members) + fromFiles : 0);
        // the test set (read from a shard's file, then as rows) and the mesh: no training data
        double data = 2 * dataset(s.test, s.d) + rows(s.mesh, s.d) + doubles(s.d);
        return new MemoryEstimate(
                saturated(data),
                saturated(members * perMember),
                0,
                saturated(writingBytes(s, members) + merging),
                saturated(completion));
    }

    /** Whether the estimate fits a heap of {@code maxHeap} bytes, with room for the collector. */
    public boolean fits(long maxHeap) {
        return peak() <= maxHeap * USABLE;
    }

    /** "this run needs about 5.2 GiB of heap (members' results 4.1 GiB, ...), the JVM has 3.9 GiB". */
    public String describe(long maxHeap) {
        return "this run needs about " + format(peak()) + " of heap (" + parts() + "), the JVM has " + format(maxHeap);
    }

    /**
     * Refuses a run that would not fit a heap of {@code maxHeap} bytes, naming the estimate, its
     * largest parts and the ways out.
     */
    public void check(long maxHeap) {
        if (!fits(maxHeap)) {
            throw new ConfigException(
                    field(),
                    describe(maxHeap) + "; make it smaller or give the JVM more heap (-Xmx" + suggestedHeap(peak())
                            + ")");
        }
    }

    /** The parts that make up most of the estimate, largest first: "members' results 3.1 GiB, data sets 0.2 GiB". */
    public String parts() {
        long[] bytes = {results, workers, data, completion, writing};
        String[] names = {
            "members' results", "the threads' working arrays", "data sets", "field theory and report", "writing"
        };
        List<String> named = new ArrayList<>();
        for (int pass = 0; pass < bytes.length; pass++) {
            int largest = 0;
            for (int i = 1; i < bytes.length; i++) {
                largest = bytes[i] > bytes[largest] ? i : largest;
            }
            // the largest part always; the others only where they weigh (a tenth of the peak or more)
            if (bytes[largest] < 0 || (pass > 0 && bytes[largest] < peak() / 10)) {
                break;
            }
            named.add(names[largest] + " " + format(bytes[largest]));
            bytes[largest] = -1;
        }
        return String.join(", ", named);
    }

    /**
     * The setting that drives the largest part, what to make smaller: {@code data},
     * {@code threads} (the parameter of {@link ExperimentRun#threads}) or {@code ensemble.members}.
     */
    public String field() {
        if (data >= results && data >= workers && data >= completion) {
            return "data";
        }
        if (workers > results && workers >= completion) {
            return "threads";
        }
        return "ensemble.members";
    }

    /** A heap size for -Xmx that holds {@code bytes} with the collector's room: "3g", "512m". */
    public static String suggestedHeap(long bytes) {
        double need = bytes / USABLE;
        if (need >= GIB) {
            return (long) Math.ceil(need / GIB) + "g";
        }
        return Math.max(64, (long) Math.ceil(need / (1 << 20) / 64) * 64) + "m";
    }

    /** A size for people: "3.1 GiB", or "45 MiB" below a GiB. */
    public static String format(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
        }
        return String.format(Locale.ROOT, "%d MiB", (long) Math.ceil(bytes / (1024.0 * 1024)));
    }

    /**
     * Refuses work that needs {@code bytes} of heap when the JVM has {@code maxHeap}: one line naming
     * {@code field}, what needs it, the estimate and the heap (for the commands that are not runs).
     *
     * @param what    "the kernel matrix of 5000 points"
     * @param smaller how to make it smaller: "fewer points"
     */
    public static void require(long bytes, long maxHeap, String field, String what, String smaller) {
        long need = saturated((double) bytes + BASELINE);
        if (need > maxHeap * USABLE) {
            throw new ConfigException(
                    field,
                    what + " needs about " + format(need) + " of heap, the JVM has " + format(maxHeap) + "; " + smaller
                            + ", or give the JVM more heap (-Xmx" + suggestedHeap(need) + ")");
        }
    }

    // ---------------------------------------------------------------- the other commands

    /**
     * {@link WidthScaling} at {@code widths}: the data, at the widest ensemble its prior (mean and
     * standard deviation), a member's θ and the network's buffers, and the moments to order 6 on the
     * mesh in {@value WidthScaling#BLOCKS} batches with their total and two sets of correlators.
     *
     * @param meshPoints M, the points of the mesh
     */
    public static long ofWidthScaling(ExperimentConfig base, int meshPoints, List<Integer> widths) {
        Path here = Path.of("");
        Shape s = Shape.of(base, here);
        double m = meshPoints;
        double widest = 0;
        for (int width : widths) {
            Shape w = Shape.of(WidthScaling.withLastWidth(base, width), here);
            widest = Math.max(widest, 3 * doubles(w.parameters) + 3 * doubles(w.widths));
        }
        double moments = (WidthScaling.BLOCKS + 5) * doubles(multisets(m, 6));
        // one coupling estimate at a time: the unpacked order-6 tensors (G_c^(6), its transform, Λ6 and
        // the transform's buffers) and the quartic ones
        double m6 = m * m * m * m * m * m;
        double couplings = 6 * doubles(m6) + 6 * doubles(m * m * m * m);
        return saturated(dataBytes(base, s) + widest + moments + couplings);
    }

    /** The cos-net's propagator tables: {@code neurons} frequencies b_i of {@code dimension} and phases. */
    public static long ofCosNetTables(int neurons, int dimension) {
        return saturated(rows(neurons, dimension) + doubles(neurons));
    }

    /**
     * A trained cos-net of {@code width} neurons on {@code points} inputs: the n×N features (twice:
     * for the learning-rate bound and for training), the posterior's N×n products, its n×n and N×N
     * matrices and the eigendecomposition of the n×n Gram matrix.
     */
    public static long ofCosNetTraining(int width, int points, int dimension) {
        double n = points;
        double w = width;
        return saturated(2 * rows(n, w)
                + 3 * rows(w, n)
                + rows(n, n)
                + rows(w, w)
                + 5 * doubles(n * n)
                + rows(n, dimension)
                + rows(w, dimension));
    }

    /** The NNGP kernel matrix of {@code points} inputs: two n×n layers at a time and the pair index. */
    public static long ofNngpKernel(int points, int dimension) {
        double n = points;
        return saturated(2 * rows(n, n) + 2 * ints(n * (n + 1) / 2) + rows(n, dimension));
    }

    /**
     * The renormalized GP against a run: the run's files read whole ({@code fileBytes}: predictions,
     * Fisher diagonal, read-outs, members table), and with {@code draws} Monte Carlo draws of the
     * hidden layers (0 for the closed form) their Φ, Ψ_d and Ψ_o on the mesh of {@code meshPoints}
     * points, and a draw's θ and features.
     */
    public static long ofGpComparison(long fileBytes, int draws, int meshPoints, ExperimentConfig run) {
        double m = meshPoints;
        Shape s = Shape.of(run, Path.of(""));
        double monteCarlo = draws == 0
                ? 0
                : draws * (2 * rows(m, m) + doubles(m) + 24) + 3 * doubles(s.parameters) + rows(m, s.width);
        // a file read whole is held as read and once more as rows
        return saturated(2.0 * fileBytes + monteCarlo);
    }

    // ---------------------------------------------------------------- sizes of arrays

    /** A Java array of {@code length} elements of {@code elementBytes} each: 16-byte header, 8-byte aligned. */
    static double array(double length, int elementBytes) {
        return Math.ceil((16 + length * elementBytes) / 8) * 8;
    }

    /** A double[] (references count as 8 bytes too: an upper bound with or without compressed oops). */
    static double doubles(double length) {
        return array(length, 8);
    }

    static double ints(double length) {
        return array(length, 4);
    }

    /** A double[rows][columns]. */
    static double rows(double rows, double columns) {
        return doubles(rows) + rows * doubles(columns);
    }

    private static long saturated(double bytes) {
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(bytes);
    }

    // ---------------------------------------------------------------- the run's shape

    /**
     * The sizes a run's arrays follow from (as doubles: a typo's product must not overflow).
     *
     * @param d          input dimension
     * @param width      N, the feature width (last hidden layer; d without one)
     * @param parameters P, every parameter of the network
     * @param readout    the read-out's parameters
     * @param trainable  the parameters trained and coarse grained
     * @param layerSum   the widths of the hidden layers before the last, summed
     * @param widths     every hidden width and d, summed (the network's per-input buffers)
     * @param entries    K + 1 flow entries
     * @param lossPoints points of a loss curve
     * @param checkpoints training checkpoints recorded on the mesh
     * @param mesh       M, the nnft mesh's points
     * @param train      training points (and test, Fisher)
     * @param csvRows    rows of a CSV data file as an upper bound (lines), or 0
     * @param meshRows   rows of a CSV mesh file (lines), or 0
     * @param duringTraining whether every member also runs the flow at its training checkpoints
     */
    private record Shape(
            double d,
            double width,
            double parameters,
            double readout,
            double trainable,
            double layerSum,
            double widths,
            double entries,
            double lossPoints,
            double checkpoints,
            double mesh,
            double train,
            double test,
            double fisher,
            double csvRows,
            double meshRows,
            boolean duringTraining) {
        static Shape of(ExperimentConfig c, Path base) {
            NetworkConfig n = c.network();
            DataConfig data = c.data();
            double d = data.probe().size();
            double in = d;
            double parameters = 0;
            double layerSum = 0;
            double widths = d;
            List<LayerConfig> hidden = n.hidden();
            for (int l = 0; l < hidden.size(); l++) {
                LayerConfig layer = hidden.get(l);
                parameters += in * layer.width() + (layer.bias() ? layer.width() : 0);
                in = layer.width();
                widths += layer.width();
                if (l < hidden.size() - 1) {
                    layerSum += layer.width();
                }
            }
            // a classifier's read-out has K rows; its outputs, K per point, are counted on the sets below
            double outputs = c.outputsPerPoint();
            double readout = outputs * (in + (n.outputBias() ? 1 : 0));
            parameters += readout;
            double trainable = n.trainable() == NetworkConfig.Trainable.LAST
                            || c.brg().scope() == dev.bayesrg.config.BrgConfig.Scope.READOUT
                    ? readout
                    : parameters;
            if (c.ensemble().outputsOnly()) {
                // members known by their outputs alone: the network of the configuration is not built
                in = 0;
                parameters = 0;
                readout = 0;
                trainable = 0;
                layerSum = 0;
                widths = d;
            }
            double csvRows = data.source() == DataConfig.Source.CSV ? lines(base, data.csv()) : 0;
            NnftConfig nnft = c.nnft();
            double meshRows = nnft.mesh() == NnftConfig.Mesh.CSV ? lines(base, nnft.csv()) : 0;
            double mesh = switch (nnft.mesh()) {
                case TEST -> Math.min(nnft.points(), data.test());
                case LINE -> nnft.line().points();
                case GRID ->
                    (double) nnft.grid().points().get(0) * nnft.grid().points().get(1);
                case CSV -> meshRows > 0 ? Math.min(meshRows, NnftConfig.MAX_POINTS) : NnftConfig.MAX_POINTS;
            };
            return new Shape(
                    d,
                    in,
                    parameters,
                    readout,
                    trainable,
                    layerSum,
                    widths,
                    c.brg().cutoffs().size() + 1.0,
                    Math.ceil((double) c.train().epochs() / c.train().lossEvery()),
                    TrainingCheckpoints.count(c.train().epochs(), c.nnft().snapshotEvery()),
                    mesh * outputs,
                    data.train(),
                    // a classifier's predictions and Fisher rows: K per test and Fisher input (an
                    // overcount of the inputs themselves, which errs on the safe side)
                    data.test() * outputs,
                    data.fisher() * outputs,
                    csvRows,
                    meshRows,
                    c.brg().duringTraining());
        }

        double largestSet() {
            return Math.max(train, Math.max(test, fisher));
        }
    }

    /**
     * The lines of a regular text file, an upper bound of its data rows (header, comments and blank
     * lines count too); 0 if it is not one or cannot be read (reading the data will say why).
     */
    static double lines(Path base, String file) {
        if (file == null) {
            return 0;
        }
        Path path;
        try {
            path = base.resolve(file);
        } catch (java.nio.file.InvalidPathException e) {
            return 0;
        }
        if (!Files.isRegularFile(path)) {
            return 0; // a device or pipe would never end (/dev/zero): reading the data will say what it is
        }
        long lines = 0;
        int last = '\n';
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (n > 0) {
                    last = buffer[n - 1];
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return last == '\n' ? lines : lines + 1;
    }

    // ---------------------------------------------------------------- the parts

    /** Dataset rows [n][d] with their targets. */
    private static double dataset(double n, double d) {
        return rows(n, d) + doubles(n);
    }

    private static double dataBytes(ExperimentConfig c, Shape s) {
        double sets = dataset(s.train, s.d) + dataset(s.test, s.d) + dataset(s.fisher, s.d);
        double bytes = sets + doubles(s.d) + rows(s.mesh, s.d);
        DataConfig data = c.data();
        if (data.inputCovariance() != null) {
            // the configuration's boxed matrix, its copy and its Cholesky factor
            bytes += s.d * s.d * 24 + 2 * rows(s.d, s.d);
        }
        if (data.source() == DataConfig.Source.CSV) {
            double rows = Math.max(s.csvRows, s.train + s.test + s.fisher);
            // while parsed: each row as read (x, y) and as an input x, list slots, targets, the shuffle
            bytes += rows * (doubles(s.d + 1) + doubles(s.d) + 24) + doubles(rows) + ints(rows);
        }
        // a CSV mesh is parsed whole before its size is checked
        bytes += s.meshRows * (doubles(s.d) + 16);
        return bytes;
    }

    /** One member's {@link MemberResult}, its arrays and objects. */
    static double memberBytes(Shape s) {
        return 160
                + rows(s.entries, s.test)
                + 2 * doubles(s.entries)
                + ints(s.entries)
                + doubles(s.trainable)
                + ints(s.trainable)
                + doubles(s.lossPoints)
                + doubles(s.readout)
                + rows(s.entries, s.mesh)
                + rows(s.checkpoints, s.mesh)
                + doubles(s.entries - 1)
                + trainingFlowBytes(s);
    }

    /** A member's {@link TrainingFlow}: the test MSE per checkpoint and flow entry, the rank correlations. */
    private static double trainingFlowBytes(Shape s) {
        return s.duringTraining ? 32 + rows(s.checkpoints, s.entries) + doubles(s.checkpoints) : 0;
    }

    /** How many of {@code members} members measure the Fisher geometry (an upper bound for a shard). */
    private static double geometryMembers(ExperimentConfig c, int members) {
        Integer g = c.fisher().geometryMembers();
        return g == null ? members : Math.min(members, g);
    }

    /** A member's {@link MemberGeometry}: the spectrum and six values per cutoff, in five objects. */
    private static double geometryBytes(Shape s) {
        return 5 * 32 + doubles(s.fisher) + 6 * doubles(s.entries - 1) + 8 * doubles(0);
    }

    /**
     * The Fisher eigenbasis of one member: the n_F × P Jacobian, the Gram matrix and its
     * decomposition's working copies and vectors, the directions formed (at most n_F, and the product
     * they are formed in), and the coarse graining's and the geometry's P-long vectors.
     */
    private static double eigenbasisBytes(Shape s) {
        return 3 * doubles(s.fisher * s.trainable)
                + s.fisher * 16
                + 10 * doubles(s.fisher * s.fisher)
                + 12 * doubles(s.trainable)
                + gramSpaceStepsBytes(s);
    }

    /**
     * The Gram-space flow's steps (the run's eigenbasis flow, or a geometry member's comparison flow
     * in it): ξ and at most one change per cutoff, formed as one product of K + 1 rows of the flowed
     * parameters and copied out of it.
     */
    private static double gramSpaceStepsBytes(Shape s) {
        return 2 * doubles(s.entries * s.trainable) + (s.entries + 1) * 16;
    }

    /**
     * A run flowing in the eigenbasis measures its entries four at a time (MemberPipeline's
     * EntryBatch): four copies of θ, their read-out weights stacked for the product with the test
     * (and mesh) columns, and its outputs.
     */
    private static double eigenEntryBatchBytes(Shape s) {
        return 4 * doubles(s.parameters) + 2 * doubles(4 * s.readout) + 2 * doubles(4 * Math.max(s.test, s.mesh));
    }

    /**
     * The ensemble's shared metric ({@code fisher.at} ensemble-mean or ensemble-average) while it is
     * formed and while the members flow by it: the diagonal and the summed parameters; the members'
     * gradients of one round in flight; for the average, the stacked gradients and every thread's
     * eigenbasis of them, or the dense P × P average with the eigendecomposition's working copies,
     * its eigenvectors and the factor √λ_k v_k (seven P × P arrays at most), and the groups' Gram
     * products in flight.
     */
    private static double ensembleMetricBytes(ExperimentConfig c, Shape s, int threads) {
        dev.bayesrg.config.FisherConfig.At at = c.fisher().at();
        if (!at.shared()) {
            return 0;
        }
        double p = s.trainable;
        double round = 4.0 * threads * (doubles(s.fisher * p) + doubles(s.parameters) + 4 * doubles(p));
        double base = round + 4 * doubles(s.parameters) + 2 * doubles(p);
        if (!EnsembleMetric.needsFactor(c)) {
            return base;
        }
        if (at == dev.bayesrg.config.FisherConfig.At.ENSEMBLE_MEAN) {
            return base + doubles(s.fisher * p);
        }
        double stacked = (double) c.ensemble().members() * s.fisher;
        if (stacked <= p) {
            return base + doubles(stacked * p) + threads * (2 * doubles(stacked * p) + 10 * doubles(stacked * stacked));
        }
        // and per thread a group's Gram product: 8 members' stacked gradients, their transpose, the
        // kernel's scratch and the P × P product
        return base + 7 * doubles(p * p) + threads * (3 * doubles(8.0 * s.fisher * p) + doubles(p * p));
    }

    /** The bytes of one member's checkpoint record (as {@link Checkpoint} encodes it). */
    private static double recordBytes(Shape s) {
        double payload = 13
                + 8 * s.entries * s.test
                + 20 * s.entries
                + 4
                + 8 * s.trainable
                + 4
                + 4 * s.trainable
                + 4
                + 8 * s.lossPoints
                + 12
                + 8 * s.readout
                + 8
                + 8 * s.entries * s.mesh
                + 8
                + 8 * s.checkpoints * s.mesh
                + 4
                + 8 * (s.entries - 1)
                + 8
                + 8 * s.fisher
                + 48 * (s.entries - 1)
                + (s.duringTraining ? 12 + 8 * s.checkpoints * (s.entries + 1) : 0);
        return 16 + payload;
    }

    /** One thread's working arrays while it computes members. */
    private static double workerBytes(ExperimentConfig c, Shape s) {
        double network = doubles(s.widths) * 3 + 4096;
        boolean eigen = c.brg().basis() == dev.bayesrg.config.BrgConfig.Basis.EIGEN
                || geometryMembers(c, c.ensemble().members()) > 0;
        // and the Fisher Gram product's scratch, which the pipeline keeps from member to member
        network += eigen ? eigenbasisBytes(s) + doubles(gramScratch(s.fisher, s.trainable)) : 0;
        network += c.brg().basis() == dev.bayesrg.config.BrgConfig.Basis.EIGEN ? eigenEntryBatchBytes(s) : 0;
        network += duringTrainingBytes(s);
        if (c.network().trainable() != NetworkConfig.Trainable.LAST) {
            // prior mean and std, a shared hidden draw, θ initial, trained and flowed, the trainer's
            // θ and two gradients, the Fisher sums and gradient
            return network + 12 * doubles(s.parameters);
        }
        double n = s.train;
        double w = s.width;
        MemberPipeline.ReadoutSolver solver = MemberPipeline.readoutSolver(c, (int) n, (int) w);
        double gramScratch = switch (solver) {
            case PRIMAL -> 0;
            // the covariance is the Gram matrix of Φ's N columns, each n long
            case PRIMAL_TRIDIAGONAL, PRIMAL_CLOSED_FORM -> gramScratch(w, n);
            case DUAL, TRIDIAGONAL, CLOSED_FORM -> gramScratch(n, w);
        };
        // the training and Fisher features, the mesh's and its columns, and the scratch the trainer
        // works in and the test features' columns then fill (the test set has no row-major buffer)
        double buffers = doubles(s.train * w)
                + doubles(s.fisher * w)
                + 2 * doubles(s.mesh * w)
                + doubles(Math.max(gramScratch, s.test * w));
        // the hidden layers of one set at a time: its inputs and every hidden activation before the
        // last; for the test columns a block of 512 units (its weights, biases, outputs and their
        // transpose) and the four partial sums of their dots
        double block = Math.min(512, w);
        double features = doubles(s.largestSet() * s.d)
                + 2 * doubles(s.largestSet() * s.layerSum)
                + doubles(w)
                + doubles(block * Math.max(s.layerSum, s.d))
                + doubles(block)
                + 2 * doubles(s.test * block)
                + 4 * doubles(s.test);
        double trainer = switch (solver) {
            // the Gram matrix, the decomposition's working copy, its vectors and their extraction
            case CLOSED_FORM -> 5 * doubles(n * n) + 8 * doubles(n);
            case DUAL, TRIDIAGONAL -> doubles(n * n) + 8 * doubles(n);
            // C (N'×N', reduced in place), b, the rotated weights, moment, gradient, θ at the end and
            // the Householder vectors, and the bias's feature sums
            case PRIMAL_TRIDIAGONAL -> doubles(s.readout * s.readout) + 10 * doubles(s.readout);
            // as the dual closed form, on the N'×N' covariance, and its b, weights and modes
            case PRIMAL_CLOSED_FORM -> 5 * doubles(s.readout * s.readout) + 12 * doubles(s.readout);
            case PRIMAL -> 2 * doubles(n);
        };
        // prior mean and std, a shared hidden draw, Wᵀ of the hidden layers, θ initial, trained and flowed
        double parameters = 8 * doubles(s.parameters);
        double measuring = doubles(s.test) + doubles(s.mesh) + 4 * doubles(s.readout);
        return network + buffers + features + trainer + parameters + measuring;
    }

    /**
     * The flow during training of one member: θ_t kept at every checkpoint, and at one checkpoint at a
     * time its Fisher diagonal (with the whole network's sums and gradient), the two rank vectors and
     * the boxed sort order of the rank correlation, and the flow's test predictions and pre-activations.
     */
    private static double duringTrainingBytes(Shape s) {
        if (!s.duringTraining) {
            return 0;
        }
        return doubles(s.checkpoints)
                + s.checkpoints * doubles(s.parameters)
                + 3 * doubles(s.parameters)
                + 2 * (doubles(s.trainable) + ints(s.trainable) + 16 * s.trainable)
                + 2 * doubles(s.trainable)
                + 3 * doubles(s.test)
                + doubles(s.readout)
                + 512;
    }

    /**
     * What {@code Kernels.gramScratchLength} asks for, with the vector kernels' padding (at most 16
     * rows): a slab of at most 256 transposed features and the padded n × n product.
     */
    private static double gramScratch(double n, double width) {
        double padded = Math.ceil(n / 16) * 16;
        return padded * Math.min(width, 256) + padded * padded;
    }

    private static double writingBytes(Shape s, double members) {
        // test_inputs.npy and mesh_inputs.npy flattened, two buffered files and a chunk, the flow
        // statistics' sorted columns, summary.json and flow.csv as text
        return doubles(s.test * s.d)
                + doubles(s.mesh * s.d)
                + 4 * 65536
                + 2 * doubles(members)
                + 3 * doubles(members)
                + s.entries * 4096;
    }

    /** Σ_{r ≤ order} C(M + r − 1, r): the moments of a field on M points up to that order. */
    static double multisets(double m, int order) {
        double total = 0;
        double term = 1;
        for (int r = 1; r <= order; r++) {
            term = term * (m + r - 1) / r;
            total += term;
        }
        return total;
    }

    private static double fieldTheoryBytes(Shape s, double members) {
        double m = s.mesh;
        if (m == 0) {
            return 0;
        }
        double moments = multisets(m, 4);
        // mesh_outputs.npy and mesh_training.npy read whole
        double read = doubles(members * s.entries * m) + doubles(members * s.checkpoints * m) + 65536;
        // a snapshot: mean, kernel, κ4 diagonal, the free action's kernel and inverse
        double snapshot = 3 * rows(m, m) + 3 * doubles(m) + 256;
        // kept for every flow entry: the accumulated sums, the central and connected correlators, the snapshot
        double perEntry = 3 * doubles(moments) + snapshot + 512;
        // one ensemble at a time: its fields, sums, correlators; the M⁴ quartic tensor's three copies
        double oneAtATime = members * (doubles(m) + 16) + 3 * doubles(moments) + 3 * doubles(m * m * m * m);
        // snapshots.json as a tree and as text, kernels.npy and training_kernels.npy flattened
        double numbers =
                s.entries * (m * m + 5 * m + 10) + s.checkpoints * (m * m + 3 * m + 10) + s.entries * s.checkpoints;
        double files = numbers * 128 + doubles(s.entries * m * m) + doubles(s.checkpoints * m * m);
        return read + s.entries * perEntry + s.checkpoints * snapshot + oneAtATime + files;
    }

    private static double reportBytes(Shape s, double members) {
        // the Fisher spectrum (every member's F_ii, twice), the loss curves boxed and as series, the
        // probe's moments, snapshots.json read back, the drawing
        double numbers =
                s.entries * (s.mesh * s.mesh + 5 * s.mesh + 10) + s.checkpoints * (s.mesh * s.mesh + 3 * s.mesh + 10);
        // the flows during training read back: the two arrays as read, and as one object per member
        double training = s.duringTraining
                ? 2 * doubles(members * s.checkpoints * (s.entries + 1)) + members * trainingFlowBytes(s)
                : 0;
        return 2 * doubles(members * s.trainable)
                + training
                + members * s.lossPoints * 56
                + members * s.entries * 16
                + 4 * doubles(members)
                + numbers * 64
                + REPORT_DRAWING;
    }
}
