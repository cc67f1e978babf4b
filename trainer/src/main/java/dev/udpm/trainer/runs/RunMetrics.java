package dev.udpm.trainer.runs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.udpm.trainer.training.TrainingProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The trainer's gauges (Prometheus names at {@code /q/metrics}): {@code udpm_trainer_step},
 * {@code udpm_trainer_total_steps}, {@code udpm_trainer_images_per_second}, {@code udpm_trainer_eta_seconds} and
 * {@code udpm_trainer_loss{term="g.l1"|"d.real"|...}}, all of the run training on this instance (the last values stay
 * after it ends); {@code udpm_trainer_running} is 1 while a run trains.
 */
public final class RunMetrics {

    private final MeterRegistry registry;
    private final AtomicLong step = new AtomicLong();
    private final AtomicLong totalSteps = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private final DoubleCell imagesPerSecond = new DoubleCell();
    private final DoubleCell etaSeconds = new DoubleCell();
    /** Strong references: a Micrometer gauge only holds its object weakly. */
    private final Map<String, DoubleCell> losses = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("udpm.trainer.step", step, AtomicLong::get).description("Completed steps of the current run")
                .register(registry);
        Gauge.builder("udpm.trainer.total.steps", totalSteps, AtomicLong::get)
                .description("The step the current run trains to").register(registry);
        Gauge.builder("udpm.trainer.running", running, AtomicLong::get)
                .description("1 while a run trains on this instance").register(registry);
        Gauge.builder("udpm.trainer.images.per.second", imagesPerSecond, DoubleCell::get)
                .description("Training throughput of the latest progress window").register(registry);
        Gauge.builder("udpm.trainer.eta.seconds", etaSeconds, DoubleCell::get)
                .description("Estimated seconds until the current run reaches its steps").register(registry);
    }

    void started(long fromStep, long total) {
        step.set(fromStep);
        totalSteps.set(total);
        running.set(1);
    }

    void ended() {
        running.set(0);
    }

    void progress(TrainingProgress p) {
        step.set(p.step());
        totalSteps.set(p.totalSteps());
        imagesPerSecond.set(p.imagesPerSecond());
        etaSeconds.set(p.eta().toMillis() / 1000.0);
        p.losses().forEach((term, value) -> losses.computeIfAbsent(term, t -> {
            DoubleCell cell = new DoubleCell();
            Gauge.builder("udpm.trainer.loss", cell, DoubleCell::get).tag("term", t)
                    .description("Mean loss of the latest progress window").register(registry);
            return cell;
        }).set(value));
    }

    private static final class DoubleCell {
        private volatile double value;

        double get() {
            return value;
        }

        void set(double v) {
            value = v;
        }
    }
}
