package dev.bayesrg.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting for figures and the report: locale-independent, so output never varies by machine. */
final class Format {
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private Format() {}

    /** Four significant digits without trailing zeros: 0.936, 54.57, 1.049e+05, nan. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(v)
                    .round(new java.math.MathContext(4))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
    }

    /** Five significant digits, as the terminal's flow table prints them. */
    static String table(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.5g", v);
    }

    /** A cutoff as a person writes it: 0.005, 75, 1e+05 (the command line's form). */
    static String cutoff(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0+e", "e");
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, p >= 10 ? "%.0f%%" : "%.1f%%", p);
    }

    /** A log-axis tick: powers of ten as 10⁻⁴, anything else in its short form. */
    static String tick(double v) {
        if (v > 0) {
            double e = Math.log10(v);
            long r = Math.round(e);
            if (Math.abs(e - r) < 1e-9) {
                if (r == 0) {
                    return "1";
                }
                if (r == 1) {
                    return "10";
                }
                return "10" + superscript(r);
            }
        }
        return number(v);
    }

    static String superscript(long n) {
        StringBuilder sb = new StringBuilder(n < 0 ? "⁻" : "");
        for (char ch : Long.toString(Math.abs(n)).toCharArray()) {
            sb.append(SUPERSCRIPTS.charAt(ch - '0'));
        }
        return sb.toString();
    }
}
