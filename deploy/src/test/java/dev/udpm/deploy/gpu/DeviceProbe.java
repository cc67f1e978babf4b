package dev.udpm.deploy.gpu;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * What TensorFlow does with a given session configuration on this machine: which native library was loaded,
 * which devices a session sees, and where an op asked for {@code /device:GPU:0} actually runs. With the GPU natives
 * ({@code -Pgpu}) on a machine without a GPU, the devices are CPU only and the op falls back to the CPU when soft
 * placement is on (the worker's {@code DeviceOptions} always turn it on), or fails when it is off.
 */
public final class DeviceProbe {

    /**
     * A device a session sees.
     *
     * @param name full name, e.g. {@code /job:localhost/replica:0/task:0/device:CPU:0}
     * @param type {@code CPU} or {@code GPU}
     * @param memoryBytes memory TensorFlow reports for it
     */
    public record Device(String name, String type, long memoryBytes) {
    }

    private DeviceProbe() {
    }

    /** TensorFlow's version (loading the natives if needed). */
    public static String tensorflowVersion() {
        return TensorFlow.version();
    }

    /**
     * The file of the JNI library JavaCPP loaded, under its cache directory; the directory names the classifier
     * ({@code .../linux-x86_64/...} or {@code .../linux-x86_64-gpu/...}).
     */
    public static String nativeLibrary() {
        return Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
    }

    /** The devices a session created with {@code config} sees (C API {@code TF_SessionListDevices}). */
    public static List<Device> devices(ConfigProto config) {
        tensorflowVersion();
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
            byte[] bytes = config.toByteArray();
            TF_SetConfig(options, new BytePointer(bytes), bytes.length, status);
            status.throwExceptionIfNotOK();
            TF_Graph graph = TF_Graph.newGraph();
            TF_Session session = TF_Session.newSession(graph, options, status);
            status.throwExceptionIfNotOK();
            TF_DeviceList list = TF_SessionListDevices(session, status);
            status.throwExceptionIfNotOK();
            try {
                List<Device> devices = new ArrayList<>();
                for (int i = 0; i < TF_DeviceListCount(list); i++) {
                    String name = TF_DeviceListName(list, i, status).getString();
                    String type = TF_DeviceListType(list, i, status).getString();
                    long memory = TF_DeviceListMemoryBytes(list, i, status);
                    status.throwExceptionIfNotOK();
                    devices.add(new Device(name, type, memory));
                }
                return devices;
            } finally {
                TF_DeleteDeviceList(list);
            }
        }
    }

    /**
     * Computes {@code [1, 2] + [3, 4]} with every op pinned to {@code /device:GPU:0}, in a session configured by
     * {@code config}; returns the sum. Throws TensorFlow's exception when the op cannot be placed.
     */
    public static float[] addOnGpu0(ConfigProto config) {
        try (Graph graph = new Graph(); Session session = new Session(graph, config)) {
            Ops tf = Ops.create(graph).withDevice(DeviceSpec.newBuilder()
                    .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            Constant<TFloat32> a = tf.constant(new float[] {1f, 2f});
            Constant<TFloat32> b = tf.constant(new float[] {3f, 4f});
            try (Result result = session.runner().fetch(tf.math.add(a, b)).run()) {
                TFloat32 sum = (TFloat32) result.get(0);
                return new float[] {sum.getFloat(0), sum.getFloat(1)};
            }
        }
    }
}
