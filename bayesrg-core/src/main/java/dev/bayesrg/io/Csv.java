package dev.bayesrg.io;

/** Formatting of CSV cells: numbers in Java's shortest round-trip form, missing values empty. */
public final class Csv {
    private Csv() {
    }

    public static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : (Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    }

    public static String number(Double v) {
        return v == null ? "" : number(v.doubleValue());
    }
}
