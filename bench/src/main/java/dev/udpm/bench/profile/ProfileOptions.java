package dev.udpm.bench.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code bench profile} ({@link ProfileCommand}).
 *
 * @param model the exported model folder profiled (default: the shipped {@code models/fashion-mnist})
 * @param batches batch sizes profiled and timed (default 16, the worker's batch, and 1)
 * @param traces traced calls per batch size (their op times are averaged)
 * @param warmup untimed calls per batch size and session before tracing or timing
 * @param rounds interleaved timing rounds of the variant comparison (0 skips it)
 * @param variants session variants compared against {@code default} ({@link SessionVariant} names)
 * @param torch whether to time the PyTorch peer ({@code python3} + {@code torch}) interleaved with ours
 * @param python the Python that runs the peer (default Debian's {@code /usr/bin/python3} when present)
 * @param seed latent seed of every call
 * @param markdown where to also write the report, if anywhere
 */
public record ProfileOptions(Path model, List<Integer> batches, int traces, int warmup, int rounds,
        List<String> variants, boolean torch, String python, long seed, Optional<Path> markdown) {

    /**
     * Parses {@code --model DIR}, {@code --batches 16,1}, {@code --traces N}, {@code --warmup N},
     * {@code --rounds N}, {@code --variants a,b}, {@code --torch}, {@code --python PATH}, {@code --seed N}, {@code --markdown FILE}.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, lacks its value or is out of range
     */
    public static ProfileOptions parse(String... args) {
        Path model = defaultModel();
        List<Integer> batches = List.of(16, 1);
        int traces = 5;
        int warmup = 3;
        int rounds = 7;
        List<String> variants = SessionVariant.names();
        boolean torch = false;
        String python = TorchPeer.defaultPython();
        long seed = 2024;
        Optional<Path> markdown = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--torch")) {
                torch = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("bench profile: " + a + " needs a value (or is unknown)");
            }
            String v = args[++i];
            switch (a) {
                case "--model" -> model = Path.of(v);
                case "--batches" -> batches = positives(a, v);
                case "--traces" -> traces = atLeast(a, v, 1);
                case "--warmup" -> warmup = atLeast(a, v, 0);
                case "--rounds" -> rounds = atLeast(a, v, 0);
                case "--variants" -> variants = variants(v);
                case "--python" -> python = v;
                case "--seed" -> seed = Long.parseLong(v);
                case "--markdown" -> markdown = Optional.of(Path.of(v));
                default -> throw new IllegalArgumentException("bench profile: unknown argument " + a + "; known:"
                        + " --model --batches --traces --warmup --rounds --variants --torch --python --seed --markdown");
            }
        }
        return new ProfileOptions(model, batches, traces, warmup, rounds, variants, torch, python, seed, markdown);
    }

    /** {@code models/fashion-mnist} of this repository, from the root (exec:java) or from {@code bench/}. */
    static Path defaultModel() {
        Path relative = Path.of("models", "fashion-mnist");
        for (Path base : List.of(Path.of("."), Path.of(".."))) {
            if (Files.isDirectory(base.resolve(relative))) {
                return base.resolve(relative).normalize();
            }
        }
        return relative;
    }

    private static List<String> variants(String list) {
        List<String> names = new ArrayList<>();
        for (String n : list.split(",")) {
            String t = n.trim();
            if (t.isEmpty()) {
                continue;
            }
            SessionVariant.named(t);
            names.add(t);
        }
        return names;
    }

    private static List<Integer> positives(String name, String list) {
        List<Integer> values = new ArrayList<>();
        for (String s : list.split(",")) {
            values.add(atLeast(name, s.trim(), 1));
        }
        return List.copyOf(values);
    }

    private static int atLeast(String name, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench profile: " + name + " = '" + value + "' is not a number");
        }
        if (n < min) {
            throw new IllegalArgumentException("bench profile: " + name + " = " + value + " must be >= " + min);
        }
        return n;
    }
}
