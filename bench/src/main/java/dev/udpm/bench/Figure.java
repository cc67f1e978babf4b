package dev.udpm.bench;

/**
 * One printed figure: a ratio of two things measured side by side in the same run (or a status when it could not
 * be measured).
 *
 * @param id the priority label (P1 ... P7, T for training)
 * @param what what is divided by what
 * @param value the ratio ({@code NaN} when not measured)
 * @param target the target as text ("~0.33", ">= 3", "-" when the issue sets none)
 * @param verdict "met", "missed", "-" (no target) or "not measured"
 * @param detail the measured numerator and denominator, or why it was not measured
 * @param command the command that reproduces it
 */
public record Figure(String id, String what, double value, String target, String verdict, String detail,
        String command) {

    /** A measured figure; {@code met} null when there is no target. */
    public static Figure of(String id, String what, double value, String target, Boolean met, String detail) {
        String verdict = met == null ? "-" : met ? "met" : "missed";
        return new Figure(id, what, value, target, verdict, detail, BenchMain.command(id));
    }

    /** A figure that could not be measured in this run, and why. */
    public static Figure notMeasured(String id, String what, String target, String why) {
        return new Figure(id, what, Double.NaN, target, "not measured", why, BenchMain.command(id));
    }

    public boolean measured() {
        return !Double.isNaN(value);
    }
}
