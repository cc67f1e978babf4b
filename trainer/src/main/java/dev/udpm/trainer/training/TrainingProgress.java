package dev.udpm.trainer.training;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A progress report of a {@link TrainingLoop}, issued every {@code logEvery} steps and at the end of a run.
 *
 * @param step completed steps
 * @param totalSteps the step the run trains to
 * @param losses the window's mean per loss-term key (all levels together); see {@link LossHistory.Entry#overall}
 * @param lossesByLevel the window's means per level
 * @param imagesPerSecond images per second of training-step time over the window
 * @param elapsed training-step time so far (over all resumptions)
 * @param eta the remaining steps at the window's wall-clock rate (checkpoints and previews included)
 * @param generatorLearningRate the generator's step size at {@code step} (warm-up included)
 * @param instanceNoiseStd the instance-noise std at {@code step}
 */
public record TrainingProgress(long step, long totalSteps, Map<String, Double> losses,
        Map<Integer, Map<String, Double>> lossesByLevel, double imagesPerSecond, Duration elapsed, Duration eta,
        double generatorLearningRate, double instanceNoiseStd) {

    public TrainingProgress {
        losses = Map.copyOf(losses);
        lossesByLevel = Map.copyOf(lossesByLevel);
    }

    /** Share of the run done, in [0, 1]. */
    public double fraction() {
        return totalSteps == 0 ? 1 : (double) step / totalSteps;
    }

    /**
     * The log line, e.g. {@code step 1200/20000 (6.0%) | G l1 0.0812 perc 0.4213 adv 0.7012 | D real 0.651 fake
     * 0.688 r1 0.0031 | 121.3 img/s | lr 1.00e-04 noise 0.395 | elapsed 10m03s | ETA 2h12m}.
     */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "step %d/%d (%.1f%%) | G", step, totalSteps,
                100 * fraction()));
        term(s, "l1", "g.l1");
        term(s, "perc", "g.perceptual");
        term(s, "adv", "g.adversarial");
        term(s, "div", "g.diversity");
        s.append(" | D");
        term(s, "real", "d.real");
        term(s, "fake", "d.fake");
        term(s, "r1", "d.r1");
        s.append(String.format(Locale.ROOT, " | %.1f img/s | lr %.2e noise %.3f | elapsed %s | ETA %s",
                imagesPerSecond, generatorLearningRate, instanceNoiseStd, format(elapsed), format(eta)));
        return s.toString();
    }

    private void term(StringBuilder s, String label, String key) {
        Double v = losses.get(key);
        if (v != null) {
            s.append(String.format(Locale.ROOT, " %s %.4f", label, v));
        }
    }

    static String format(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
