package dev.bayesrg.report;

import dev.bayesrg.run.FlowEntry;
import dev.bayesrg.run.PredictiveQuality;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Predictive quality along the flow ({@link PredictiveQuality}, flow.csv's predictive columns):
 * (a) the negative log-likelihood of the test targets under the renormalized ensemble's Gaussian
 * predictive N(μ, v + σ²), (b) the coverage of its central 50, 90 and 95 % intervals against their
 * nominal levels, (c) the test MSE of the ensemble-mean predictor (bias²) and the ensemble variance,
 * whose sum is the members' mean test MSE, with the members' mean training MSE after coarse graining
 * (the generalisation gap is the distance from it to bias² + variance). Under another {@code train.loss}
 * the training line is that loss; a softmax classifier's predictive is categorical (its credible sets
 * and the Brier score's split, {@link PredictiveQuality}).
 *
 * @param axis          the cutoffs and ε_c
 * @param flow          flow.csv, entry 0 the trained ensemble
 * @param noiseVariance σ² of the predictive ({@code fisher.noiseVariance})
 * @param loss          what the training loss is ({@code train.loss}), and whether the run is a classifier
 */
record PredictiveQualityFigure(CutoffAxis axis, List<FlowEntry> flow, double noiseVariance, LossLabel loss) {
    static final String NAME = "predictive_quality";

    /** The figure of a squared error. */
    PredictiveQualityFigure(CutoffAxis axis, List<FlowEntry> flow, double noiseVariance) {
        this(axis, flow, noiseVariance, LossLabel.MSE);
    }

    FigureFile draw() {
        boolean classifier = loss.classifier();
        String score = classifier ? "Brier score" : "MSE";
        Plot nllPanel = new Plot("(a) predictive negative log-likelihood", null, "NLL per test point (nats)");
        Plot coveragePanel = new Plot(
                classifier
                        ? "(b) coverage of the predictive's credible sets"
                        : "(b) coverage of the predictive's central intervals",
                null,
                "coverage");
        Plot msePanel = new Plot(
                classifier ? "(c) bias² and variance of the Brier score" : "(c) bias² and variance of the test MSE",
                axis.title(),
                score);
        for (Plot c : List.of(nllPanel, coveragePanel, msePanel)) {
            c.stacked();
            c.getStyler().setLegendPosition(LegendPosition.InsideNW);
            // three panels in one figure: smaller type, so that a log axis' labels find room
            c.getStyler().setAxisTickLabelsFont(new java.awt.Font(Palette.FONT, java.awt.Font.PLAIN, 11));
            c.getStyler().setLegendFont(new java.awt.Font(Palette.FONT, java.awt.Font.PLAIN, 10));
        }
        coveragePanel.getStyler().setLegendPosition(LegendPosition.InsideSW);
        double[] nll = CutoffAxis.perEntry(flow, e -> e.predictive().nll());
        double[] nllRange = Axes.paddedRange(Axes.values(nll), false);
        if (nllRange == null) {
            nllPanel.noData("no predictive: no member left, or a run written before it was measured");
        } else {
            nllPanel.yAxis(nllRange, false);
            axis.trainedReference(nllPanel, nll[0], "trained");
            axis.line(
                    nllPanel,
                    "NLL",
                    CutoffAxis.atCutoffs(nll),
                    Palette.BLUE,
                    Palette.SOLID,
                    SeriesMarkers.CIRCLE,
                    false);
            axis.criticalLine(nllPanel, nllRange);
        }

        double[][] coverage = {
            CutoffAxis.perEntry(flow, e -> e.predictive().coverage50()),
            CutoffAxis.perEntry(flow, e -> e.predictive().coverage90()),
            CutoffAxis.perEntry(flow, e -> e.predictive().coverage95())
        };
        if (Axes.paddedRange(Axes.values(coverage[0], coverage[1], coverage[2]), false) == null) {
            coveragePanel.noData("no predictive: no member left, or a run written before it was measured");
        } else {
            double[] range = {0.0, 1.05};
            coveragePanel.yAxis(range, false);
            java.awt.Color[] colours = {Palette.GREEN, Palette.ORANGE, Palette.VERMILLION};
            double[] nominal = {0.5, 0.9, 0.95};
            for (int l = 0; l < 3; l++) {
                String level = Format.percent(100 * nominal[l]);
                axis.line(
                        coveragePanel,
                        level + (classifier ? " set" : " interval"),
                        CutoffAxis.atCutoffs(coverage[l]),
                        colours[l],
                        Palette.SOLID,
                        SeriesMarkers.CIRCLE,
                        false);
                coveragePanel.horizontal("nominal " + level, nominal[l], colours[l], Palette.DOTTED);
                coveragePanel.getSeries("nominal " + level).setShowInLegend(false); // the caption says so
            }
            axis.criticalLine(coveragePanel, range);
        }

        double[] bias = CutoffAxis.perEntry(flow, e -> e.predictive().biasSquared());
        double[] variance = CutoffAxis.perEntry(flow, e -> e.predictive().variance());
        double[] train = CutoffAxis.perEntry(flow, FlowEntry::trainMseMean);
        List<Double> ys = Axes.values(bias, variance, train);
        boolean logY = Axes.wantsLog(ys);
        double[] mseRange = Axes.paddedRange(ys, logY);
        if (mseRange == null) {
            msePanel.noData("no predictive: no member left, or a run written before it was measured");
        } else {
            msePanel.yAxis(mseRange, logY);
            if (logY) {
                msePanel.setYAxisTitle(score + "  (log scale)");
                // a low panel: every other decade labelled once the axis spans more than three
                double lo = Math.log10(mseRange[0]);
                double hi = Math.log10(mseRange[1]);
                int step = hi - lo > 3 ? 2 : 1;
                // XChart 4 draws no tick at all on a log axis shorter than the x axis' tick spacing hint
                // (a panel a third of the figure high is); on a log x axis the hint only sets that threshold
                if (axis.logarithmic()) {
                    msePanel.getStyler()
                            .setXAxisTickMarkSpacingHint(
                                    Math.min(40, msePanel.getStyler().getXAxisTickMarkSpacingHint()));
                }
                msePanel.setCustomYAxisTickLabelsFormatter(v -> {
                    double e = v > 0 ? Math.log10(v) : Double.NaN;
                    long r = Math.round(e);
                    return Math.abs(e - r) < 1e-6 && Math.floorMod(r, step) == 0 ? Format.tick(v) : "";
                });
            }
            axis.line(
                    msePanel,
                    classifier ? "bias² (ensemble-mean Brier)" : "bias² (ensemble-mean MSE)",
                    CutoffAxis.atCutoffs(bias),
                    Palette.BLUE,
                    Palette.SOLID,
                    SeriesMarkers.CIRCLE,
                    logY);
            axis.line(
                    msePanel,
                    "variance",
                    CutoffAxis.atCutoffs(variance),
                    Palette.PURPLE,
                    Palette.SOLID,
                    SeriesMarkers.DIAMOND,
                    logY);
            axis.line(
                    msePanel,
                    loss.training() + " (mean)",
                    CutoffAxis.atCutoffs(train),
                    Palette.GREY,
                    Palette.DASHED,
                    SeriesMarkers.SQUARE,
                    logY);
            axis.criticalLine(msePanel, mseRange);
        }
        return new FigureFile(
                NAME,
                "Predictive quality along the flow",
                classifier ? classifierCaption() : caption(),
                List.of(nllPanel, coveragePanel, msePanel));
    }

    private String caption() {
        return "The renormalized ensemble as a predictor of the test targets, per flow entry over the members that"
                + " did not diverge: its Gaussian predictive N(μ(x), v(x) + σ²) has the ensemble's mean μ and"
                + " variance v (normalised by |B|) per test input and the observation noise σ² = "
                + Format.number(noiseVariance) + " (fisher.noiseVariance). (a) The mean negative"
                + " log-likelihood of a test target (dotted: the trained ensemble); (b) the share of test"
                + " targets inside the predictive's central 50, 90 and 95 % intervals, against the nominal"
                + " levels (dotted, in the colour of their interval); (c) the test MSE of the ensemble-mean predictor (bias²) and the mean"
                + " ensemble variance, which add up to the members' mean test MSE, beside the members' mean"
                + (loss.mse()
                        ? " training MSE after the same coarse graining (the generalisation gap is the test MSE"
                                + " minus it)."
                        : " training loss" + loss.named() + " after the same coarse graining (the"
                                + " generalisation gap is the mean test loss minus it).")
                + " The vertical line marks the critical cutoff ε_c.";
    }

    private String classifierCaption() {
        return "The renormalized ensemble as a classifier of the test labels, per flow entry over the members that"
                + " did not diverge: its categorical predictive p̄(x) is the mean of the members' softmax"
                + " probabilities. (a) The mean negative log-likelihood −ln p̄(y) of a test label (dotted: the"
                + " trained ensemble); (b) the share of test labels inside the predictive's 50, 90 and 95 %"
                + " credible sets (the fewest most probable classes whose p̄ reaches the level), against the"
                + " nominal levels (dotted, in the colour of their level); (c) the Brier score |p̄ − e_y|² of the"
                + " ensemble-mean predictor (bias²) and the ensemble variance of the probabilities, which add up"
                + " to the members' mean Brier score, beside the members' mean training loss" + loss.named()
                + " after the same coarse graining. The vertical line marks the critical cutoff ε_c.";
    }
}
