package dev.udpm.bench.profile;

import java.util.Set;

/**
 * What a TensorFlow op does in the UDPM chain graph, for the profile's breakdown. Classified by the op type that ran
 * (after grappler's rewrites: {@code _FusedConv2D}, oneDNN's {@code _Mkl*} kernels), since the chain's node names
 * carry no scopes. {@link #ELEMENT_WISE} mixes group norm's scale and shift, residual and embedding adds and the
 * posterior's weighted sums: their op types are the same.
 */
public enum OpCategory {
    CONVOLUTION("convolutions (Conv2D, fused conv + bias [+ activation], BiasAdd)"),
    ATTENTION_DENSE("attention and dense layers (MatMul, BatchMatMul, Softmax)"),
    NORM_STATISTICS("group norm statistics (Mean, SquaredDifference, Rsqrt)"),
    ACTIVATION("SiLU (Sigmoid, fused swish)"),
    ELEMENT_WISE("element-wise arithmetic (Mul, Add, Sub: norm scale/shift, residuals, posterior sums)"),
    RESAMPLING("resampling (nearest upsample, posterior H^T / avg-pool H, depth-to-space)"),
    SHAPES_COPIES("shapes, copies, layout (Reshape, ConcatV2, Transpose, Identity, Shape, StridedSlice, oneDNN conversions)"),
    OTHER("other (clamp, one-hot, embedding sinusoids, feeds and fetches)");

    private static final Set<String> MATMUL = Set.of("MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3",
            "Softmax", "_MklMatMul", "_MklBatchMatMul", "_MklBatchMatMulV2", "_MklSoftmax", "_FusedMatMul",
            "_MklFusedMatMul", "_MklNativeFusedMatMul", "_MklFusedBatchMatMulV2");
    private static final Set<String> NORM = Set.of("Mean", "SquaredDifference", "Rsqrt", "_MklSquaredDifference");
    private static final Set<String> ACT = Set.of("Sigmoid", "_MklSwish", "_MklFusedSwish", "Swish");
    private static final Set<String> ARITH = Set.of("Mul", "Add", "AddV2", "Sub", "RealDiv", "_MklAdd", "_MklAddV2",
            "_MklMul", "_MklSub", "_FusedAddV2");
    private static final Set<String> RESAMPLE = Set.of("ResizeNearestNeighbor", "AvgPool", "DepthToSpace",
            "_MklAvgPool", "_MklNativeAvgPool");
    private static final Set<String> SHAPES = Set.of("Reshape", "ConcatV2", "Transpose", "Identity", "Shape",
            "StridedSlice", "Pack", "Const", "ExpandDims", "Squeeze", "_MklToTf", "_MklReshape", "_MklConcatV2",
            "_MklTranspose", "_MklIdentity", "_MklConcat", "_MklNativeConcatV2", "_MklNativeTranspose", "Cast",
            "_MklInputConversion", "Fill", "ZerosLike");

    private final String description;

    OpCategory(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The category of op type {@code type}. */
    public static OpCategory of(String type) {
        if (type.contains("Conv2D") || type.equals("BiasAdd") || type.equals("_MklBiasAdd")) {
            return CONVOLUTION;
        }
        if (MATMUL.contains(type)) {
            return ATTENTION_DENSE;
        }
        if (NORM.contains(type)) {
            return NORM_STATISTICS;
        }
        if (ACT.contains(type)) {
            return ACTIVATION;
        }
        if (ARITH.contains(type)) {
            return ELEMENT_WISE;
        }
        if (RESAMPLE.contains(type)) {
            return RESAMPLING;
        }
        if (SHAPES.contains(type)) {
            return SHAPES_COPIES;
        }
        return OTHER;
    }
}
