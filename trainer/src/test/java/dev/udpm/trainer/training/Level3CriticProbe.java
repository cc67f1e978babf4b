package dev.udpm.trainer.training;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.net.WeightLoader;
import dev.udpm.core.tf.ForwardProcessOps;
import dev.udpm.core.tf.Tensors;
import dev.udpm.core.train.DiscriminatorConfig;
import dev.udpm.core.train.LossTerm;
import dev.udpm.core.train.StepInputs;
import dev.udpm.core.train.StepLosses;
import dev.udpm.core.train.TrainingConfig;
import dev.udpm.core.train.TrainingGraph;
import dev.udpm.trainer.data.FashionMnist;
import dev.udpm.trainer.data.ImageDataset;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Diagnosis tool (not a test): trains ONLY the critic at level 3 of the project's {@link TrainingGraph} against a
 * frozen generator, to tell whether the critic can separate real {@code H^2 x_0 / 4} (8x8) from a collapsed generator's
 * level-3 output, and which element of the critic's loss (instance noise, R1, minibatch std) stops it.
 *
 * <pre>
 *   java -cp trainer/target/test-classes:$CP dev.udpm.trainer.training.Level3CriticProbe \
 *     --generator RUN/checkpoints/step-000002986/model --noise 0.4 --r1 0.4 --mbstd true --steps 600
 * </pre>
 * {@code --generator PREFIX} a training checkpoint's variable prefix (its raw {@code gen.*} weights are restored) or
 * {@code init} (the seeded initial generator); {@code --noise X} instance-noise std [0.4]; {@code --r1 X} gamma_3
 * [0.4]; {@code --mbstd true|false} [true]; {@code --steps N} [600]; {@code --warmup N} [100]; {@code --lr X} [1e-4];
 * {@code --seed N} [7] (batches and noise, not those of the run that trained the generator); {@code --resume-all PREFIX}
 * restores every variable of that checkpoint instead (the run's own critic and both Adam states, noise 0.4 decaying
 * 0.99 per 1000 steps as in the run) and prints the critic's per-level input gains first; {@code --first-step N} the
 * step number of the first critic step (learning-rate warm-up, noise decay, Adam bias correction).
 * Prints the input statistics (per-pixel within-class variance of real and fake candidates at 8x8), then mean
 * {@code d.real, d.fake, r1} every 100 critic steps.
 */
public final class Level3CriticProbe {

    private static final int LEVEL = 3;

    private Level3CriticProbe() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        String generatorSource = a.getOrDefault("generator", "init");
        double noise = Double.parseDouble(a.getOrDefault("noise", "0.4"));
        double r1 = Double.parseDouble(a.getOrDefault("r1", "0.4"));
        boolean mbstd = Boolean.parseBoolean(a.getOrDefault("mbstd", "true"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "600"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "100"));
        double lr = Double.parseDouble(a.getOrDefault("lr", "1e-4"));
        long seed = Long.parseLong(a.getOrDefault("seed", "7"));
        String resumeAll = a.get("resume-all");
        long firstStep = Long.parseLong(a.getOrDefault("first-step", "1"));
        int batch = 32;

        ImageDataset train = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIRECTORY), FashionMnist.Split.TRAIN);
        Schedule schedule = Schedule.paperDefault();
        UNetConfig gConfig = UNetConfig.cpuDefault(1, 10);
        DiscriminatorConfig base = DiscriminatorConfig.cpuDefault(1, 10);
        DiscriminatorConfig dConfig = new DiscriminatorConfig(base.imageChannels(), base.baseWidth(),
                base.channelMultipliers(), base.embeddingDim(), base.numClasses(), base.leakySlope(), mbstd);
        TrainingConfig paper = TrainingConfig.paperDefaults();
        TrainingConfig config = paper.toBuilder()
                .lossWeights(paper.l1Weights(), List.of(0.0, 0.0, 0.0), paper.adversarialWeights())
                .r1(List.of(paper.r1Gammas().get(0), paper.r1Gammas().get(1), r1), 1)
                .instanceNoise(noise, 1.0, 1000)
                .learningRates(lr, lr)
                .warmupSteps(warmup)
                .batchSize(batch)
                .seed(1)
                .build();
        System.out.printf(Locale.ROOT, "probe: generator %s, noise %.3f, r1 gamma_3 %.3f, mbstd %s, %d critic steps, "
                + "warm-up %d, lr %.1e%n", generatorSource, noise, r1, mbstd, steps, warmup, lr);

        NetworkWeights generatorWeights = generatorSource.equals("init") ? null : readGenerator(gConfig, generatorSource);
        if (resumeAll != null) {
            // the run's own state: generator, critic and both Adam states as the run left them
            config = config.toBuilder().instanceNoise(0.4, 0.99, 1000).warmupSteps(500).emaDecay(0.999).build();
            System.out.println("resuming every variable of " + resumeAll + " (the run's critic and Adam state), steps from "
                    + firstStep);
        }
        StepRandomness random = new StepRandomness(seed, train, batch, new int[] {LEVEL});
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            TrainingGraph training = TrainingGraph.build(tf, schedule, 32, gConfig, dConfig, null, config);
            WeightLoader loader = training.generator().parameters().weightLoader(tf);
            // the same generator output, for the input statistics
            Placeholder<TFloat32> x0 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 1)));
            Placeholder<TFloat32> eps = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 1)));
            Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            var prediction = tf.math.mul(training.generator().applyAtLevel(tf, schedule, LEVEL,
                    ForwardProcessOps.marginalSample(tf, schedule, x0, LEVEL, eps), labels), tf.constant(0.25f));
            try (Session s = new Session(g)) {
                training.initialize(s);
                if (resumeAll != null) {
                    s.restore(resumeAll);
                    printLevelModulation(training.discriminator().parameters().read(s), schedule);
                } else if (generatorWeights != null) {
                    loader.load(s, generatorWeights);
                }
                inputStatistics(s, train, random, x0, eps, labels, prediction);
                double sumReal = 0;
                double sumFake = 0;
                double sumR1 = 0;
                int count = 0;
                for (int t = 1; t <= steps; t++) {
                    long step = firstStep - 1 + t;
                    StepLosses d = training.discriminatorStep(s, random.draw(t).discriminator(), step);
                    sumReal += d.get(LossTerm.D_REAL);
                    sumFake += d.get(LossTerm.D_FAKE);
                    sumR1 += d.values().getOrDefault(LossTerm.D_R1, 0.0);
                    count++;
                    if (t % 100 == 0) {
                        System.out.printf(Locale.ROOT, "critic step %4d | d.real %.4f d.fake %.4f sum %.4f | r1 %.4f%n",
                                step, sumReal / count, sumFake / count, (sumReal + sumFake) / count, sumR1 / count);
                        sumReal = sumFake = sumR1 = 0;
                        count = 0;
                    }
                }
            }
        }
    }

    /**
     * For every level: the critic's per-channel input gain {@code 1 + scale_b(e)} of each block, averaged over the 10
     * classes (mean |gain| and the share of channels with |gain| < 0.1, which the block then all but ignores), and the
     * mean |shift|.
     */
    private static void printLevelModulation(NetworkWeights w, Schedule schedule) {
        int e = (int) w.shape("emb.time0.w")[0];
        for (int l = 1; l <= 3; l++) {
            double t = schedule.timeCondition(l);
            double[] sinus = new double[e];
            for (int i = 0; i < e / 2; i++) {
                double arg = 1000.0 * t * Math.exp(-Math.log(10000.0) * i / (e / 2));
                sinus[i] = Math.sin(arg);
                sinus[e / 2 + i] = Math.cos(arg);
            }
            double[] time = dense(w, "emb.time1", leaky(dense(w, "emb.time0", sinus)));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "critic level %d:", l));
            for (int b = 0; w.contains("block" + b + ".scale.w"); b++) {
                double gain = 0;
                double dead = 0;
                double shift = 0;
                int channels = 0;
                for (int c = 0; c < 10; c++) {
                    double[] emb = time.clone();
                    float[] cond = w.values("class.cond");
                    for (int i = 0; i < e; i++) {
                        emb[i] += cond[c * e + i];
                    }
                    double[] active = leaky(emb);
                    double[] scale = dense(w, "block" + b + ".scale", active);
                    double[] sh = dense(w, "block" + b + ".shift", active);
                    channels = scale.length;
                    for (int k = 0; k < scale.length; k++) {
                        gain += Math.abs(1 + scale[k]);
                        dead += Math.abs(1 + scale[k]) < 0.1 ? 1 : 0;
                        shift += Math.abs(sh[k]);
                    }
                }
                int n = 10 * channels;
                line.append(String.format(Locale.ROOT, " | block%d mean|1+scale| %.3f share<0.1 %.2f mean|shift| %.3f",
                        b, gain / n, dead / n, shift / n));
            }
            System.out.println(line);
        }
    }

    private static double[] dense(NetworkWeights w, String name, double[] x) {
        float[] m = w.values(name + ".w");
        float[] bias = w.values(name + ".b");
        int out = bias.length;
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            double sum = bias[j];
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * m[i * out + j];
            }
            y[j] = sum;
        }
        return y;
    }

    private static double[] leaky(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0 ? x[i] : 0.2 * x[i];
        }
        return y;
    }

    /** The raw generator weights ({@code gen.*}) of a training checkpoint. */
    private static NetworkWeights readGenerator(UNetConfig gConfig, String prefix) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            UNet generator = UNet.create(tf, gConfig, 1, TrainingGraph.GENERATOR_PREFIX);
            try (Session s = new Session(g)) {
                s.restore(prefix);
                return generator.parameters().read(s);
            }
        }
    }

    /**
     * Prints, over 2,000 training images, the per-pixel within-class variance at 8x8 of the real candidates
     * ({@code H^2 x_0 / 4 = avgpool4(x_0)}) and of the generator's level-3 prediction, their mean levels and the mean
     * distance between the generator's class means and the real class means.
     */
    private static void inputStatistics(Session s, ImageDataset train, StepRandomness random,
            Placeholder<TFloat32> x0, Placeholder<TFloat32> eps, Placeholder<TInt32> labels,
            org.tensorflow.Operand<TFloat32> prediction) {
        int n = 2000;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        float[] images = new float[n * 1024];
        int[] y = new int[n];
        train.copyBatch(idx, images, y);
        float[] noise = random.normals(1_000_000, 99, n * 16);
        float[] fake;
        try (TFloat32 xt = Tensors.nhwc(images, n, 32, 32, 1); TFloat32 et = Tensors.nhwc(noise, n, 4, 4, 1);
                TInt32 yt = Tensors.vector(y);
                Result r = s.runner().feed(x0, xt).feed(eps, et).feed(labels, yt).fetch(prediction).run()) {
            fake = Tensors.toFloats((TFloat32) r.get(0));
        }
        float[] real = new float[n * 64];
        for (int i = 0; i < n; i++) {
            for (int py = 0; py < 8; py++) {
                for (int px = 0; px < 8; px++) {
                    double sum = 0;
                    for (int dy = 0; dy < 4; dy++) {
                        for (int dx = 0; dx < 4; dx++) {
                            sum += images[i * 1024 + (py * 4 + dy) * 32 + px * 4 + dx];
                        }
                    }
                    real[i * 64 + py * 8 + px] = (float) (sum / 16);
                }
            }
        }
        double[][] realStats = stats(real, y, n);
        double[][] fakeStats = stats(fake, y, n);
        double meanGap = 0;
        for (int c = 0; c < 10; c++) {
            meanGap += fakeStats[2][c];
        }
        System.out.printf(Locale.ROOT, "inputs at 8x8 (shape real [%d,8,8,1], fake %d values): mean real %.4f fake %.4f;"
                + " within-class per-pixel variance real %.4f fake %.5f (ratio %.4f)%n", n, fake.length,
                realStats[0][0], fakeStats[0][0], realStats[0][1], fakeStats[0][1], fakeStats[0][1] / realStats[0][1]);
        double gap = 0;
        for (int c = 0; c < 10; c++) {
            double d = 0;
            for (int p = 0; p < 64; p++) {
                double diff = realStats[3 + c][p] - fakeStats[3 + c][p];
                d += diff * diff;
            }
            gap += d / 64;
        }
        System.out.printf(Locale.ROOT, "mean squared gap per pixel between fake and real class means: %.4f%n", gap / 10);
    }

    /** [0] = {mean, pooled within-class per-pixel variance}; [3 + c] = class c's mean image. */
    private static double[][] stats(float[] v, int[] y, int n) {
        double[][] out = new double[13][];
        double[][] classMean = new double[10][64];
        int[] counts = new int[10];
        double total = 0;
        for (int i = 0; i < n; i++) {
            counts[y[i]]++;
            for (int p = 0; p < 64; p++) {
                classMean[y[i]][p] += v[i * 64 + p];
                total += v[i * 64 + p];
            }
        }
        for (int c = 0; c < 10; c++) {
            for (int p = 0; p < 64; p++) {
                classMean[c][p] /= Math.max(1, counts[c]);
            }
            out[3 + c] = classMean[c];
        }
        double var = 0;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 64; p++) {
                double d = v[i * 64 + p] - classMean[y[i]][p];
                var += d * d;
            }
        }
        out[0] = new double[] {total / (n * 64.0), var / (n * 64.0)};
        out[1] = new double[0];
        out[2] = new double[10];
        return out;
    }
}
