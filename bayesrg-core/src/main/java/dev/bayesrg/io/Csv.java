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

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");

    /**
     * A number in a user's file: decimal, optionally with an exponent (and NaN or Infinity, which the
     * caller refuses as not finite). Java's own spellings that are not numbers to a person — a type
     * suffix ({@code 1d}, {@code 2f}) or a hexadecimal float ({@code 0x1p3}) — are refused.
     *
     * @throws NumberFormatException if the cell is not such a number
     */
    public static double parseDecimal(String cell) {
        if (!DECIMAL.matcher(cell).matches()) {
            throw new NumberFormatException("not a decimal number: " + cell);
        }
        return Double.parseDouble(cell);
    }

    /** A user's CSV line with its byte-order mark, if any, removed (it would hide the first cell). */
    public static String withoutByteOrderMark(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }
}
