package dev.bayesrg.io;

/** CSV cells: numbers in Java's shortest round-trip form (read back exactly by {@link #parse}), missing values empty. */
public final class Csv {
    private Csv() {}

    public static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : (Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    }

    public static String number(Double v) {
        return v == null ? "" : number(v.doubleValue());
    }

    /**
     * The inverse of {@link #number}: a cell back to its double, exactly ("nan", "inf", "-inf" and
     * the Java spellings included; an empty cell is NaN).
     *
     * @throws NumberFormatException if the cell is not a number
     */
    public static double parse(String cell) {
        return switch (cell) {
            case "", "nan", "NaN" -> Double.NaN;
            case "inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(cell);
        };
    }
}
