package dev.udpm.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

class DeviceOptionsTest {

    @Test
    void cpuOnlyHidesEveryGpuAndSetsTheThreadCounts() {
        ConfigProto proto = DeviceOptions.cpu(2, 1).toConfigProto();
        assertEquals(0, proto.getDeviceCountMap().get("GPU"));
        assertEquals(2, proto.getIntraOpParallelismThreads());
        assertEquals(1, proto.getInterOpParallelismThreads());
        assertTrue(proto.getAllowSoftPlacement());
    }

    @Test
    void defaultsAllowAnyDeviceWithSoftPlacementAndGpuMemoryGrowth() {
        ConfigProto proto = DeviceOptions.defaults().toConfigProto();
        assertFalse(proto.getDeviceCountMap().containsKey("GPU"));
        assertTrue(proto.getAllowSoftPlacement());
        assertTrue(proto.getGpuOptions().getAllowGrowth());
        assertEquals(0, proto.getIntraOpParallelismThreads());
    }

    @Test
    void visibleDevicesAndSoftPlacementAreConfiguration() {
        ConfigProto proto = new DeviceOptions(false, 0, 0, false, false, " 0,2 ").toConfigProto();
        assertEquals("0,2", proto.getGpuOptions().getVisibleDeviceList());
        assertFalse(proto.getAllowSoftPlacement());
        assertFalse(proto.getGpuOptions().getAllowGrowth());
        assertEquals("", DeviceOptions.defaults().toConfigProto().getGpuOptions().getVisibleDeviceList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceOptions(false, 0, 0, true, true, "gpu0"));
        assertTrue(e.getMessage().contains("'gpu0'"), e.getMessage());
    }

    @Test
    void negativeThreadCountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceOptions.cpu(-1, 0));
        assertTrue(e.getMessage().contains("intraOpThreads = -1"), e.getMessage());
    }

    @Test
    void defaultGraphTuningTurnsOnlyTheRemapperOff() {
        assertFalse(DeviceOptions.cpu(0, 0).withTuning(GraphTuning.tensorflowDefaults()).toConfigProto()
                .hasGraphOptions(), "TensorFlow's defaults: graph options untouched");
        ConfigProto off = DeviceOptions.cpu(0, 0).toConfigProto();
        assertEquals(RewriterConfig.Toggle.OFF, off.getGraphOptions().getRewriteOptions().getRemapping());
        assertEquals(RewriterConfig.Toggle.DEFAULT,
                off.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
        assertEquals(OptimizerOptions.GlobalJitLevel.DEFAULT,
                off.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
        assertEquals(new GraphTuning(false, false, false), GraphTuning.defaults());
        assertEquals(GraphTuning.defaults(), DeviceOptions.defaults().tuning());
        assertEquals(GraphTuning.defaults(), new DeviceOptions(false, 0, 0, true, true, "", null).tuning());
    }

    @Test
    void graphTuningSetsXlaRemappingAndBfloat16() {
        ConfigProto xla = DeviceOptions.cpu(0, 0).withTuning(new GraphTuning(true, true, false)).toConfigProto();
        assertEquals(OptimizerOptions.GlobalJitLevel.ON_1, xla.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
        assertTrue(xla.getGraphOptions().getOptimizerOptions().getCpuGlobalJit());
        assertEquals(RewriterConfig.Toggle.DEFAULT, xla.getGraphOptions().getRewriteOptions().getRemapping());

        ConfigProto plain = DeviceOptions.cpu(2, 1).withTuning(new GraphTuning(false, false, true)).toConfigProto();
        assertEquals(RewriterConfig.Toggle.OFF, plain.getGraphOptions().getRewriteOptions().getRemapping());
        assertEquals(RewriterConfig.Toggle.ON,
                plain.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
        assertEquals(OptimizerOptions.GlobalJitLevel.DEFAULT,
                plain.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
        assertEquals(2, plain.getIntraOpParallelismThreads());
        assertEquals(0, plain.getDeviceCountMap().get("GPU"));
    }
}
