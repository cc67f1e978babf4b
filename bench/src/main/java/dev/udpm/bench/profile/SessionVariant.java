package dev.udpm.bench.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.GraphTuning;

/**
 * The session configurations {@code bench profile} compares with the worker's default ({@code default}:
 * {@link GraphTuning#defaults()}, remapper off), TensorFlow's own defaults ({@code remapping}) among them, each loaded
 * as its own
 * session of the same model in one JVM. Only graph options can differ: TensorFlow sizes its intra-op thread pool
 * once per process (from the first session), so thread counts are compared in separate runs.
 *
 * @param name the name on the command line ({@code --variants})
 * @param options the device options the model is loaded with
 * @param floatExact whether the variant is meant to keep float32 results (the comparison checks it either way)
 */
public record SessionVariant(String name, DeviceOptions options, boolean floatExact) {

    private static final Map<String, SessionVariant> ALL = new LinkedHashMap<>();

    static {
        DeviceOptions base = DeviceOptions.defaults();
        add(new SessionVariant("default", base, true));
        add(new SessionVariant("remapping", base.withTuning(GraphTuning.tensorflowDefaults()), true));
        add(new SessionVariant("xla-jit", base.withTuning(new GraphTuning(true, false, false)), true));
        add(new SessionVariant("onednn-bf16", base.withTuning(new GraphTuning(false, false, true)), false));
    }

    private static void add(SessionVariant v) {
        ALL.put(v.name(), v);
    }

    /** Every variant name, {@code default} first. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** @throws IllegalArgumentException naming the known variants when {@code name} is not one */
    public static SessionVariant named(String name) {
        SessionVariant v = ALL.get(name);
        if (v == null) {
            throw new IllegalArgumentException("bench profile: unknown variant '" + name + "'; known: " + names());
        }
        return v;
    }
}
