package dev.udpm.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The running fleet as recorded in {@code <data>/fleet.state} (a properties file, replaced atomically): the
 * launcher's pid and start instant, each app's pid and start instant, the addresses, and {@code ready=true} once
 * everything answered. {@code ./local-fleet stop} and {@code ./local-fleet status} read it; a pid counts as the fleet's only if
 * the process with that pid started at the recorded instant (so a recycled pid is never signalled).
 */
public final class FleetState {

    private final Properties props;

    public FleetState() {
        this(new Properties());
    }

    private FleetState(Properties props) {
        this.props = props;
    }

    /** The state in {@code file}, or empty if there is none. */
    public static Optional<FleetState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fleet state " + file, e);
        }
        return Optional.of(new FleetState(p));
    }

    /** Writes to a temporary file beside {@code file}, then moves it into place. */
    public synchronized void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "UDPM local fleet (written by the launcher; ./local-fleet stop|status read it)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet state " + file, e);
        }
    }

    public synchronized FleetState set(String key, Object value) {
        props.setProperty(key, String.valueOf(value));
        return this;
    }

    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(props.getProperty(key));
    }

    /** Records {@code process} under {@code name} ({@code launcher}, {@code app.worker}, ...). */
    public FleetState process(String name, ProcessHandle process) {
        set(name + ".pid", process.pid());
        process.info().startInstant().ifPresent(i -> set(name + ".start", i));
        return this;
    }

    /**
     * The live process recorded under {@code name}, if its pid is alive AND started at the recorded instant.
     */
    public Optional<ProcessHandle> liveProcess(String name) {
        Optional<String> pid = get(name + ".pid");
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid.get())).filter(ProcessHandle::isAlive);
        Optional<String> start = get(name + ".start");
        if (handle.isPresent() && start.isPresent()) {
            Optional<Instant> actual = handle.get().info().startInstant();
            if (actual.isPresent() && !sameSecond(actual.get(), Instant.parse(start.get()))) {
                return Optional.empty();
            }
        }
        return handle;
    }

    /** The app names recorded ({@code app.<name>.pid}). */
    public java.util.List<String> apps() {
        return props.stringPropertyNames().stream().filter(k -> k.startsWith("app.") && k.endsWith(".pid"))
                .map(k -> k.substring(4, k.length() - 4)).sorted().toList();
    }

    /** Every app of the fleet: started ({@code app.<name>.pid}) or not ({@code app.<name>.status} only). */
    public java.util.List<String> appNames() {
        return props.stringPropertyNames().stream().filter(k -> k.startsWith("app.")
                        && (k.endsWith(".pid") || k.endsWith(".status")))
                .map(k -> k.substring(4, k.lastIndexOf('.'))).distinct().sorted().toList();
    }

    /** The apps of the fleet whose process is not running (exited, killed, or never started). */
    public java.util.List<String> appsDown() {
        return appNames().stream().filter(a -> liveProcess("app." + a).isEmpty()).toList();
    }

    private static boolean sameSecond(Instant a, Instant b) {
        return Math.abs(a.toEpochMilli() - b.toEpochMilli()) < 1000;
    }
}
