package dev.udpm.worker.models;

import java.time.Duration;

import dev.udpm.core.model.UdpmModel;

/**
 * A version that passed every {@link LoadStep} and is ready to install; its owner must install or close it.
 *
 * @param model the loaded, warmed-up model
 * @param source {@code bundled:<dir>} or the object-store prefix it came from
 * @param loadTime download + verification + load + warm-up
 */
public record PreparedModel(UdpmModel model, String source, Duration loadTime) {
}
