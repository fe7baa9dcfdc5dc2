package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.Preset;

/**
 * The version of the run-directory format and the one place where files of older versions are
 * brought up to date. {@link RunWriter} stamps {@value #KEY} into {@code summary.json} and
 * {@code resume.json}; {@link RunFiles} and {@link ResumeState} pass what they read through
 * {@link #migrate} before anything else looks at it, so no other reader needs to know what an older
 * bayesrg wrote.
 *
 * <p>Versions: 1, every directory written before the stamp existed; 2, the first stamped one. A
 * version-1 configuration may lack {@code network.sharedHidden} (those runs drew per-member hidden
 * layers) and the {@code nnft} section (those runs recorded the default mesh, the first test
 * inputs); its members.csv may lack {@code train_loss}, and its directory {@code readout.npy} and
 * the mesh files, which the readers of those files report as absent. Version 3 added
 * {@code brg.cutoffScale}, {@code brg.basis}, {@code brg.scope} and {@code fisher.geometryMembers};
 * a version-1 or -2 configuration lacks them, ran on the absolute scale with the diagonal flow over
 * the trainable parameters and measured no Fisher geometry (nor has its directory the geometry files),
 * and its directory lacks {@code cutoffs.npy} and {@code critical_interval}, and had its critical
 * cutoff measured from the first cutoff ({@link RunFiles#memberCutoffs} and {@link RunSummary}
 * read them as absent). {@code brg.duringTraining} came within version 3 and adds files only when
 * it is true: a configuration without it (of any version) measured nothing during training, and
 * reads as false. {@code fisher.at} came within version 3 too: a configuration without it ranked each
 * member by its own metric, and reads as {@code member}.
 */
public final class RunFormat {
    /** The format this version of bayesrg writes. */
    public static final int CURRENT = 3;

    /** The key of the format version in {@code summary.json} and {@code resume.json}. */
    public static final String KEY = "format_version";

    private RunFormat() {}

    /** The format version of a summary or resume-state tree: 1 when it carries none. */
    public static int versionOf(JsonNode tree) {
        JsonNode v = tree.get(KEY);
        return v == null || !v.canConvertToInt() ? 1 : v.asInt();
    }

    /**
     * {@code tree} (a summary or resume state, whose {@code config} holds the run's configuration)
     * brought to {@link #CURRENT}, as a new tree; a tree of a newer format than this bayesrg reads is
     * refused, naming the file.
     *
     * @param file where the tree was read, for the message
     */
    public static ObjectNode migrate(JsonNode tree, String file) {
        if (!tree.isObject()) {
            throw new dev.bayesrg.config.ConfigException(file, "is not a JSON object");
        }
        int version = versionOf(tree);
        if (version > CURRENT) {
            throw new dev.bayesrg.config.ConfigException(
                    file,
                    "is in run-directory format " + version + "; this bayesrg reads formats 1 to " + CURRENT
                            + " (read it with a newer bayesrg)");
        }
        ObjectNode copy = tree.deepCopy();
        if (version < 2 && copy.get("config") instanceof ObjectNode config) {
            if (config.get("network") instanceof ObjectNode network && !network.has("sharedHidden")) {
                network.put("sharedHidden", false);
            }
            if (!config.has("nnft")) {
                config.set("nnft", ConfigLoader.presetTree(Preset.PAPER).get("nnft"));
            }
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("network") instanceof ObjectNode network
                && !network.has("architecture")) {
            // written before network.architecture existed: a multilayer perceptron
            network.put("architecture", "mlp");
            network.set(
                    "cosnet",
                    ConfigLoader.presetTree(Preset.PAPER).get("network").get("cosnet"));
        }
        if (version < 3 && copy.get("config") instanceof ObjectNode config) {
            if (config.get("brg") instanceof ObjectNode brg) {
                if (!brg.has("cutoffScale")) {
                    brg.put("cutoffScale", "absolute");
                }
                if (!brg.has("basis")) { // the diagonal flow over the trainable parameters
                    brg.put("basis", "diagonal");
                    brg.putNull("scope");
                }
            }
            if (config.get("fisher") instanceof ObjectNode fisher && !fisher.has("geometryMembers")) {
                fisher.put("geometryMembers", 0); // no member measured the geometry
            }
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("brg") instanceof ObjectNode brg
                && !brg.has("duringTraining")) {
            brg.put("duringTraining", false); // written before the option existed: nothing measured in training
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("fisher") instanceof ObjectNode fisher
                && !fisher.has("at")) {
            fisher.put("at", "member"); // written before the option existed: each member's own metric
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("nnft") instanceof ObjectNode nnft
                && !nnft.has("order")) {
            nnft.put("order", 4); // written before the option existed: measured to order 4
        }
        if (copy.get("config") instanceof ObjectNode config) {
            JsonNode paper = ConfigLoader.presetTree(Preset.PAPER).get("posterior");
            if (!config.has("posterior")) {
                // written before the option existed: members trained by gradient descent
                config.set("posterior", paper);
            } else if (config.get("posterior") instanceof ObjectNode posterior && !posterior.has("langevin")) {
                posterior.set("langevin", paper.get("langevin")); // written before langevin existed
            }
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("train") instanceof ObjectNode train
                && !train.has("loss")) {
            train.put("loss", "mse"); // written before the option existed: the squared error
            train.put("huberDelta", 1.0);
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("train") instanceof ObjectNode train
                && !train.has("divergenceFactor")) {
            // written before the growth test existed: judged by train.divergenceLoss alone
            train.putNull("divergenceFactor");
            train.put("divergenceBound", false);
        }
        if (copy.get("config") instanceof ObjectNode config
                && config.get("data") instanceof ObjectNode data
                && !data.has("classes")) {
            data.put("classes", 2); // written before multi-class tasks existed: binary labels at most
        }
        copy.put(KEY, CURRENT);
        return copy;
    }
}
