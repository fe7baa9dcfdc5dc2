package dev.bayesrg.report;

import dev.bayesrg.nnft.FreeAction;
import dev.bayesrg.run.NnftFile;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * The kernel K(x_i, x_j) = G_c⁽²⁾ on the nnft mesh as heat maps ({@link #draw}), and its inverse
 * K⁻¹, the free action's quadratic form ({@link #drawInverse}, from the core's {@link FreeAction},
 * which adds a jitter to the diagonal when K is singular and says how much), for the trained
 * ensemble (top) and after the largest cutoff (bottom), each on its own symmetric, diverging colour
 * scale centred at 0.
 *
 * @param axis the cutoffs
 * @param nnft nnft/snapshots.json, or null if the run has none
 */
record KernelFigure(CutoffAxis axis, NnftFile nnft) {
    static final String NAME = "nnft_kernels";
    static final String INVERSE = "nnft_inverse_kernels";

    FigureFile draw() {
        String caption = "The kernel K(x_i, x_j) = G_c⁽²⁾ on the nnft mesh (" + Snapshots.meshText(nnft)
                + ") for the trained ensemble" + entries() + COLOURS;
        return figure(NAME, "Kernel on the mesh", caption, false);
    }

    FigureFile drawInverse() {
        String caption = "The inverse kernel K⁻¹(x_i, x_j), the quadratic form of the free action"
                + " S_free = ½ (φ − μ)ᵀ K⁻¹ (φ − μ), on the nnft mesh (" + Snapshots.meshText(nnft)
                + ") for the trained ensemble" + entries() + COLOURS + " K⁻¹ is computed by the core's free"
                + " action (Cholesky factorisation); where K is singular to rounding (coincident mesh points, fewer"
                + " members than points) a jitter ε·I is added to K first, and the panel's title says how much:"
                + " such an inverse rests on the jitter.";
        return figure(INVERSE, "Inverse kernel on the mesh", caption, true);
    }

    private static final String COLOURS =
            ", each on its own colour scale from −max|v| (blue) through 0 (white) to" + " +max|v| (red).";

    private String entries() {
        return axis.cutoffs().length == 0
                ? " (the run has no cutoffs)"
                : " and after the largest cutoff ε = " + Format.cutoff(axis.last());
    }

    private FigureFile figure(String name, String what, String caption, boolean inverse) {
        List<IChart> panels = new ArrayList<>();
        int last = axis.cutoffs().length;
        if (nnft == null) {
            Plot c = new Plot(what, "", "");
            c.noData(Snapshots.NONE);
            return new FigureFile(name, what, caption, List.of(c));
        }
        int[] shown = last == 0 ? new int[] {0} : new int[] {0, last};
        for (int entry : shown) {
            NnftFile.Snapshot snapshot =
                    entry < nnft.entries().size() ? nnft.entries().get(entry) : null;
            String title = entry == 0 ? "trained ensemble" : "ε = " + Format.cutoff(axis.last());
            int height = FigureFile.HEIGHT / shown.length;
            if (snapshot == null || !snapshot.measured()) {
                Plot c = new Plot(title, "", "");
                c.noData("fewer than two members");
                panels.add(c);
                continue;
            }
            if (!inverse) {
                panels.add(heatMap("K(x_i, x_j): " + title, snapshot.kernel(), height));
                continue;
            }
            FreeAction free;
            try {
                free = new FreeAction(snapshot.mean(), snapshot.kernel());
            } catch (IllegalArgumentException e) {
                Plot c = new Plot(title, "", "");
                c.noData("K cannot be inverted: " + e.getMessage());
                panels.add(c);
                continue;
            }
            String jitter = free.jitter() > 0 ? " (jitter " + Format.number(free.jitter()) + ")" : "";
            panels.add(heatMap("K⁻¹(x_i, x_j): " + title + jitter, free.inverseKernel(), height));
        }
        return new FigureFile(
                name, last == 0 ? what + ": trained ensemble" : what + ": trained vs largest cutoff", caption, panels);
    }

    /** A matrix on the mesh as a heat map: mesh point i across, j up, centred diverging colours. */
    private static HeatMap heatMap(String title, double[][] matrix, int height) {
        return new HeatMap(title, "mesh point i", "j", matrix, FigureFile.WIDTH, height);
    }
}
