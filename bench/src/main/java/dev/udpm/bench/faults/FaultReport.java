package dev.udpm.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fault suite's printed result: machine, undisturbed runs, one row per scenario, then notes. */
record FaultReport(List<String> machine, Map<String, Reference> references, List<Outcome> outcomes) {

    /** Target: first new image of the hit work within this after a kill -9. */
    static final double FIRST_IMAGE_TARGET_S = 10;
    /** Target: completion overhead against the undisturbed run after a kill -9. */
    static final double OVERHEAD_TARGET_S = 15;

    FaultReport {
        machine = List.copyOf(machine);
        references = Map.copyOf(references);
        outcomes = List.copyOf(outcomes);
    }

    /** Whether every scenario kept the data invariants. */
    boolean invariantsHold() {
        return outcomes.stream().allMatch(Outcome::invariantsHold);
    }

    String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("Machine:");
        machine.forEach(m -> lines.add("- " + m));
        references.forEach((name, r) -> lines.add(String.format("- undisturbed %s run: %.1f s from sending to the"
                + " last completed event", name, r.seconds())));
        lines.add("");
        lines.add("| scenario | fault | jobs completed / failed / never ended | terminal events per job | images lost"
                + " / duplicated / corrupt | byte-identical | fault -> first new image (after the fault ended) |"
                + " fault -> completion | overhead vs undisturbed | verdict |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        outcomes.forEach(o -> lines.add(row(o)));
        lines.add("");
        for (Outcome o : outcomes) {
            if (!o.notes().isEmpty()) {
                lines.add("- " + o.scenario() + ": " + o.notes());
            }
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** The table row of {@code o}. */
    static String row(Outcome o) {
        return String.format("| %s | %s | %d / %d / %d | %s | %d / %d / %d | %s | %s (%s) | %s | %s | %s |",
                o.scenario(), o.fault(), o.completed(), o.failed(), o.neverEnded(), o.terminalsSummary(), o.lost(),
                o.duplicated(), o.corrupt(), o.byteIdentical() ? "yes" : "NO", seconds(o.firstImageS()),
                seconds(o.firstImageAfterEndS()), seconds(o.completionS()), seconds(o.overheadS()), verdict(o));
    }

    /** Invariants, and for a kill -9 with a survivor or a restart the time targets. */
    static String verdict(Outcome o) {
        if (!o.invariantsHold()) {
            return "**MISS**: data or terminal-event invariant";
        }
        List<String> misses = new ArrayList<>();
        if (o.scenario().startsWith("kill")) {
            if (o.firstImageS() > FIRST_IMAGE_TARGET_S) { // NaN: nothing had to move (see the notes)
                misses.add("first image > " + (int) FIRST_IMAGE_TARGET_S + " s");
            }
            if (!(o.overheadS() <= OVERHEAD_TARGET_S)) {
                misses.add("overhead > " + (int) OVERHEAD_TARGET_S + " s");
            }
        }
        return misses.isEmpty() ? "ok" : "invariants ok; **MISS**: " + String.join(", ", misses);
    }

    private static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "-";
        }
        if (Double.isInfinite(s)) {
            return "none";
        }
        return String.format("%.1f s", s);
    }
}
