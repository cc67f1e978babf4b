package dev.udpm.bench;

import java.util.ArrayList;
import java.util.List;

/** The printed result: machine description, then one markdown table row per figure. */
public record Report(List<String> machine, List<Figure> figures, List<String> notes) {

    public Report {
        machine = List.copyOf(machine);
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    /** The report as markdown (what {@link BenchMain} prints). */
    public String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("Machine:");
        machine.forEach(m -> lines.add("- " + m));
        lines.add("");
        lines.add("| id | figure (ratio of two things measured side by side) | value | target | verdict | measured |"
                + " reproduce |");
        lines.add("|---|---|---|---|---|---|---|");
        for (Figure f : figures) {
            lines.add(String.format("| %s | %s | %s | %s | %s | %s | `%s` |", f.id(), f.what(),
                    f.measured() ? String.format("%.3f", f.value()) : "-", f.target(), f.verdict(), f.detail(),
                    f.command()));
        }
        if (!notes.isEmpty()) {
            lines.add("");
            notes.forEach(n -> lines.add("- " + n));
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
