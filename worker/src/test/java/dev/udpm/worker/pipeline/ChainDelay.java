package dev.udpm.worker.pipeline;

import java.time.Duration;
import java.util.List;

import dev.udpm.worker.models.LoadedModel;
import dev.udpm.worker.models.ModelLease;
import dev.udpm.worker.models.ModelRegistry;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * Test hook around the worker's real {@link ModelRegistry}: while {@link #set} holds a delay, every
 * {@code acquire} sleeps that long first. The pipeline takes one lease per batch, so this slows every chain call
 * and makes a job run as long as a test needs. Zero (the default) changes nothing for other tests.
 */
@Decorator
@Priority(1)
public class ChainDelay implements ModelRegistry {

    private static volatile Duration delay = Duration.ZERO;

    @Inject
    @Delegate
    @Any
    ModelRegistry delegate;

    /** Delay every later lease by {@code value}; {@link Duration#ZERO} to stop. */
    public static void set(Duration value) {
        delay = value;
    }

    @Override
    public ModelLease acquire(String name, String version) {
        Duration current = delay;
        if (!current.isZero()) {
            try {
                Thread.sleep(current.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return delegate.acquire(name, version);
    }

    @Override
    public List<LoadedModel> loaded() {
        return delegate.loaded();
    }
}
