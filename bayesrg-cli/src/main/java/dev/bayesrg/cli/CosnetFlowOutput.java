package dev.bayesrg.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.io.AtomicFiles;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.nngp.CosNetFlow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The table and files of {@code bayesrg cosnet --train}: one row per information cutoff ε. */
final class CosnetFlowOutput {
    static final String CSV = "cosnet_flow.csv";
    static final String JSON = "cosnet_flow.json";
    private static final String[] COLUMNS = {
        "epsilon",
        "sloppy_count",
        "sloppy_fraction",
        "sigma_eff2",
        "field_scale",
        "mass2_renormalized",
        "cutoff_renormalized",
        "lambda_info",
        "sloppy_above_share",
        "stiff_below_share"
    };

    private CosnetFlowOutput() {}

    private static double[] cells(CosNetFlow.Step s) {
        return new double[] {
            s.epsilon(),
            s.sloppyCount(),
            s.sloppyFraction(),
            s.effectiveVariance(),
            s.fieldScale(),
            s.renormalizedMass2(),
            s.renormalizedCutoff(),
            s.informationMomentum(),
            s.sloppyAboveShare(),
            s.stiffBelowShare()
        };
    }

    static void print(CosNetFlow.Setup setup, int width, int points, CosNetFlow.Result r, PrintWriter w) {
        w.printf(
                Locale.ROOT,
                "Trained read-out of N = %d neurons on n = %d inputs (%d epochs, eta = %s):"
                        + " training MSE of the mean %.4g, tr Sigma_T + |mu_T|^2 = %.6g (prior sigma_a^2 = %s)%n",
                width,
                points,
                setup.epochs(),
                Csv.number(setup.learningRate()),
                r.trainingError(),
                r.trainedVariance(),
                Csv.number(setup.sigmaA2()));
        w.printf(
                Locale.ROOT,
                "%10s %7s %9s %12s %12s %12s %12s %12s %12s %12s%n",
                "epsilon",
                "sloppy",
                "fraction",
                "sigma_eff^2",
                "sqrt(s2 A)",
                "m'^2",
                "Lambda(eps)",
                "Lambda_info",
                "sloppy>Li",
                "stiff<=Li");
        for (CosNetFlow.Step s : r.steps()) {
            w.printf(
                    Locale.ROOT,
                    "%10.4g %7d %9.4f %12.6g %12.6g %12.6g %12.6g %12.6g %12.4f %12.4f%n",
                    s.epsilon(),
                    s.sloppyCount(),
                    s.sloppyFraction(),
                    s.effectiveVariance(),
                    s.fieldScale(),
                    s.renormalizedMass2(),
                    s.renormalizedCutoff(),
                    s.informationMomentum(),
                    s.sloppyAboveShare(),
                    s.stiffBelowShare());
        }
        w.println("(Lambda(eps) re-labels the prefactor A; the frozen b_j still span the ball of radius Lambda.)");
    }

    static void write(Path dir, CosNetFlow.Setup setup, int width, int points, CosNetFlow.Result r) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        ObjectNode json = Json.object();
        json.put("dimension", setup.dimension());
        Json.put(json, "cutoff", setup.cutoff());
        Json.put(json, "mass", setup.mass());
        Json.put(json, "sigma_a2", setup.sigmaA2());
        Json.put(json, "noise_variance", setup.noiseVariance());
        Json.put(json, "sloppy_variance", setup.sloppyVariance());
        Json.put(json, "learning_rate", setup.learningRate());
        json.put("epochs", setup.epochs());
        json.put("width", width);
        json.put("points", points);
        Json.put(json, "trained_variance", r.trainedVariance());
        Json.put(json, "training_mse", r.trainingError());
        ArrayNode flow = json.putArray("flow");
        for (CosNetFlow.Step s : r.steps()) {
            double[] v = cells(s);
            ObjectNode o = flow.addObject();
            for (int i = 0; i < v.length; i++) {
                csv.append(i == 0 ? "" : ",").append(i == 1 ? Integer.toString(s.sloppyCount()) : Csv.number(v[i]));
                if (i == 1) {
                    o.put(COLUMNS[i], s.sloppyCount());
                } else {
                    Json.put(o, COLUMNS[i], v[i]);
                }
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(dir.resolve(CSV), csv.toString());
        Json.write(dir.resolve(JSON), json);
    }
}
