package dev.udpm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.udpm.core.chain.SamplingGraph;
import dev.udpm.core.math.PosteriorMode;
import dev.udpm.core.math.Schedule;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.core.tf.Tensors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One graph and session holding everything the network figures compare, all reading the SAME network variables:
 * <ul>
 *   <li>the UDPM chain ({@link SamplingGraph}, L = 3: network at 4x4, 8x8, 16x16), {@code [N] -> [N, S, S, C]};</li>
 *   <li>one full-resolution network evaluation, input {@code [N, S, S, C]} (feature maps S x S, as in an ordinary
 *       diffusion model's step), t = 0.5;</li>
 *   <li>the EDM Heun sampler ({@link EdmHeunGraph}, 35 full-resolution evaluations);</li>
 *   <li>a square {@code n x n} float32 MatMul, TensorFlow's matrix-multiply peak on this machine.</li>
 * </ul>
 * Every placeholder has a dynamic batch, so {@link FlopCounter} gives FLOPs per image. Every tensor is owned here
 * and closed by {@link #close()}; every {@link Result} is closed after each run.
 */
public final class BenchGraph implements AutoCloseable {

    private final Graph graph = new Graph();
    private final Session session;
    private final UNet net;
    private final Schedule schedule = Schedule.paperDefault();
    private final SamplingGraph chain;
    private final Placeholder<TFloat32> fullInput;
    private final Operand<TFloat32> full;
    private final EdmHeunGraph edm;
    private final Placeholder<TFloat32> mmA;
    private final Placeholder<TFloat32> mmB;
    private final Operand<TFloat32> mm;
    private final int imageSize;
    private final int channels;
    private final List<Tensor> owned = new ArrayList<>();

    /** Builds the graph for images of side {@code imageSize} with a network of configuration {@code config}. */
    public BenchGraph(UNetConfig config, int imageSize) {
        this.imageSize = imageSize;
        this.channels = config.imageChannels();
        this.session = new Session(graph);
        Ops tf = Ops.create(graph);
        net = UNet.create(tf, config, 1);
        chain = SamplingGraph.build(tf, net, schedule, PosteriorMode.EXACT, imageSize);
        Operand<TInt32> labels = config.conditional() ? chain.classLabels() : null;
        fullInput = tf.placeholder(TFloat32.class, Placeholder.shape(
                org.tensorflow.ndarray.Shape.of(-1, imageSize, imageSize, channels)));
        full = net.apply(tf, fullInput, tf.constant(new float[] {0.5f}), labels);
        edm = EdmHeunGraph.build(tf, net, EdmSchedule.cifar10(), chain.classLabels(), imageSize);
        mmA = tf.placeholder(TFloat32.class);
        mmB = tf.placeholder(TFloat32.class);
        mm = tf.linalg.matMul(mmA, mmB);
    }

    public long parameterCount() {
        return net.parameterCount();
    }

    public int edmEvaluations() {
        return edm.evaluations();
    }

    /** FLOPs per image of: the UDPM chain, one full-resolution evaluation, the EDM sampler (in that order). */
    public List<FlopCounter.Count> flopsPerImage() {
        return FlopCounter.perImage(graph, List.of(chain.image(), full, edm.image()));
    }

    /** FLOPs of one {@code n x n} by {@code n x n} MatMul: {@code 2 n^3}. */
    public static double matMulFlops(int n) {
        return 2.0 * n * n * n;
    }

    /** One call of the UDPM chain for {@code batch} images (fixed random latents). */
    public Rounds.Task chain(int batch) {
        Session.Runner runner = session.runner().feed(chain.classLabels(), labels(batch));
        for (int l = 1; l <= schedule.levels(); l++) {
            int side = schedule.sizeAt(l, imageSize);
            runner.feed(chain.latent(l), gaussian(batch, side, 10 + l));
        }
        return fetching(runner.fetch(chain.image()));
    }

    /** One full-resolution network evaluation of {@code batch} inputs. */
    public Rounds.Task fullEvaluation(int batch) {
        return fetching(session.runner().feed(fullInput, gaussian(batch, imageSize, 1))
                .feed(chain.classLabels(), labels(batch)).fetch(full));
    }

    /** One call of the 35-evaluation EDM sampler for {@code batch} images. */
    public Rounds.Task edmSampler(int batch) {
        return fetching(session.runner().feed(edm.noise(), gaussian(batch, imageSize, 2))
                .feed(chain.classLabels(), labels(batch)).fetch(edm.image()));
    }

    /** One {@code n x n} MatMul. */
    public Rounds.Task matMul(int n) {
        float[] values = new float[n * n];
        Random random = new Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        TFloat32 a = own(TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(n, n),
                org.tensorflow.ndarray.buffer.DataBuffers.of(values)));
        return fetching(session.runner().feed(mmA, a).feed(mmB, a).fetch(mm));
    }

    private static Rounds.Task fetching(Session.Runner runner) {
        return () -> {
            try (Result ignored = runner.run()) {
                // the outputs are produced (and freed); only the time matters
            }
        };
    }

    private TFloat32 gaussian(int batch, int side, long seed) {
        Random random = new Random(seed);
        float[] v = new float[batch * side * side * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return own(Tensors.nhwc(v, batch, side, side, channels));
    }

    private TInt32 labels(int batch) {
        int[] y = new int[batch];
        int classes = Math.max(1, net.config().numClasses());
        for (int i = 0; i < batch; i++) {
            y[i] = i % classes;
        }
        return own(Tensors.vector(y));
    }

    private <T extends Tensor> T own(T tensor) {
        owned.add(tensor);
        return tensor;
    }

    @Override
    public void close() {
        owned.forEach(Tensor::close);
        session.close();
        graph.close();
    }
}
