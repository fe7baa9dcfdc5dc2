package dev.bayesrg.nnft;

/**
 * Interaction couplings from connected correlators by the inverse Feynman rules (arXiv:2405.17538, eqs. 41–42;
 * Demirtas et al.), in the measure-free mesh form: with K the two-point function on the mesh and
 * K⁻¹ its inverse,
 * <pre>
 *   S = ½ φᵀ K⁻¹ φ + (1/3!) Λ3 φφφ + (1/4!) Λ4 φφφφ + (1/6!) Λ6 φ⁶ + …
 *   Λ3_abc   = − Σ κ3_efg K⁻¹_ea K⁻¹_fb K⁻¹_gc                    (leading order)
 *   Λ4_abcd  = − Σ κ4_efgh K⁻¹_ea K⁻¹_fb K⁻¹_gc K⁻¹_hd            (leading order, O(1/N))
 *   δK⁻¹_ab  = ½ Σ κ4_efgh K⁻¹_ef K⁻¹_ga K⁻¹_hb                   (quadratic correction, same order)
 *   Λ6       = − κ6·(K⁻¹)⊗6 + Σ_{10 splits abc|def} (κ4 K⁻¹ κ4)·(K⁻¹)⊗6   (tree level, O(1/N²))
 * </pre>
 * Tensors are flat, row-major, M^r entries. Continuum couplings follow by dividing by the product
 * of the mesh weights of the free indices (the w's cancel in this form).
 */
public final class Couplings {
    private Couplings() {}

    /** The full symmetric tensor G_c^(r) on the mesh, M^r entries, from the sampled correlators. */
    public static double[] connectedTensor(Correlators c, int order) {
        int m = c.points();
        int size = 1;
        for (int k = 0; k < order; k++) {
            size *= m;
        }
        double[] t = new double[size];
        int[] idx = new int[order];
        for (int flat = 0; flat < size; flat++) {
            int rest = flat;
            for (int k = order - 1; k >= 0; k--) {
                idx[k] = rest % m;
                rest /= m;
            }
            t[flat] = c.connected(idx);
        }
        return t;
    }

    /** Applies M to every index of an order-r tensor: T'_{a..} = Σ_{e..} T_{e..} M_{ea} … */
    public static double[] transformAllIndices(double[] tensor, double[][] matrix, int order) {
        int m = matrix.length;
        double[] t = tensor;
        for (int axis = 0; axis < order; axis++) {
            t = modeProduct(t, matrix, m, order, axis);
        }
        return t;
    }

    /** One mode product along {@code axis}: O(M^{r+1}). */
    static double[] modeProduct(double[] t, double[][] matrix, int m, int order, int axis) {
        int inner = 1;
        for (int k = axis + 1; k < order; k++) {
            inner *= m;
        }
        int outer = t.length / (inner * m);
        double[] out = new double[t.length];
        for (int o = 0; o < outer; o++) {
            for (int a = 0; a < m; a++) {
                int outBase = (o * m + a) * inner;
                for (int e = 0; e < m; e++) {
                    double w = matrix[e][a];
                    if (w == 0.0) {
                        continue;
                    }
                    int inBase = (o * m + e) * inner;
                    for (int i = 0; i < inner; i++) {
                        out[outBase + i] += w * t[inBase + i];
                    }
                }
            }
        }
        return out;
    }

    /** Λ3 = −κ3·(K⁻¹)⊗3. */
    public static double[] cubic(double[] kappa3, double[][] inverseKernel) {
        return negate(transformAllIndices(kappa3, inverseKernel, 3));
    }

    /** Λ4 = −κ4·(K⁻¹)⊗4. */
    public static double[] quartic(double[] kappa4, double[][] inverseKernel) {
        return negate(transformAllIndices(kappa4, inverseKernel, 4));
    }

    /** δK⁻¹_ab = ½ Σ κ4_efgh K⁻¹_ef K⁻¹_ga K⁻¹_hb: the O(1/N) shift of the quadratic term. */
    public static double[][] quadraticCorrection(double[] kappa4, double[][] inverseKernel) {
        int m = inverseKernel.length;
        double[][] out = new double[m][m];
        // contract the first two indices with K⁻¹, then transform the last two
        double[] reduced = new double[m * m];
        for (int e = 0; e < m; e++) {
            for (int f = 0; f < m; f++) {
                double w = inverseKernel[e][f];
                int base = (e * m + f) * m * m;
                for (int gh = 0; gh < m * m; gh++) {
                    reduced[gh] += w * kappa4[base + gh];
                }
            }
        }
        double[] transformed = transformAllIndices(reduced, inverseKernel, 2);
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                out[a][b] = 0.5 * transformed[a * m + b];
            }
        }
        return out;
    }

    /**
     * Λ6 at tree level: −κ6·(K⁻¹)⊗6 plus, for each of the 10 ways to split the six indices into
     * two triples, κ4(x_a,x_b,x_c,z) K⁻¹(z,w) κ4(w,x_d,x_e,x_f), all six indices then transformed.
     */
    public static double[] sexticTree(double[] kappa6, double[] kappa4, double[][] inverseKernel) {
        int m = inverseKernel.length;
        int m3 = m * m * m;
        // X_{abc,def} = Σ_zw κ4_{abcz} K⁻¹_zw κ4_{wdef}
        double[] left = new double[m3 * m]; // κ4 with its last index transformed by K⁻¹
        for (int abc = 0; abc < m3; abc++) {
            for (int w = 0; w < m; w++) {
                double s = 0;
                for (int z = 0; z < m; z++) {
                    s += kappa4[abc * m + z] * inverseKernel[z][w];
                }
                left[abc * m + w] = s;
            }
        }
        double[] exchange = new double[m3 * m3];
        for (int abc = 0; abc < m3; abc++) {
            for (int w = 0; w < m; w++) {
                double l = left[abc * m + w];
                if (l == 0.0) {
                    continue;
                }
                int base = w * m3;
                for (int def = 0; def < m3; def++) {
                    exchange[abc * m3 + def] += l * kappa4[base + def];
                }
            }
        }
        int size = m3 * m3;
        double[] total = new double[size];
        int[] idx = new int[6];
        for (int flat = 0; flat < size; flat++) {
            int rest = flat;
            for (int k = 5; k >= 0; k--) {
                idx[k] = rest % m;
                rest /= m;
            }
            double sum = -kappa6[flat];
            for (int[] split : SPLITS) {
                int left3 = (idx[split[0]] * m + idx[split[1]]) * m + idx[split[2]];
                int right3 = (idx[split[3]] * m + idx[split[4]]) * m + idx[split[5]];
                sum += exchange[left3 * m3 + right3];
            }
            total[flat] = sum;
        }
        return transformAllIndices(total, inverseKernel, 6);
    }

    /**
     * The same tree-level Λ6 as {@link #sexticTree}, from pieces already transformed: with
     * T6 = κ6·(K⁻¹)⊗6 and Λ4 = −κ4·(K⁻¹)⊗4, transforming the exchange term's six outer indices turns
     * its inner K⁻¹ into the propagator K (the inverse of the K⁻¹ used), so
     * Λ6 = −T6 + Σ_{10 splits abc|def} Σ_zw Λ4_abcz K_zw Λ4_wdef, in O(M⁷) instead of a second
     * six-fold transform.
     *
     * @param transformedKappa6 T6, M⁶ entries
     * @param quartic           Λ4, M⁴ entries
     * @param kernel            K, the inverse of the K⁻¹ behind T6 and Λ4 (with its jitter)
     */
    public static double[] sexticTreeFromTransformed(double[] transformedKappa6, double[] quartic, double[][] kernel) {
        int m = kernel.length;
        int m3 = m * m * m;
        double[] left = new double[m3 * m];
        for (int abc = 0; abc < m3; abc++) {
            for (int w = 0; w < m; w++) {
                double s = 0;
                for (int z = 0; z < m; z++) {
                    s += quartic[abc * m + z] * kernel[z][w];
                }
                left[abc * m + w] = s;
            }
        }
        double[] exchange = new double[m3 * m3];
        for (int abc = 0; abc < m3; abc++) {
            for (int w = 0; w < m; w++) {
                double l = left[abc * m + w];
                int base = w * m3;
                for (int def = 0; def < m3; def++) {
                    exchange[abc * m3 + def] += l * quartic[base + def];
                }
            }
        }
        double[] total = new double[m3 * m3];
        int[] idx = new int[6];
        for (int flat = 0; flat < total.length; flat++) {
            int rest = flat;
            for (int k = 5; k >= 0; k--) {
                idx[k] = rest % m;
                rest /= m;
            }
            double sum = -transformedKappa6[flat];
            for (int[] split : SPLITS) {
                int left3 = (idx[split[0]] * m + idx[split[1]]) * m + idx[split[2]];
                int right3 = (idx[split[3]] * m + idx[split[4]]) * m + idx[split[5]];
                sum += exchange[left3 * m3 + right3];
            }
            total[flat] = sum;
        }
        return total;
    }

    /** The 10 splits of {0..5} into two triples, the first holding 0. */
    private static final int[][] SPLITS = splits();

    private static int[][] splits() {
        int[][] out = new int[10][];
        int n = 0;
        for (int b = 1; b < 6; b++) {
            for (int c = b + 1; c < 6; c++) {
                int[] split = new int[6];
                split[0] = 0;
                split[1] = b;
                split[2] = c;
                int k = 3;
                for (int d = 1; d < 6; d++) {
                    if (d != b && d != c) {
                        split[k++] = d;
                    }
                }
                out[n++] = split;
            }
        }
        return out;
    }

    private static double[] negate(double[] t) {
        for (int i = 0; i < t.length; i++) {
            t[i] = -t[i];
        }
        return t;
    }
}
