package dev.udpm.worker.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.InvalidModelException;
import dev.udpm.core.model.ManifestVerifier;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import org.jboss.logging.Logger;

/**
 * The real {@link ModelPreparer}: {@link ModelFetcher download} (object store) -> {@link ManifestVerifier verify}
 * -> {@link ModelLoader load} with the configured {@link DeviceOptions} -> {@link ModelWarmup warm up}. A
 * downloaded directory is deleted as soon as TensorFlow has loaded it (the session holds the variables in
 * memory), so the cache only ever holds versions being loaded.
 */
public final class StoreModelPreparer implements ModelPreparer {

    private static final Logger LOG = Logger.getLogger(StoreModelPreparer.class);

    private final ModelFetcher fetcher;
    private final DeviceOptions device;
    private final int warmupBatchSize;

    public StoreModelPreparer(ModelFetcher fetcher, DeviceOptions device, int warmupBatchSize) {
        if (warmupBatchSize < 1) {
            throw new IllegalArgumentException("udpm.worker.models.warmup-batch-size = " + warmupBatchSize
                    + " must be >= 1");
        }
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.device = Objects.requireNonNull(device, "device");
        this.warmupBatchSize = warmupBatchSize;
    }

    @Override
    public Optional<PreparedModel> fromStore(String name, String version, ModelPublished.Location location,
            String expectedManifestSha256) throws ModelRejectedException {
        long start = System.nanoTime();
        Optional<Path> dir = fetcher.fetch(name, version, location, expectedManifestSha256);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        UdpmModel model;
        try {
            model = load(name, version, dir.get());
        } finally {
            ModelFetcher.deleteRecursively(dir.get());
        }
        warmUp(model);
        String prefix = location == null ? ModelManifest.prefixOf(name, version) : location.prefix();
        return Optional.of(new PreparedModel(model, "s3://" + fetcher.bucket() + "/" + prefix, since(start)));
    }

    @Override
    public List<StoredVersion> storedVersions(String name) {
        return fetcher.storedVersions(name);
    }

    @Override
    public PreparedModel fromDirectory(Path dir) throws ModelRejectedException {
        long start = System.nanoTime();
        String[] id = identify(dir);
        UdpmModel model = load(id[0], id[1], dir);
        long loaded = System.nanoTime();
        warmUp(model);
        LOG.infof("Model %s/%s from %s: verified and loaded in %d ms, warmed up in %d ms", id[0], id[1], dir,
                (loaded - start) / 1_000_000, (System.nanoTime() - loaded) / 1_000_000);
        return new PreparedModel(model, "bundled:" + dir, since(start));
    }

    private UdpmModel load(String name, String version, Path dir) throws ModelRejectedException {
        ModelManifest manifest;
        long start = System.nanoTime();
        try {
            manifest = ManifestVerifier.verify(dir);
            LOG.infof("Model %s/%s: files verified in %d ms", name, version, (System.nanoTime() - start) / 1_000_000);
        } catch (InvalidModelException e) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, "cannot read " + dir + ": " + e, e);
        }
        if (!manifest.name().equals(name) || !manifest.version().equals(version)) {
            throw new ModelRejectedException(name, version, LoadStep.VERIFY, ModelManifest.FILE_NAME + ": describes "
                    + manifest.name() + "/" + manifest.version() + ", expected " + name + "/" + version);
        }
        try {
            return ModelLoader.load(dir, device);
        } catch (IOException | RuntimeException e) {
            throw new ModelRejectedException(name, version, LoadStep.LOAD, e.getMessage() == null ? e.toString()
                    : e.getMessage(), e);
        }
    }

    private void warmUp(UdpmModel model) throws ModelRejectedException {
        try {
            ModelWarmup.warmUp(model, warmupBatchSize);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelRejectedException(model.manifest().name(), model.manifest().version(), LoadStep.WARM_UP,
                    e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * Name and version of a bundled directory from its manifest, or a placeholder when it is unreadable (the
     * rejection still needs names that fit the status schema).
     */
    private static String[] identify(Path dir) {
        try {
            ModelManifest m = ContractValidator.shared().parseModelManifest(
                    Files.readString(dir.resolve(ModelManifest.FILE_NAME)));
            return new String[] {m.name(), m.version()};
        } catch (IOException | RuntimeException e) {
            String base = dir.getFileName() == null ? "" : dir.getFileName().toString();
            String safe = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
            return new String[] {"bundled", safe.isEmpty() ? "unknown" : safe.substring(0, Math.min(safe.length(), 128))};
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
