package dev.udpm.worker.models;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.TinyModels;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Tiny model exports for the plain unit tests, a {@link ModelPreparer} that loads them from disk, and the
 * {@link LoadedModels} registry over it.
 */
final class TinyExports {

    private TinyExports() {
    }

    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();
    private static Path cacheRoot;

    /** Exports {@code name/version} with weights from {@code seed} into {@code root/name/version}. */
    static Path export(Path root, String name, String version, long seed) throws IOException {
        Path dir = root.resolve(name).resolve(version);
        TinyModels.export(dir, seed, name, version, 32, 1, 10);
        return dir;
    }

    /**
     * {@code name/version} with weights from {@code seed}, exported once per test JVM (exports cost a second or more
     * on a busy machine) into a directory deleted when the JVM exits. Tests must not modify it.
     */
    static synchronized Path shared(String name, String version, long seed) throws IOException {
        String key = name + "/" + version + "/" + seed;
        Path cached = CACHE.get(key);
        if (cached == null) {
            if (cacheRoot == null) {
                cacheRoot = java.nio.file.Files.createTempDirectory("udpm-tiny-exports-");
                Path toDelete = cacheRoot;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> ModelFetcher.deleteRecursively(toDelete)));
            }
            cached = export(cacheRoot.resolve(Long.toString(seed)), name, version, seed);
            CACHE.put(key, cached);
        }
        return cached;
    }

    /**
     * The start-up tests' versions of model {@code fm}: {@code bundled} (seed 1), the bundled model, and {@code v5}
     * (seed 2), a version announced over it; {@link #shared} exports.
     */
    record StartupVersions(Path bundled, Path announced) {

        static StartupVersions shared() throws IOException {
            return new StartupVersions(TinyExports.shared("fm", "bundled", 1), TinyExports.shared("fm", "v5", 2));
        }
    }

    /** Images of (seed 7, indices 0..1), labels 3 and 4: a fingerprint of a model's weights. */
    static float[] fingerprint(UdpmModel model) {
        return model.generate(new LatentGenerator(model.latentShapes()).generate(7, 0, 2), new int[] {3, 4});
    }

    /** A preparer serving exported directories by version, rejecting the versions listed in {@link #reject}. */
    static final class DiskPreparer implements ModelPreparer {
        final Map<String, Path> dirs = new ConcurrentHashMap<>();
        final Map<String, String> reject = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        /** version -> the announced manifestSha256 the last fromStore call for it was given ("" for none). */
        final Map<String, String> expectedSha = new ConcurrentHashMap<>();
        /** What {@link #storedVersions} answers (any name), newest first. */
        final List<StoredVersion> stored = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Optional<PreparedModel> fromStore(String name, String version, ModelPublished.Location location,
                String expectedManifestSha256) throws ModelRejectedException {
            expectedSha.put(version, expectedManifestSha256 == null ? "" : expectedManifestSha256);
            if (reject.containsKey(version)) {
                throw new ModelRejectedException(name, version, LoadStep.VERIFY, reject.get(version));
            }
            Path dir = dirs.get(version);
            return dir == null ? Optional.empty() : Optional.of(fromDirectory(dir));
        }

        @Override
        public List<StoredVersion> storedVersions(String name) {
            return List.copyOf(stored);
        }

        @Override
        public PreparedModel fromDirectory(Path dir) throws ModelRejectedException {
            try {
                loads.incrementAndGet();
                UdpmModel model = ModelLoader.load(dir, DeviceOptions.cpu(1, 1));
                return new PreparedModel(model, "disk:" + dir, java.time.Duration.ofMillis(5));
            } catch (IOException e) {
                throw new ModelRejectedException(String.valueOf(dir.getParent().getFileName()),
                        String.valueOf(dir.getFileName()), LoadStep.LOAD, e.getMessage(), e);
            }
        }
    }

    /** The worker id of the status events of {@link #loadedModels}. */
    static final String WORKER_ID = "worker-1";

    /**
     * A registry loading through {@code preparer}, keeping {@code maxVersionsPerModel} versions of a model, adding
     * its status events (worker {@value #WORKER_ID}) to {@code events} and its metrics to {@code meters}. The caller
     * closes it.
     */
    static LoadedModels loadedModels(ModelPreparer preparer, List<ModelStatus> events, MeterRegistry meters,
            int maxVersionsPerModel) {
        return new LoadedModels(preparer, new ModelEvents(events::add, WORKER_ID, Clock.systemUTC()),
                new ModelMetrics(meters), maxVersionsPerModel, Clock.systemUTC());
    }

    /** {@link #loadedModels(ModelPreparer, List, MeterRegistry, int)} keeping 2 versions, metrics discarded. */
    static LoadedModels loadedModels(ModelPreparer preparer, List<ModelStatus> events) {
        return loadedModels(preparer, events, new SimpleMeterRegistry(), 2);
    }

    /** A published event for {@code name/version} in bucket {@code b}. */
    static ModelPublished published(String name, String version) {
        return new ModelPublished(name, version, new ModelPublished.Location("b", "models/" + name + "/" + version + "/"),
                "ab".repeat(32), java.time.Instant.parse("2025-01-01T00:00:00Z"), Map.of(), null);
    }

    /** Status events as "status name/version". */
    static List<String> describe(List<ModelStatus> events) {
        return events.stream().map(e -> e.status().name().toLowerCase() + " " + e.modelName() + "/" + e.version())
                .toList();
    }
}
