package dev.udpm.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

class OpProfileTest {

    private static NodeExecStats node(String name, String type, long micros) {
        return NodeExecStats.newBuilder().setNodeName(name).setAllEndRelMicros(micros)
                .setTimelineLabel(type == null ? "" : name + " = " + type + "(x, w)").build();
    }

    private static RunMetadata call(NodeExecStats... nodes) {
        return RunMetadata.newBuilder().setStepStats(StepStats.newBuilder()
                .addDevStats(DeviceStepStats.newBuilder().setDevice("/device:CPU:0").addAllNodeStats(List.of(nodes))))
                .build();
    }

    @Test
    void sumsOpTimePerCallByTypeAndCategory() {
        OpProfile p = new OpProfile();
        p.add(call(node("c1", "_MklNativeFusedConv2D", 3000), node("c2", "_MklNativeFusedConv2D", 1000),
                node("m", "Mean", 400), node("s", "_MklSwish", 600), node("_SOURCE", null, 10)));
        p.add(call(node("c1", "_MklNativeFusedConv2D", 2000), node("c2", "_MklNativeFusedConv2D", 2000),
                node("m", "Mean", 600), node("s", "_MklSwish", 400), node("_SOURCE", null, 10)));
        assertEquals(2, p.calls());
        assertEquals(5.01, p.totalMsPerCall(), 1e-9);
        assertEquals(4.0, p.msPerCallByCategory().get(OpCategory.CONVOLUTION), 1e-9);
        assertEquals(0.5, p.msPerCallByCategory().get(OpCategory.NORM_STATISTICS), 1e-9);
        assertEquals(0.5, p.msPerCallByCategory().get(OpCategory.ACTIVATION), 1e-9);
        assertEquals(0.01, p.msPerCallByCategory().get(OpCategory.OTHER), 1e-9);
        assertEquals(0.0, p.msPerCallByCategory().get(OpCategory.RESAMPLING), 1e-9);
        OpProfile.TypeTime slowest = p.byType().get(0);
        assertEquals("_MklNativeFusedConv2D", slowest.type());
        assertEquals(2.0, slowest.executionsPerCall(), 1e-9);
        assertEquals("_SOURCE", p.byType().get(p.byType().size() - 1).type());
    }

    @Test
    void classifiesTheChainsOpTypes() {
        assertEquals(OpCategory.CONVOLUTION, OpCategory.of("Conv2D"));
        assertEquals(OpCategory.CONVOLUTION, OpCategory.of("_FusedConv2D"));
        assertEquals(OpCategory.CONVOLUTION, OpCategory.of("BiasAdd"));
        assertEquals(OpCategory.ATTENTION_DENSE, OpCategory.of("BatchMatMulV3"));
        assertEquals(OpCategory.ATTENTION_DENSE, OpCategory.of("_MklSoftmax"));
        assertEquals(OpCategory.NORM_STATISTICS, OpCategory.of("SquaredDifference"));
        assertEquals(OpCategory.ACTIVATION, OpCategory.of("Sigmoid"));
        assertEquals(OpCategory.ELEMENT_WISE, OpCategory.of("AddV2"));
        assertEquals(OpCategory.RESAMPLING, OpCategory.of("ResizeNearestNeighbor"));
        assertEquals(OpCategory.SHAPES_COPIES, OpCategory.of("_MklToTf"));
        assertEquals(OpCategory.OTHER, OpCategory.of("ClipByValue"));
    }
}
