package dev.udpm.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters of UDPM training (docs/method.md#4-network-and-training), with the paper's values as defaults
 * ({@link #paperDefaults()}). Per-level lists are indexed by the step {@code l = 1..L} (element {@code l - 1}).
 *
 * <p>Loss of the generator (the shared U-Net) at level {@code l}, with {@code p = f / 2^(l-1)} the prediction and
 * {@code y = H^(l-1) x_0 / 2^(l-1)} the target, both back on the [-1, 1] scale:
 * <pre>
 *   L_G(l) = l1Weights[l] * mean|p - y| + perceptualWeights[l] * mean_n d(up(p), up(y))
 *          + adversarialWeights[l] * mean_n softplus(-D(p + n_f, t_l, y_class))
 *          - diversityWeights[l] * mean_n min(mean|pool2(p(eps) - p(-eps))| / mean|eps - (-eps)|, diversityCap)
 * </pre>
 * (the last term is a mode-seeking / diversity-sensitive term, Mao et al. 2019, Yang et al. 2019: {@code p(-eps)} is
 * the prediction from the antithetic forward draw {@code x_l' = alphaBar_l H^l x_0 - sigmaBar_l eps} of the same image
 * and class, so the generator is rewarded, up to the cap, for outputs that move with its only latent, the noise in
 * {@code x_l})
 * and of the discriminator
 * <pre>
 *   L_D(l) = mean softplus(-D(y + n_r)) + mean softplus(D(sg(p) + n_f)) + r1Gammas[l] / 2 * mean_n ||grad_y D(y + n_r)||^2
 * </pre>
 * ({@code n_r, n_f} instance noise of std {@link #instanceNoiseStd(long)}; the R1 term is added every
 * {@code r1Interval} steps, multiplied by {@code r1Interval} (lazy regularisation, Karras et al. 2020)).
 *
 * @param l1Weights L1 weight per level; paper (1, 1, 0)
 * @param perceptualWeights perceptual weight per level; paper (4, 4, 0) (LPIPS-VGG there, the project's own
 *     {@code FeatureNet} distance here)
 * @param adversarialWeights adversarial weight per level; paper (0.2, 0.5, 1); the coarsest level is trained
 *     only adversarially
 * @param diversityWeights weight of the diversity term per level; 0 (off) by default; a level trained only
 *     adversarially (the coarsest) needs it: its critic alone does not keep the output from ignoring the noise
 *     (docs/method.md#4-network-and-training)
 * @param diversityCap the cap of the diversity ratio (output distance over noise distance, both mean absolute values
 *     on the [-1, 1] scale); above it the term gives no gradient, so the generator is not pushed beyond the data's
 *     own diversity
 * @param r1Gammas R1 penalty weight {@code gamma_l} per level; paper (0.025, 0.1, 0.4)
 * @param r1Interval apply the R1 penalty every this many steps (1 = every step)
 * @param instanceNoiseStd initial instance-noise standard deviation; paper 0.4
 * @param instanceNoiseDecay factor per {@code instanceNoiseDecaySteps}; paper 0.99
 * @param instanceNoiseDecaySteps steps per decay factor; paper 1000
 * @param generatorLearningRate Adam step size of the generator after warm-up; paper 1e-4
 * @param discriminatorLearningRate Adam step size of the discriminator after warm-up; paper 1e-4
 * @param adamBeta1 Adam first-moment decay for both players; 0.5 as in DDGAN (Xiao et al. 2022), whose
 *     adversarial set-up UDPM follows: a short momentum horizon keeps the two-player updates from overshooting
 * @param adamBeta2 Adam second-moment decay; 0.9 as in DDGAN (the gradient scale of a GAN drifts quickly)
 * @param adamEpsilon Adam's epsilon; 1e-8
 * @param warmupSteps the learning rates rise linearly over this many steps ({@code lr * min(1, step / warmup)})
 * @param emaDecay decay of the exponential moving average of the generator weights; 0.999 (a horizon of about
 *     1000 steps, suited to runs of a few thousand to a few hundred thousand steps on a CPU; the paper's 0.9999
 *     averages over 10^4 steps and would leave a short run's EMA near its initialisation). The decay used at
 *     step {@code t} is {@code min(emaDecay, (1 + t) / (10 + t))} (TensorFlow's num_updates rule) so that the
 *     average follows the fast early changes
 * @param batchSize images per step
 * @param seed seed of the initial weights and of every per-step random draw
 */
public record TrainingConfig(List<Double> l1Weights, List<Double> perceptualWeights, List<Double> adversarialWeights,
        List<Double> diversityWeights, double diversityCap, List<Double> r1Gammas, int r1Interval, double instanceNoiseStd, double instanceNoiseDecay,
        int instanceNoiseDecaySteps, double generatorLearningRate, double discriminatorLearningRate,
        double adamBeta1, double adamBeta2, double adamEpsilon, int warmupSteps, double emaDecay, int batchSize,
        long seed) {

    /** Default {@link #diversityCap()}: see {@code docs/method.md#4-network-and-training} for how it was chosen. */
    public static final double DEFAULT_DIVERSITY_CAP = 0.13;

    public TrainingConfig {
        l1Weights = checkedLevels("l1Weights", l1Weights);
        perceptualWeights = checkedLevels("perceptualWeights", perceptualWeights);
        adversarialWeights = checkedLevels("adversarialWeights", adversarialWeights);
        diversityWeights = checkedLevels("diversityWeights", diversityWeights);
        r1Gammas = checkedLevels("r1Gammas", r1Gammas);
        int levels = l1Weights.size();
        for (List<Double> list : List.of(perceptualWeights, adversarialWeights, diversityWeights, r1Gammas)) {
            if (list.size() != levels) {
                throw new IllegalArgumentException("training config: l1Weights, perceptualWeights, adversarialWeights,"
                        + " diversityWeights and r1Gammas must each hold one value per level; got sizes " + levels
                        + ", " + perceptualWeights.size() + ", " + adversarialWeights.size() + ", "
                        + diversityWeights.size() + ", " + r1Gammas.size());
            }
        }
        for (int l = 1; l <= levels; l++) {
            if (l1Weights.get(l - 1) + perceptualWeights.get(l - 1) + adversarialWeights.get(l - 1) <= 0) {
                throw new IllegalArgumentException("training config: level " + l
                        + " has no loss term (l1, perceptual and adversarial weights are all 0)");
            }
        }
        requirePositive("diversityCap", diversityCap);
        requireAtLeast("r1Interval", r1Interval, 1);
        requireInRange("instanceNoiseStd", instanceNoiseStd, 0, 10);
        requireInRange("instanceNoiseDecay", instanceNoiseDecay, 0, 1);
        requireAtLeast("instanceNoiseDecaySteps", instanceNoiseDecaySteps, 1);
        requirePositive("generatorLearningRate", generatorLearningRate);
        requirePositive("discriminatorLearningRate", discriminatorLearningRate);
        requireInRange("adamBeta1", adamBeta1, 0, 0.999999);
        requireInRange("adamBeta2", adamBeta2, 0, 0.999999);
        requirePositive("adamEpsilon", adamEpsilon);
        requireAtLeast("warmupSteps", warmupSteps, 0);
        requireInRange("emaDecay", emaDecay, 0, 0.999999);
        requireAtLeast("batchSize", batchSize, 1);
    }

    /**
     * The paper's values (see the parameter descriptions; no diversity term, cap {@value #DEFAULT_DIVERSITY_CAP}),
     * batch size 32, seed 1.
     */
    public static TrainingConfig paperDefaults() {
        return new TrainingConfig(List.of(1.0, 1.0, 0.0), List.of(4.0, 4.0, 0.0), List.of(0.2, 0.5, 1.0),
                List.of(0.0, 0.0, 0.0), DEFAULT_DIVERSITY_CAP,
                List.of(0.025, 0.1, 0.4), 1, 0.4, 0.99, 1000, 1e-4, 1e-4, 0.5, 0.9, 1e-8, 500, 0.999, 32, 1L);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** L, the number of levels the per-level lists cover. */
    public int levels() {
        return l1Weights.size();
    }

    public double l1Weight(int l) {
        return l1Weights.get(checkLevel(l) - 1);
    }

    public double perceptualWeight(int l) {
        return perceptualWeights.get(checkLevel(l) - 1);
    }

    public double adversarialWeight(int l) {
        return adversarialWeights.get(checkLevel(l) - 1);
    }

    public double diversityWeight(int l) {
        return diversityWeights.get(checkLevel(l) - 1);
    }

    public double r1Gamma(int l) {
        return r1Gammas.get(checkLevel(l) - 1);
    }

    /** True if any level has a perceptual term (the training graph then needs the perceptual network). */
    public boolean usesPerceptualLoss() {
        return perceptualWeights.stream().anyMatch(w -> w > 0);
    }

    /** Warm-up factor at 1-based step {@code t}: {@code min(1, t / warmupSteps)} (1 without warm-up). */
    public double warmupFactor(long step) {
        checkStep(step);
        return warmupSteps == 0 ? 1.0 : Math.min(1.0, (double) step / warmupSteps);
    }

    /** The generator's Adam step size at 1-based step {@code t}. */
    public double generatorLearningRate(long step) {
        return generatorLearningRate * warmupFactor(step);
    }

    /** The discriminator's Adam step size at 1-based step {@code t}. */
    public double discriminatorLearningRate(long step) {
        return discriminatorLearningRate * warmupFactor(step);
    }

    /** Instance-noise std at 1-based step {@code t}: {@code instanceNoiseStd * decay^(t / decaySteps)}. */
    public double instanceNoiseStd(long step) {
        checkStep(step);
        return instanceNoiseStd * Math.pow(instanceNoiseDecay, (double) step / instanceNoiseDecaySteps);
    }

    /** EMA decay used at 1-based step {@code t}: {@code min(emaDecay, (1 + t) / (10 + t))}. */
    public double emaDecay(long step) {
        checkStep(step);
        return Math.min(emaDecay, (1.0 + step) / (10.0 + step));
    }

    /** Whether the D step of 1-based step {@code t} carries the (lazy) R1 penalty. */
    public boolean appliesR1(long step) {
        checkStep(step);
        return step % r1Interval == 0;
    }

    /** The configuration as a JSON-friendly map (checkpoint state, model manifest {@code trainingConfig}). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("l1Weights", l1Weights);
        map.put("perceptualWeights", perceptualWeights);
        map.put("adversarialWeights", adversarialWeights);
        map.put("diversityWeights", diversityWeights);
        map.put("diversityCap", diversityCap);
        map.put("r1Gammas", r1Gammas);
        map.put("r1Interval", r1Interval);
        map.put("instanceNoiseStd", instanceNoiseStd);
        map.put("instanceNoiseDecay", instanceNoiseDecay);
        map.put("instanceNoiseDecaySteps", instanceNoiseDecaySteps);
        map.put("generatorLearningRate", generatorLearningRate);
        map.put("discriminatorLearningRate", discriminatorLearningRate);
        map.put("adamBeta1", adamBeta1);
        map.put("adamBeta2", adamBeta2);
        map.put("adamEpsilon", adamEpsilon);
        map.put("warmupSteps", warmupSteps);
        map.put("emaDecay", emaDecay);
        map.put("batchSize", batchSize);
        map.put("seed", seed);
        return map;
    }

    /**
     * The inverse of {@link #toMap()}. A map without {@code diversityWeights} and {@code diversityCap} (written before
     * the diversity term existed) reads as no diversity term with the default cap, so such checkpoints stay resumable.
     *
     * @throws IllegalArgumentException naming a missing or mistyped key
     */
    public static TrainingConfig fromMap(Map<String, ?> map) {
        List<Double> l1 = doubles(map, "l1Weights");
        List<Double> diversity = map.containsKey("diversityWeights") ? doubles(map, "diversityWeights")
                : java.util.Collections.nCopies(l1.size(), 0.0);
        double cap = map.containsKey("diversityCap") ? number(map, "diversityCap") : DEFAULT_DIVERSITY_CAP;
        return new TrainingConfig(l1, doubles(map, "perceptualWeights"),
                doubles(map, "adversarialWeights"), diversity, cap, doubles(map, "r1Gammas"), (int) number(map, "r1Interval"),
                number(map, "instanceNoiseStd"), number(map, "instanceNoiseDecay"),
                (int) number(map, "instanceNoiseDecaySteps"), number(map, "generatorLearningRate"),
                number(map, "discriminatorLearningRate"), number(map, "adamBeta1"), number(map, "adamBeta2"),
                number(map, "adamEpsilon"), (int) number(map, "warmupSteps"), number(map, "emaDecay"),
                (int) number(map, "batchSize"), longValue(map, "seed"));
    }

    private static double number(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("training config: key '" + key + "' must be a number, got "
                    + map.get(key));
        }
        return n.doubleValue();
    }

    private static long longValue(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("training config: key '" + key + "' must be an integer, got "
                    + map.get(key));
        }
        return n.longValue();
    }

    private static List<Double> doubles(Map<String, ?> map, String key) {
        if (!(map.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException("training config: key '" + key
                    + "' must be a list of numbers (one per level), got " + map.get(key));
        }
        List<Double> out = new ArrayList<>();
        for (Object v : list) {
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("training config: '" + key + "' holds non-number " + v);
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    private static List<Double> checkedLevels(String name, List<Double> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("training config: " + name + " must hold one value per level");
        }
        List<Double> copy = List.copyOf(values);
        for (int i = 0; i < copy.size(); i++) {
            double v = copy.get(i);
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("training config: " + name + "[level " + (i + 1) + "] = " + v
                        + " must be a finite number >= 0");
            }
        }
        return copy;
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("training config: " + name + " = " + value
                    + " must be a finite number > 0");
        }
    }

    private static void requireInRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("training config: " + name + " = " + value + " must be in ["
                    + min + ", " + max + "]");
        }
    }

    private static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("training config: " + name + " = " + value + " must be >= " + min);
        }
    }

    private int checkLevel(int l) {
        if (l < 1 || l > levels()) {
            throw new IllegalArgumentException("training config: level l = " + l + " outside 1.." + levels());
        }
        return l;
    }

    private static void checkStep(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("training step = " + step + " must be >= 1 (steps are 1-based)");
        }
    }

    /** Mutable builder over the record's fields (see the record's parameters for their meaning). */
    public static final class Builder {
        private List<Double> l1Weights;
        private List<Double> perceptualWeights;
        private List<Double> adversarialWeights;
        private List<Double> diversityWeights;
        private double diversityCap;
        private List<Double> r1Gammas;
        private int r1Interval;
        private double instanceNoiseStd;
        private double instanceNoiseDecay;
        private int instanceNoiseDecaySteps;
        private double generatorLearningRate;
        private double discriminatorLearningRate;
        private double adamBeta1;
        private double adamBeta2;
        private double adamEpsilon;
        private int warmupSteps;
        private double emaDecay;
        private int batchSize;
        private long seed;

        private Builder(TrainingConfig c) {
            l1Weights = c.l1Weights;
            perceptualWeights = c.perceptualWeights;
            adversarialWeights = c.adversarialWeights;
            diversityWeights = c.diversityWeights;
            diversityCap = c.diversityCap;
            r1Gammas = c.r1Gammas;
            r1Interval = c.r1Interval;
            instanceNoiseStd = c.instanceNoiseStd;
            instanceNoiseDecay = c.instanceNoiseDecay;
            instanceNoiseDecaySteps = c.instanceNoiseDecaySteps;
            generatorLearningRate = c.generatorLearningRate;
            discriminatorLearningRate = c.discriminatorLearningRate;
            adamBeta1 = c.adamBeta1;
            adamBeta2 = c.adamBeta2;
            adamEpsilon = c.adamEpsilon;
            warmupSteps = c.warmupSteps;
            emaDecay = c.emaDecay;
            batchSize = c.batchSize;
            seed = c.seed;
        }

        /** Per-level weights of the three generator loss terms. */
        public Builder lossWeights(List<Double> l1, List<Double> perceptual, List<Double> adversarial) {
            this.l1Weights = l1;
            this.perceptualWeights = perceptual;
            this.adversarialWeights = adversarial;
            return this;
        }

        /** Per-level weights of the diversity term and the cap of its ratio. */
        public Builder diversity(List<Double> weights, double cap) {
            this.diversityWeights = weights;
            this.diversityCap = cap;
            return this;
        }

        public Builder r1(List<Double> gammas, int interval) {
            this.r1Gammas = gammas;
            this.r1Interval = interval;
            return this;
        }

        public Builder instanceNoise(double std, double decay, int decaySteps) {
            this.instanceNoiseStd = std;
            this.instanceNoiseDecay = decay;
            this.instanceNoiseDecaySteps = decaySteps;
            return this;
        }

        public Builder learningRates(double generator, double discriminator) {
            this.generatorLearningRate = generator;
            this.discriminatorLearningRate = discriminator;
            return this;
        }

        public Builder adam(double beta1, double beta2, double epsilon) {
            this.adamBeta1 = beta1;
            this.adamBeta2 = beta2;
            this.adamEpsilon = epsilon;
            return this;
        }

        public Builder warmupSteps(int steps) {
            this.warmupSteps = steps;
            return this;
        }

        public Builder emaDecay(double decay) {
            this.emaDecay = decay;
            return this;
        }

        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid field */
        public TrainingConfig build() {
            return new TrainingConfig(l1Weights, perceptualWeights, adversarialWeights, diversityWeights, diversityCap,
                    r1Gammas, r1Interval,
                    instanceNoiseStd, instanceNoiseDecay, instanceNoiseDecaySteps, generatorLearningRate,
                    discriminatorLearningRate, adamBeta1, adamBeta2, adamEpsilon, warmupSteps, emaDecay, batchSize,
                    seed);
        }
    }
}
