package dev.udpm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Counts the multiply-accumulate FLOPs of what a session must run to compute one output, from the graph's static
 * shapes (no execution): every op in {@link Graph#subgraphTo} of the output.
 *
 * <p>Counted (one multiply + one add = 2 FLOPs):
 * <ul>
 *   <li>{@code Conv2D}: {@code 2 * kh * kw * Cin * Cout * Hout * Wout * N} (filter {@code [kh, kw, Cin, Cout]},
 *       output {@code [N, Hout, Wout, Cout]});</li>
 *   <li>{@code MatMul}: {@code 2 * m * n * k} (output {@code [m, n]}, k the contracted size);</li>
 *   <li>{@code BatchMatMul}, {@code BatchMatMulV2}, {@code BatchMatMulV3}: {@code 2 * prod(output dims) * k}.</li>
 * </ul>
 * Not counted: element-wise ops (bias add, group norm, SiLU, softmax, the UDPM posterior, the EDM update), pooling,
 * depth-to-space, reshapes: together a few percent of the U-Net's work, and the same kind of op on both sides of
 * every ratio. An unknown leading (batch) dimension counts as 1, so a graph fed {@code [-1, s, s, C]} gives FLOPs per
 * image; any other unknown dimension makes the op {@linkplain Count#unresolved() unresolved} (not counted).
 *
 * <p>A dynamic batch hides more than the batch: sizes computed from {@code tf.shape} (the U-Net's upsampling, the
 * attention's token reshape) stay unknown. {@link #perImage} therefore counts on a copy of the graph whose
 * placeholders have batch 1, where TensorFlow's shape inference folds those sizes to constants.
 */
public final class FlopCounter {

    private FlopCounter() {
    }

    /**
     * The FLOPs needed to compute {@code output}.
     *
     * @param counted how many ops contributed
     * @param unresolved ops of a counted type whose shapes were not static (0 for a trustworthy count)
     */
    public record Count(long flops, int counted, int unresolved) {
    }

    /**
     * FLOPs per image of each of {@code outputs}: counted on a copy of {@code graph} (same ops, same names) whose
     * placeholders with a dynamic leading dimension get batch 1.
     */
    public static List<Count> perImage(Graph graph, List<? extends Operand<?>> outputs) {
        GraphDef.Builder def = graph.toGraphDef().toBuilder();
        for (NodeDef.Builder node : def.getNodeBuilderList()) {
            AttrValue shape = node.getAttrMap().get("shape");
            if (node.getOp().equals("Placeholder") && shape != null && shape.hasShape()
                    && shape.getShape().getDimCount() > 0 && shape.getShape().getDim(0).getSize() < 0) {
                TensorShapeProto fixed = shape.getShape().toBuilder()
                        .setDim(0, TensorShapeProto.Dim.newBuilder().setSize(1)).build();
                node.putAttr("shape", shape.toBuilder().setShape(fixed).build());
            }
        }
        try (Graph copy = new Graph()) {
            copy.importGraphDef(def.build());
            List<Count> counts = new ArrayList<>();
            for (Operand<?> o : outputs) {
                Output<?> out = o.asOutput();
                counts.add(count(copy, copy.operationOrThrow(out.op().name()).output(out.index())));
            }
            return counts;
        }
    }

    /** Counts the ops {@code output} depends on in {@code graph}. */
    public static Count count(Graph graph, Operand<?> output) {
        Set<GraphOperation> ops = new java.util.HashSet<>(graph.subgraphTo(Set.of(output)));
        ops.add((GraphOperation) output.op()); // subgraphTo holds the ops before the output's own op
        long flops = 0;
        int counted = 0;
        int unresolved = 0;
        for (GraphOperation op : ops) {
            long f = flopsOf(op);
            if (f > 0) {
                flops += f;
                counted++;
            } else if (f < 0) {
                unresolved++;
            }
        }
        return new Count(flops, counted, unresolved);
    }

    /** FLOPs of one op: 0 for a type that is not counted, -1 for a counted type without static shapes. */
    static long flopsOf(GraphOperation op) {
        return switch (op.type()) {
            case "Conv2D" -> conv2d(op);
            case "MatMul" -> matMul(op);
            case "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3" -> batchMatMul(op);
            default -> 0;
        };
    }

    private static long conv2d(GraphOperation op) {
        Shape filter = op.input(1).shape();
        Shape out = op.output(0).shape();
        if (!known(filter, 0) || !known(out, 1)) {
            return -1;
        }
        long macsPerOutput = filter.get(0) * filter.get(1) * filter.get(2); // kh * kw * Cin
        return 2 * macsPerOutput * elements(out); // elements(out) = N * Hout * Wout * Cout
    }

    private static long matMul(GraphOperation op) {
        Shape a = op.input(0).shape();
        Shape out = op.output(0).shape();
        if (!known(a, 0) || !known(out, 1)) {
            return -1;
        }
        long k = op.attributes().getAttrBool("transpose_a") ? a.get(0) : a.get(1);
        return 2 * elements(out) * k;
    }

    private static long batchMatMul(GraphOperation op) {
        Shape a = op.input(0).shape();
        Shape out = op.output(0).shape();
        if (!known(a, 1) || !known(out, 1)) {
            return -1;
        }
        int rank = a.numDimensions();
        long k = op.attributes().getAttrBool("adj_x") ? a.get(rank - 2) : a.get(rank - 1);
        return 2 * elements(out) * k;
    }

    /** True if the rank is known and every dimension from {@code from} on is known. */
    private static boolean known(Shape shape, int from) {
        if (shape.isUnknown()) {
            return false;
        }
        for (int i = from; i < shape.numDimensions(); i++) {
            if (shape.get(i) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Product of the dimensions, an unknown leading dimension counting as 1. */
    private static long elements(Shape shape) {
        long n = 1;
        for (int i = 0; i < shape.numDimensions(); i++) {
            long d = shape.get(i);
            n *= (i == 0 && d < 0) ? 1 : d;
        }
        return n;
    }
}
