package dev.udpm.bench.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.udpm.core.latent.LatentPrior;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.tf.PosteriorWeights;
import dev.udpm.schemas.model.ModelManifest;

/**
 * The peer: this project's chain written in PyTorch ({@code torch_chain.py} next to this class), the same U-Net
 * block for block, built from the model's manifest, run in a {@code python3} child process that stays up while
 * the bench times it. One {@link #run} is one chain call of {@code batch} images, timed inside Python around the
 * call (so the pipe is not counted). Optional: {@link #start} says why when {@code python3} or {@code torch} is
 * missing.
 */
public final class TorchPeer implements AutoCloseable {

    private static final String SCRIPT = "torch_chain.py";

    /**
     * Debian's OpenBLAS ({@code libopenblas0-pthread}). Debian's {@code python3-torch} does its matrix products
     * through the system's {@code libblas.so.3}, the slow reference BLAS unless OpenBLAS is the selected
     * alternative; the peer runs with OpenBLAS on its library path when it is installed, whatever the system's
     * choice, so it is not handicapped by the reference BLAS.
     */
    static final Path OPENBLAS = Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread");

    /** Debian's python3 (where {@code python3-torch} installs), else whatever {@code python3} is on the path. */
    public static String defaultPython() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final long parameters;
    private final String version;
    private final Path dir;

    private TorchPeer(Process process, BufferedReader out, long parameters, String version, Path dir) {
        this.process = process;
        this.out = out;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.parameters = parameters;
        this.version = version;
        this.dir = dir;
    }

    /** The outcome of {@link #start}: the peer, or why there is none. */
    public record Start(Optional<TorchPeer> peer, String why) {
    }

    /**
     * Starts the peer for {@code manifest}'s network with {@code threads} PyTorch threads, or says why it cannot
     * ({@code python3} or {@code torch} missing, or the script failing to build the network).
     */
    public static Start start(ModelManifest manifest, int threads, String python)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("udpm-torch-peer");
        Path script = dir.resolve(SCRIPT);
        try (InputStream s = TorchPeer.class.getResourceAsStream(SCRIPT)) {
            if (s == null) {
                throw new IllegalStateException("resource " + SCRIPT + " missing from the bench jar");
            }
            Files.copy(s, script);
        }
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, spec(manifest, threads));
        Process p;
        try {
            ProcessBuilder builder = new ProcessBuilder(python, script.toString(), spec.toString())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            // OpenMP threads that spin while waiting starve everything else on an oversubscribed machine (and
            // themselves); TensorFlow's pools block instead
            builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            if (Files.isDirectory(OPENBLAS)) {
                builder.environment().merge("LD_LIBRARY_PATH", OPENBLAS.toString(), (a, b) -> b + ":" + a);
            }
            p = builder.start();
        } catch (IOException e) {
            return new Start(Optional.empty(), python + " cannot be started (" + e.getMessage() + ")");
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
            String err = Files.isRegularFile(dir.resolve("stderr.txt")) ? Files.readString(dir.resolve("stderr.txt")) : "";
            String why = err.contains("No module named 'torch'")
                    ? "PyTorch is not installed for " + python + " (Debian: apt-get install python3-torch, then"
                            + " --python /usr/bin/python3)"
                    : "the PyTorch chain did not start: " + lastLine(err);
            return new Start(Optional.empty(), why);
        }
        String[] f = ready.split(" ");
        return new Start(Optional.of(new TorchPeer(p, out, Long.parseLong(f[1]), f[2], dir)), "");
    }

    /** Trainable scalars of the PyTorch network (to compare with ours). */
    public long parameters() {
        return parameters;
    }

    /** {@code torch.__version__}. */
    public String version() {
        return version;
    }

    /**
     * Runs the chain once.
     *
     * @param script TorchScript (trace + freeze, made on the first call of each batch size) instead of eager
     * @return the call's time in ms, measured in Python
     */
    public double run(boolean script, int batch) {
        try {
            in.write((script ? "script " : "eager ") + batch + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null || line.startsWith("error")) {
                throw new IllegalStateException("PyTorch chain failed: " + line + "; stderr: "
                        + lastLine(Files.readString(dir.resolve("stderr.txt"))));
            }
            return Double.parseDouble(line.trim());
        } catch (IOException e) {
            throw new IllegalStateException("PyTorch chain: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // the process is gone already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The JSON spec the script builds its chain from: the manifest's network, schedule weights and sizes. */
    static String spec(ModelManifest m, int threads) {
        Schedule schedule = Schedule.of(m.schedule().alphaArray(), m.schedule().sigmaArray());
        PosteriorMode mode = PosteriorMode.valueOf(m.posteriorMode().name());
        List<String> times = new ArrayList<>();
        for (int l = 1; l <= m.levels(); l++) {
            times.add(number(schedule.timeCondition(l)));
        }
        List<String> weights = new ArrayList<>();
        for (int l = 2; l <= m.levels(); l++) {
            PosteriorWeights w = PosteriorWeights.of(schedule, mode, l);
            weights.add("[" + String.join(", ", number(w.hTransposeX()), number(w.f()), number(w.z()),
                    number(w.usesProjection() ? w.qf() : 0), number(w.usesProjection() ? w.qz() : 0)) + "]");
        }
        return "{\"network\": " + json(m.network()) + ", \"levels\": " + m.levels() + ", \"imageSize\": "
                + m.imageSize() + ", \"priorScale\": " + number(LatentPrior.scale(schedule)) + ", \"timeConditions\": "
                + times + ", \"posteriorWeights\": " + weights + ", \"threads\": " + threads + ", \"seed\": 1}\n";
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add("\"" + k + "\": " + json(v)));
            return "{" + String.join(", ", entries) + "}";
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(TorchPeer::json).toList()) + "]";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(value);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.17g", v);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "(no output)" : lines[lines.length - 1];
    }
}
