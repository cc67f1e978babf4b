package dev.udpm.worker.models;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.udpm.schemas.model.ModelPublished;

/**
 * What this worker knows about model versions besides the loaded ones: every announcement it has read (all of
 * them, not only the newest of each model, so a pinned or fallback load is checked against the announced
 * {@code manifestSha256} whenever the worker saw one), the versions that failed a step that gives the same
 * result every time (verify, load, warm-up) with the reason, and the models left with no servable version.
 *
 * <p>Thread-safe. Framework-free; owned by {@link LoadedModels}.
 */
final class KnownVersions {

    private final Map<String, ModelPublished> announced = new ConcurrentHashMap<>();
    private final Map<String, ModelRejectedException> rejected = new ConcurrentHashMap<>();
    private final Map<String, String> unservable = new ConcurrentHashMap<>();

    private static String key(String name, String version) {
        return name + "/" + version;
    }

    /** Remembers an announcement; a new announcement of a version clears its earlier rejection (republished). */
    void announced(ModelPublished published) {
        String key = key(published.name(), published.version());
        announced.put(key, published);
        rejected.remove(key);
    }

    /** The announcement of {@code name/version} this worker read, if any. */
    Optional<ModelPublished> announcement(String name, String version) {
        return Optional.ofNullable(announced.get(key(name, version)));
    }

    /** Records that a version failed a deterministic step; the exception says which and why. */
    void rejected(ModelRejectedException rejection) {
        rejected.put(key(rejection.modelName(), rejection.version()), rejection);
    }

    /** Why {@code name/version} was rejected, if it was (and not announced again since). */
    Optional<ModelRejectedException> rejection(String name, String version) {
        return Optional.ofNullable(rejected.get(key(name, version)));
    }

    /** Records that no version of {@code name} can serve, and why. */
    void unservable(String name, String reason) {
        unservable.put(name, reason);
    }

    /** A version of {@code name} serves again. */
    void servable(String name) {
        unservable.remove(name);
    }

    /** Model name to the reason it has no servable version (snapshot). */
    Map<String, String> unservable() {
        return Map.copyOf(unservable);
    }
}
