package dev.bayesrg.data;

import dev.bayesrg.config.DataConfig.Target;

/** The built-in target functions y(x) of {@link Target}. */
public final class Targets {
    private Targets() {}

    public static double value(Target target, double[] x) {
        switch (target) {
            case QUADRATIC -> {
                double a = 1 - x[0];
                return a * a - 0.5 * (x[1] - x[0] * x[0]);
            }
            case SIN -> {
                return Math.sin(sum(x));
            }
            case LINEAR -> {
                return sum(x);
            }
            case ROSENBROCK -> {
                double s = 0;
                for (int i = 0; i + 1 < x.length; i++) {
                    double a = 1 - x[i];
                    double b = x[i + 1] - x[i] * x[i];
                    s += a * a + 100 * b * b;
                }
                return s;
            }
            default -> throw new IllegalArgumentException(String.valueOf(target));
        }
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }
}
