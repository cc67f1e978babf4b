package dev.udpm.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.udpm.bench.Machine;
import dev.udpm.bench.Rounds;
import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.model.LatentBatch;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;

/**
 * {@code bench profile}: where one chain call spends its time, and what session settings and a PyTorch peer do to
 * it, for an exported model loaded through the worker's own path ({@link ModelLoader} + {@link UdpmModel}).
 *
 * <ol>
 *   <li>Profile: per batch size, {@code --traces} calls with TensorFlow's full tracing
 *       ({@link UdpmModel#traceGenerate}), op times summed by {@link OpCategory} and by op type.</li>
 *   <li>Variants ({@link SessionVariant}): the same model loaded once per session configuration; outputs compared
 *       with the default session at the same latents (max |difference|, and byte-identity of an image in a batch
 *       with the same image alone).</li>
 *   <li>Timing: every variant and batch size (and the PyTorch peer's eager and TorchScript chains with
 *       {@code --torch}) as interleaved {@link Rounds}; figures are medians of per-round ratios.</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -o -B -q -pl bench compile exec:java -Dexec.args="profile --torch"}.
 */
public final class ProfileCommand {

    /** The worker pads chain calls to a multiple of this ({@code udpm.worker.batching.pad-multiple} default). */
    static final int PAD_MULTIPLE = 16;

    private ProfileCommand() {
    }

    public static void main(String[] args) throws Exception {
        ProfileOptions options = ProfileOptions.parse(args);
        String report = run(options);
        System.out.print(report);
        if (options.markdown().isPresent()) {
            Files.writeString(options.markdown().get(), report);
        }
    }

    /** Runs everything {@code o} asks for and returns the report (markdown). */
    public static String run(ProfileOptions o) throws IOException, InterruptedException {
        StringBuilder r = new StringBuilder();
        r.append("# bench profile\n\n");
        r.append("- model: ").append(o.model()).append('\n');
        r.append("- load average at start (1/5/15 min): ").append(Machine.loadAverage()).append('\n');
        Map<String, UdpmModel> models = new LinkedHashMap<>();
        TorchPeer peer = null;
        try {
            for (String name : o.variants().contains("default") ? o.variants()
                    : concat("default", o.variants())) {
                models.put(name, ModelLoader.load(o.model(), SessionVariant.named(name).options()));
            }
            UdpmModel base = models.get("default");
            r.append("- ").append(base.manifest().name()).append('/').append(base.manifest().version())
                    .append(String.format(Locale.ROOT, ", %,d parameters%n", parameters(base)));
            Map<Integer, Inputs> inputs = new LinkedHashMap<>();
            for (int b : o.batches()) {
                inputs.put(b, Inputs.of(base, o.seed(), b));
            }
            profile(r, base, inputs, o);
            compareOutputs(r, models, inputs);
            if (o.torch()) {
                TorchPeer.Start start = TorchPeer.start(base.manifest(), Runtime.getRuntime().availableProcessors(),
                        o.python());
                if (start.peer().isPresent()) {
                    peer = start.peer().get();
                    r.append(String.format(Locale.ROOT, "%n- PyTorch peer: torch %s, %,d parameters (ours %,d: %s)%n",
                            peer.version(), peer.parameters(), parameters(base),
                            peer.parameters() == parameters(base) ? "same" : "DIFFERENT"));
                } else {
                    r.append("\n- PyTorch peer skipped: ").append(start.why()).append('\n');
                }
            }
            if (o.rounds() > 0) {
                time(r, models, inputs, peer, o);
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
            models.values().forEach(UdpmModel::close);
        }
        r.append("\n- load average at end (1/5/15 min): ").append(Machine.loadAverage()).append('\n');
        return r.toString();
    }

    private static void profile(StringBuilder r, UdpmModel model, Map<Integer, Inputs> inputs, ProfileOptions o) {
        Map<Integer, OpProfile> profiles = new LinkedHashMap<>();
        Map<Integer, Double> tracedWall = new LinkedHashMap<>();
        Map<Integer, Double> plainWall = new LinkedHashMap<>();
        for (var e : inputs.entrySet()) {
            Inputs in = e.getValue();
            for (int i = 0; i < o.warmup(); i++) {
                model.generate(in.latents(), in.labels());
                model.traceGenerate(in.latents(), in.labels());
            }
            OpProfile p = new OpProfile();
            double[] traced = new double[o.traces()];
            double[] plain = new double[o.traces()];
            for (int i = 0; i < o.traces(); i++) {
                long t0 = System.nanoTime();
                p.add(model.traceGenerate(in.latents(), in.labels()));
                long t1 = System.nanoTime();
                model.generate(in.latents(), in.labels());
                traced[i] = (t1 - t0) / 1e6;
                plain[i] = (System.nanoTime() - t1) / 1e6;
            }
            profiles.put(e.getKey(), p);
            tracedWall.put(e.getKey(), median(traced));
            plainWall.put(e.getKey(), median(plain));
        }
        r.append("\n## Where one chain call spends its time (default session, ").append(o.traces())
                .append(" traced calls per batch size)\n\n");
        r.append("Op time = the sum over executed ops of their traced time (all threads), per call; wall = one call.\n\n");
        StringBuilder head = new StringBuilder("| category |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int b : profiles.keySet()) {
            head.append(" batch ").append(b).append(": ms / call | share |");
            rule.append("---|---|");
        }
        r.append(head).append('\n').append(rule).append('\n');
        for (OpCategory c : OpCategory.values()) {
            r.append("| ").append(c.description()).append(" |");
            for (OpProfile p : profiles.values()) {
                double ms = p.msPerCallByCategory().get(c);
                r.append(String.format(Locale.ROOT, " %.2f | %.1f%% |", ms, 100 * ms / p.totalMsPerCall()));
            }
            r.append('\n');
        }
        r.append("| **all ops** |");
        profiles.values().forEach(p -> r.append(String.format(Locale.ROOT, " %.2f | 100%% |", p.totalMsPerCall())));
        r.append("\n| wall of a traced call (median) |");
        tracedWall.values().forEach(w -> r.append(String.format(Locale.ROOT, " %.2f | |", w)));
        r.append("\n| wall of an untraced call (median) |");
        plainWall.values().forEach(w -> r.append(String.format(Locale.ROOT, " %.2f | |", w)));
        r.append('\n');
        for (var e : profiles.entrySet()) {
            r.append("\nTop op types at batch ").append(e.getKey()).append(":\n\n");
            r.append("| op type | category | ms / call | share | runs / call |\n|---|---|---|---|---|\n");
            double total = e.getValue().totalMsPerCall();
            e.getValue().byType().stream().limit(16).forEach(t -> r.append(String.format(Locale.ROOT,
                    "| %s | %s | %.2f | %.1f%% | %.0f |%n", t.type(), t.category().name(), t.msPerCall(),
                    100 * t.msPerCall() / total, t.executionsPerCall())));
        }
    }

    /**
     * Each variant's output for the largest batch against the default session's, and whether image 0 of that batch
     * is byte-identical to image 0 of a batch of {@link #PAD_MULTIPLE} (the worker pads every call to a multiple of
     * 4: docs/tensorflow.md#batch-invariance).
     */
    private static void compareOutputs(StringBuilder r, Map<String, UdpmModel> models, Map<Integer, Inputs> inputs) {
        int largest = inputs.keySet().stream().max(Integer::compare).orElseThrow();
        Inputs big = inputs.get(largest);
        Inputs small = Inputs.of(models.get("default"), big.seed(), PAD_MULTIPLE);
        float[] reference = models.get("default").generate(big.latents(), big.labels());
        r.append("\n## Session variants: outputs against the default session (").append(largest)
                .append(" images, same latents)\n\n");
        r.append("| variant | session options | max abs difference | image 0 of the batch of ").append(largest)
                .append(" == image 0 of a batch of ").append(PAD_MULTIPLE).append(" (bytes) |\n|---|---|---|---|\n");
        for (var e : models.entrySet()) {
            UdpmModel m = e.getValue();
            float[] out = m.generate(big.latents(), big.labels());
            float[] four = m.generate(small.latents(), small.labels());
            int image = four.length / PAD_MULTIPLE;
            boolean identical = Arrays.equals(Arrays.copyOf(out, image), Arrays.copyOf(four, image));
            r.append(String.format(Locale.ROOT, "| %s | %s | %.3g | %s |%n", e.getKey(),
                    SessionVariant.named(e.getKey()).options().tuning(), maxAbsDiff(reference, out),
                    identical ? "yes" : "NO"));
        }
    }

    private static void time(StringBuilder r, Map<String, UdpmModel> models, Map<Integer, Inputs> inputs,
            TorchPeer peer, ProfileOptions o) {
        Map<String, Rounds.Task> tasks = new LinkedHashMap<>();
        for (int b : inputs.keySet()) {
            Inputs in = inputs.get(b);
            models.forEach((name, m) -> tasks.put(name + " b" + b, () -> m.generate(in.latents(), in.labels())));
            if (peer != null) {
                TorchPeer p = peer;
                tasks.put("torch-eager b" + b, () -> p.run(false, b));
                tasks.put("torch-script b" + b, () -> p.run(true, b));
            }
        }
        Rounds rounds = Rounds.run(tasks, o.warmup(), o.rounds());
        r.append("\n## Timing: ").append(tasks.size()).append(" tasks in ").append(o.rounds())
                .append(" interleaved rounds (rotated order) after ").append(o.warmup()).append(" warm-up calls each\n\n");
        r.append("Ratio = median over rounds of (time of the default session / time of the row) = its images/s "
                + "relative to ours; above 1 is faster than ours.\n\n");
        r.append("| batch | chain | median ms / call | images/s | images/s vs ours (default session) |\n")
                .append("|---|---|---|---|---|\n");
        for (int b : inputs.keySet()) {
            String ours = "default b" + b;
            for (String task : tasks.keySet()) {
                if (!task.endsWith(" b" + b)) {
                    continue;
                }
                double ms = rounds.medianMs(task);
                String name = task.substring(0, task.length() - (" b" + b).length());
                r.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.0f | %s |%n", b, name, ms, 1000.0 * b / ms,
                        task.equals(ours) ? "1 (ours)" : String.format(Locale.ROOT, "%.3f",
                                rounds.ratio(ours, task))));
            }
        }
        if (peer != null) {
            r.append("\nPeer times are measured in Java around a request to the Python process (the pipe adds well "
                    + "under 1 ms per call).\n");
        }
    }

    private static long parameters(UdpmModel model) {
        return UNet.parameterSpecs(UNetConfig.fromMap(model.manifest().network())).stream()
                .mapToLong(s -> s.size()).sum();
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Latents (seed, images 0..n-1) and labels {@code i mod classes} of one call. */
    record Inputs(long seed, LatentBatch latents, int[] labels) {
        static Inputs of(UdpmModel model, long seed, int n) {
            LatentBatch latents = LatentBatch.of(new LatentGenerator(model.latentShapes()).generate(seed, 0, n));
            int classes = Math.max(1, model.manifest().numClasses());
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % classes;
            }
            return new Inputs(seed, latents, labels);
        }
    }
}
