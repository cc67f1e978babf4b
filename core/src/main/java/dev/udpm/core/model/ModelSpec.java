package dev.udpm.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNetConfig;

/**
 * What an exported model version is: identity, image format, schedule, sampler and network; everything of the
 * manifest except the file list and the signature, which the exporter derives.
 *
 * @param name model name (letters, digits, '.', '_', '-'; see the manifest schema)
 * @param version model version (same alphabet)
 * @param created export time
 * @param imageSize side S of the square images, a multiple of {@code 2^L}
 * @param network the U-Net configuration; its {@code imageChannels} and {@code numClasses} are the model's
 * @param schedule alpha and sigma per step; L = {@code schedule.levels()}
 * @param posteriorMode how the chain draws {@code x_{l-1}}
 * @param trainingConfig free-form training configuration (may be empty)
 * @param metrics evaluation metrics (may be empty)
 * @param classNames the name of each class label (element i names label i), or {@code null} for none
 */
public record ModelSpec(String name, String version, Instant created, int imageSize, UNetConfig network,
        Schedule schedule, PosteriorMode posteriorMode, Map<String, Object> trainingConfig,
        Map<String, Double> metrics, List<String> classNames) {

    /** A spec whose manifest names no classes. */
    public ModelSpec(String name, String version, Instant created, int imageSize, UNetConfig network,
            Schedule schedule, PosteriorMode posteriorMode, Map<String, Object> trainingConfig,
            Map<String, Double> metrics) {
        this(name, version, created, imageSize, network, schedule, posteriorMode, trainingConfig, metrics, null);
    }

    public ModelSpec {
        Objects.requireNonNull(name, "model spec: name must not be null");
        Objects.requireNonNull(version, "model spec: version must not be null");
        Objects.requireNonNull(created, "model spec: created must not be null");
        Objects.requireNonNull(network, "model spec: network must not be null");
        Objects.requireNonNull(schedule, "model spec: schedule must not be null");
        Objects.requireNonNull(posteriorMode, "model spec: posteriorMode must not be null");
        schedule.requireDivisible(imageSize);
        trainingConfig = trainingConfig == null ? Map.of() : Map.copyOf(trainingConfig);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        classNames = classNames == null ? null : List.copyOf(classNames);
    }
}
