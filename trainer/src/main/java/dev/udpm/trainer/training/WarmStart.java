package dev.udpm.trainer.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import dev.udpm.core.math.Schedule;
import dev.udpm.core.model.ExportedWeights;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.schemas.model.ModelManifest;

/**
 * The start of a new run from an exported model instead of random weights ({@code TrainCommand --init-from DIR}):
 * the export's weights (the EMA weights of the run that made it: the trainer exports nothing else) become both the
 * generator's and its EMA's starting weights; the discriminator, the Adam moments and the step count start fresh.
 * The run records where it started ({@link #origin()}).
 *
 * @param origin the exported version's name, version and manifest SHA-256
 * @param weights the exported network weights
 */
public record WarmStart(InitFrom origin, NetworkWeights weights) {

    public WarmStart {
        Objects.requireNonNull(origin, "warm start: origin must not be null");
        Objects.requireNonNull(weights, "warm start: weights must not be null");
    }

    /**
     * Verifies the model folder {@code dir} against its manifest's SHA-256s ({@link ExportedWeights#read}), checks
     * that it was exported with the configuration of {@code config} on images of side {@code imageSize} (the
     * network, the image size and the trainer's schedule), and reads its weights.
     *
     * @throws IllegalArgumentException naming the first field that differs (e.g. {@code network.baseWidth})
     * @throws IOException if the folder cannot be read or fails verification ({@code InvalidModelException}, naming
     *     the file)
     */
    public static WarmStart read(Path dir, TrainingRunConfig config, int imageSize) throws IOException {
        ExportedWeights exported = ExportedWeights.read(dir);
        ModelManifest manifest = exported.manifest();
        String model = manifest.name() + "/" + manifest.version() + " (" + dir + ")";
        if (manifest.imageSize() != imageSize) {
            throw mismatch("imageSize", manifest.imageSize(), imageSize, model);
        }
        Schedule schedule = Schedule.paperDefault();
        double[] alpha = manifest.schedule().alphaArray();
        double[] sigma = manifest.schedule().sigmaArray();
        if (alpha.length != schedule.levels()) {
            throw mismatch("levels", alpha.length, schedule.levels(), model);
        }
        for (int l = 1; l <= schedule.levels(); l++) {
            if (alpha[l - 1] != schedule.alpha(l)) {
                throw mismatch("schedule.alpha[" + (l - 1) + "]", alpha[l - 1], schedule.alpha(l), model);
            }
            if (sigma[l - 1] != schedule.sigma(l)) {
                throw mismatch("schedule.sigma[" + (l - 1) + "]", sigma[l - 1], schedule.sigma(l), model);
            }
        }
        Map<String, Object> wanted = config.network().toMap();
        Map<String, Object> given = exported.network().toMap();
        for (Map.Entry<String, Object> field : wanted.entrySet()) {
            Object exportedValue = given.get(field.getKey());
            if (!field.getValue().equals(exportedValue)) {
                throw mismatch("network." + field.getKey(), exportedValue, field.getValue(), model);
            }
        }
        return new WarmStart(new InitFrom(manifest.name(), manifest.version(), exported.manifestSha256()),
                exported.weights());
    }

    private static IllegalArgumentException mismatch(String field, Object exported, Object run, String model) {
        return new IllegalArgumentException(field + " is " + exported + " in the manifest of " + model + " but " + run
                + " in this run: configure the run as the export was trained (the manifest's trainingConfig holds"
                + " its settings; for the packaged fashion-mnist, the default network on Fashion-MNIST) or start"
                + " from scratch without initialising from it");
    }
}
