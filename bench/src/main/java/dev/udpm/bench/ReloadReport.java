package dev.udpm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two P6 rows from the recorded jobs and reload rounds: failed or unfinished jobs written during the reload
 * windows (target 0), and p99 latency reload / steady (median over rounds of the per-round ratio, like
 * {@link Rounds}; pooled percentiles shown alongside).
 */
final class ReloadReport {

    static final String FAILED_WHAT = "failed or unfinished jobs written during a hot reload under steady load";
    static final String RATIO_WHAT = "p99 job latency during a hot reload / steady state, same load";
    static final String TARGET = "0";

    private ReloadReport() {
    }

    static List<Figure> figures(SteadyLoad load, List<ReloadRound> rounds, String loadText) {
        Map<String, SteadyLoad.Job> steady = new LinkedHashMap<>(); // adjacent rounds share a steady window
        List<SteadyLoad.Job> reload = new ArrayList<>();
        List<SteadyLoad.Job> loading = new ArrayList<>();
        double[] ratios = new double[rounds.size()];
        List<String> perRound = new ArrayList<>();
        long onOld = 0;
        long onNew = 0;
        for (int i = 0; i < rounds.size(); i++) {
            ReloadRound r = rounds.get(i);
            List<SteadyLoad.Job> s = r.steady(load);
            List<SteadyLoad.Job> w = r.reload(load);
            s.forEach(j -> steady.put(j.id(), j));
            reload.addAll(w);
            loading.addAll(load.submittedBetween(r.publish(), r.switched()));
            ratios[i] = latencies(w).p99() / latencies(s).p99();
            long newer = w.stream().filter(j -> j.completed() && r.newVersion().equals(j.modelVersion())).count();
            long older = w.stream().filter(SteadyLoad.Job::completed).count() - newer;
            onOld += older;
            onNew += newer;
            perRound.add(String.format("%s; p99 %.0f / %.0f ms = %.2f; %d on old, %d on new", r.describe(),
                    latencies(w).p99(), latencies(s).p99(), ratios[i], older, newer));
        }
        List<SteadyLoad.Job> all = load.all();
        long bad = reload.stream().filter(j -> !j.completed()).count();
        long unfinished = reload.stream().filter(j -> !j.done()).count();
        long allBad = all.stream().filter(j -> !j.completed()).count();
        String firstFailure = all.stream().filter(j -> j.done() && !j.completed()).findFirst()
                .map(j -> "; first failure: " + j.outcome() + " " + j.detail()).orElse("");
        Figure failed = Figure.of("P6", FAILED_WHAT, bad, TARGET, bad == 0, String.format(
                "%d failed/cancelled + %d unfinished of %d jobs written in %d reload windows (%d completed on the"
                        + " old version, %d on the new); %d not completed of all %d jobs of the run%s; load %s",
                bad - unfinished, unfinished, reload.size(), rounds.size(), onOld, onNew, allBad, all.size(),
                firstFailure, loadText));
        Percentiles s = latencies(List.copyOf(steady.values()));
        Percentiles r = latencies(reload);
        double ratio = Rounds.median(ratios.clone());
        Figure latency = Figure.of("P6", RATIO_WHAT, ratio, "-", null, String.format(
                "median over %d reloads of p99(reload window) / p99(steady windows just before and after it); pooled: p99 %.0f / %.0f"
                        + " ms, p50 %.0f / %.0f ms, max %.0f / %.0f ms over %d / %d completed jobs (reload / steady);"
                        + " jobs written while the new version was loading (publish -> serving): p99 %.0f ms, p50 %.0f"
                        + " ms over %d; rounds: %s", rounds.size(), r.p99(), s.p99(), r.p50(), s.p50(), r.max(),
                s.max(), r.count(), s.count(), latencies(loading).p99(), latencies(loading).p50(),
                latencies(loading).count(), perRound.stream().collect(Collectors.joining(" | "))));
        return List.of(failed, latency);
    }

    private static Percentiles latencies(List<SteadyLoad.Job> jobs) {
        return Percentiles.of(jobs.stream().filter(SteadyLoad.Job::completed).mapToDouble(SteadyLoad.Job::latencyMs)
                .toArray());
    }
}
