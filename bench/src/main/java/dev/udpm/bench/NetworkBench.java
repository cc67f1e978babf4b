package dev.udpm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P1, P2, P4 and P5: the UDPM chain against one full-resolution evaluation, against the 35-evaluation EDM sampler,
 * at the configured batch against batch 1, and the network's FLOP/s against TensorFlow's MatMul peak, all timed in
 * the same {@link Rounds} on one {@link BenchGraph}.
 */
public final class NetworkBench {

    private NetworkBench() {
    }

    /** Measures and returns the figures whose ids are in {@code wanted}. */
    public static List<Figure> run(BenchGraph g, BenchOptions o, java.util.Set<String> wanted) {
        int b = o.batch();
        Map<String, Rounds.Task> tasks = new LinkedHashMap<>();
        tasks.put("chain", g.chain(b));
        boolean p1 = wanted.contains("P1");
        boolean p2 = wanted.contains("P2");
        boolean p4 = wanted.contains("P4");
        boolean p5 = wanted.contains("P5");
        if (p1 || p5) {
            tasks.put("full", g.fullEvaluation(b));
        }
        if (p2) {
            tasks.put("edm", g.edmSampler(b));
        }
        if (p4) {
            tasks.put("chain1", g.chain(1));
        }
        if (p5) {
            tasks.put("matmul", g.matMul(o.matMulSize()));
        }
        Rounds r = Rounds.run(tasks, o.warmup(), o.rounds());
        List<FlopCounter.Count> counts = g.flopsPerImage();
        FlopCounter.Count chain = counts.get(0);
        FlopCounter.Count full = counts.get(1);
        String timing = String.format("batch %d, medians of %d rounds after %d warm-up runs", b, r.rounds(),
                o.warmup());
        List<Figure> figures = new ArrayList<>();
        if (p1) {
            double flopRatio = (double) chain.flops() / full.flops();
            figures.add(Figure.of("P1", "UDPM chain FLOPs per image / ONE full-resolution (32x32) evaluation",
                    flopRatio, "~0.33 (paper)", Math.abs(flopRatio - 0.33) <= 0.05, String.format(
                            "%.1f MFLOP / %.1f MFLOP per image (Conv2D + MatMul + BatchMatMul, %d + %d ops, %d"
                                    + " unresolved)", chain.flops() / 1e6, full.flops() / 1e6, chain.counted(),
                            full.counted(), chain.unresolved() + full.unresolved())));
            figures.add(Figure.of("P1", "UDPM chain wall time / ONE full-resolution evaluation", r.ratio("chain",
                    "full"), "~0.33 (FLOP ratio; met if <= 0.40)", r.ratio("chain", "full") <= 0.40, String.format(
                            "%.1f ms / %.1f ms per batch call; %s", r.medianMs("chain"), r.medianMs("full"), timing)));
        }
        if (p2) {
            FlopCounter.Count edm = counts.get(2);
            figures.add(Figure.of("P2", "UDPM chain FLOPs / EDM Heun sampler (18 steps, " + g.edmEvaluations()
                    + " evaluations)", (double) chain.flops() / edm.flops(), "-", null, String.format(
                            "%.1f MFLOP / %.1f MFLOP per image (%d unresolved)", chain.flops() / 1e6,
                            edm.flops() / 1e6, edm.unresolved())));
            figures.add(Figure.of("P2", "UDPM chain wall time / EDM Heun sampler (" + g.edmEvaluations()
                    + " evaluations)", r.ratio("chain", "edm"), "-", null, String.format(
                            "%.1f ms / %.1f ms per batch call (EDM %.0fx slower); %s", r.medianMs("chain"),
                            r.medianMs("edm"), r.ratio("edm", "chain"), timing)));
        }
        if (p4) {
            double throughput = b * r.ratio("chain1", "chain");
            figures.add(Figure.of("P4", "chain images/s at batch " + b + " / at batch 1", throughput, ">= 3",
                    throughput >= 3, String.format("%.1f / %.1f images/s", b * 1000 / r.medianMs("chain"),
                            1000 / r.medianMs("chain1"))));
            double wait = o.maxWaitMs();
            figures.add(Figure.of("P4", "latency of one image at batch " + b + " / at batch 1", (r.medianMs("chain")
                    + wait) / r.medianMs("chain1"), "-", null, String.format(
                            "(%.1f ms call + %.0f ms max-wait) / %.1f ms call; the call alone: %.2fx",
                            r.medianMs("chain"), wait, r.medianMs("chain1"), r.ratio("chain", "chain1"))));
        }
        if (p5) {
            double peak = BenchGraph.matMulFlops(o.matMulSize()) / r.medianMs("matmul") * 1e3;
            double chainRate = (double) chain.flops() * b / r.medianMs("chain") * 1e3;
            double fullRate = (double) full.flops() * b / r.medianMs("full") * 1e3;
            figures.add(Figure.of("P5", "UDPM chain FLOP/s / MatMul peak", chainRate / peak, "-", null,
                    String.format("%.2f / %.2f GFLOP/s (MatMul %dx%d, %.1f ms)", chainRate / 1e9, peak / 1e9,
                            o.matMulSize(), o.matMulSize(), r.medianMs("matmul"))));
            figures.add(Figure.of("P5", "full-resolution evaluation FLOP/s / MatMul peak", fullRate / peak, "-", null,
                    String.format("%.2f / %.2f GFLOP/s", fullRate / 1e9, peak / 1e9)));
        }
        return figures;
    }
}
