package dev.udpm.bench.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Per-op time of traced chain calls, summed by op type and by {@link OpCategory}: the step statistics TensorFlow
 * records with {@code FULL_TRACE} (one entry per executed node: {@code all_end_rel_micros} is its time, the
 * timeline label {@code "name = Type(inputs)"} names the kernel that ran, after grappler's rewrites). Times are
 * op times summed over threads, so with two threads their total can exceed the call's wall time.
 */
public final class OpProfile {

    private final Map<String, Long> microsByType = new LinkedHashMap<>();
    private final Map<String, Integer> countByType = new LinkedHashMap<>();
    private int calls;

    /** Adds the nodes of one traced call. */
    public void add(RunMetadata metadata) {
        calls++;
        for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
            for (NodeExecStats node : device.getNodeStatsList()) {
                String type = opType(node);
                microsByType.merge(type, node.getAllEndRelMicros(), Long::sum);
                countByType.merge(type, 1, Integer::sum);
            }
        }
    }

    /** Number of calls added. */
    public int calls() {
        return calls;
    }

    /** Op time per call in ms, all ops. */
    public double totalMsPerCall() {
        return microsByType.values().stream().mapToLong(Long::longValue).sum() / 1000.0 / Math.max(1, calls);
    }

    /** Op time per call in ms of each category, in {@link OpCategory} order (every category present). */
    public Map<OpCategory, Double> msPerCallByCategory() {
        Map<OpCategory, Double> ms = new LinkedHashMap<>();
        for (OpCategory c : OpCategory.values()) {
            ms.put(c, 0.0);
        }
        microsByType.forEach((type, micros) -> ms.merge(OpCategory.of(type), micros / 1000.0 / Math.max(1, calls),
                Double::sum));
        return ms;
    }

    /** Op types by op time per call, slowest first: type, ms per call, executions per call. */
    public List<TypeTime> byType() {
        List<TypeTime> rows = new ArrayList<>();
        microsByType.forEach((type, micros) -> rows.add(new TypeTime(type, OpCategory.of(type),
                micros / 1000.0 / Math.max(1, calls), countByType.get(type) / (double) Math.max(1, calls))));
        rows.sort(Comparator.comparingDouble(TypeTime::msPerCall).reversed());
        return rows;
    }

    /** One op type's share of a call. */
    public record TypeTime(String type, OpCategory category, double msPerCall, double executionsPerCall) {
    }

    /**
     * The op type of a traced node: the word after {@code " = "} in its timeline label up to {@code "("}, or the
     * node name when the label has no type (e.g. {@code _SOURCE}).
     */
    static String opType(NodeExecStats node) {
        String label = node.getTimelineLabel();
        int eq = label.indexOf(" = ");
        if (eq >= 0) {
            int start = eq + 3;
            int paren = label.indexOf('(', start);
            return (paren > start ? label.substring(start, paren) : label.substring(start)).trim();
        }
        return node.getNodeName();
    }
}
