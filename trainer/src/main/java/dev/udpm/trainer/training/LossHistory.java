package dev.udpm.trainer.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.udpm.core.train.LossTerm;
import dev.udpm.core.train.StepLosses;

/**
 * The losses of a run, averaged over windows of {@code logEvery} steps: window {@code k} covers steps
 * {@code ((k-1) logEvery, k logEvery]} whatever the interruptions (the open window is saved in the checkpoint),
 * so a resumed run records the same history as an uninterrupted one (images/s aside).
 */
public final class LossHistory {

    /**
     * One closed window.
     *
     * @param step the window's last step
     * @param imagesPerSecond training throughput over the window (step time only)
     * @param overall per loss-term key ({@link LossTerm#key()}), the mean over the window's steps that computed it
     * @param byLevel per level, the same means over that level's steps
     */
    public record Entry(long step, double imagesPerSecond, Map<String, Double> overall,
            Map<Integer, Map<String, Double>> byLevel) {

        public Entry {
            overall = Collections.unmodifiableMap(new LinkedHashMap<>(overall));
            Map<Integer, Map<String, Double>> levels = new TreeMap<>();
            byLevel.forEach((l, m) -> levels.put(l, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
            byLevel = Collections.unmodifiableMap(levels);
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("step", step);
            map.put("imagesPerSecond", imagesPerSecond);
            map.put("overall", overall);
            Map<String, Object> levels = new LinkedHashMap<>();
            byLevel.forEach((l, m) -> levels.put(Integer.toString(l), m));
            map.put("byLevel", levels);
            return map;
        }

        @SuppressWarnings("unchecked")
        static Entry fromMap(Map<String, ?> map) {
            Map<Integer, Map<String, Double>> levels = new TreeMap<>();
            ((Map<String, ?>) map.get("byLevel")).forEach((l, m) -> levels.put(Integer.parseInt(l), doubles(m)));
            return new Entry(((Number) map.get("step")).longValue(), ((Number) map.get("imagesPerSecond")).doubleValue(),
                    doubles(map.get("overall")), levels);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Open window: per level, per term key, {sum, count}. */
    private final Map<Integer, Map<String, double[]>> window = new TreeMap<>();
    private int windowSteps;
    private double windowSeconds;

    /** Adds the losses of one step (its D and G step) and the seconds the step took. */
    public void add(StepLosses discriminator, StepLosses generator, double seconds) {
        for (StepLosses losses : List.of(discriminator, generator)) {
            Map<String, double[]> level = window.computeIfAbsent(losses.level(), l -> new LinkedHashMap<>());
            losses.values().forEach((term, value) -> {
                double[] sumCount = level.computeIfAbsent(term.key(), k -> new double[2]);
                sumCount[0] += value;
                sumCount[1]++;
            });
        }
        windowSteps++;
        windowSeconds += seconds;
    }

    /** Steps in the open window. */
    public int openSteps() {
        return windowSteps;
    }

    /** The open window as an entry ending at {@code step} (not closed: e.g. a progress report at the end of a run). */
    public Entry peek(long step, int batchSize) {
        Map<String, double[]> overall = new LinkedHashMap<>();
        Map<Integer, Map<String, Double>> byLevel = new TreeMap<>();
        window.forEach((l, terms) -> {
            Map<String, Double> means = new LinkedHashMap<>();
            terms.forEach((key, sc) -> {
                means.put(key, sc[0] / sc[1]);
                double[] all = overall.computeIfAbsent(key, k -> new double[2]);
                all[0] += sc[0];
                all[1] += sc[1];
            });
            byLevel.put(l, means);
        });
        Map<String, Double> overallMeans = new LinkedHashMap<>();
        for (LossTerm term : LossTerm.values()) {
            double[] sc = overall.get(term.key());
            if (sc != null) {
                overallMeans.put(term.key(), sc[0] / sc[1]);
            }
        }
        double rate = windowSeconds > 0 ? windowSteps * (double) batchSize / windowSeconds : 0;
        return new Entry(step, rate, overallMeans, byLevel);
    }

    /** Closes the open window as the entry of {@code step} and starts a new one. */
    public Entry close(long step, int batchSize) {
        Entry entry = peek(step, batchSize);
        entries.add(entry);
        window.clear();
        windowSteps = 0;
        windowSeconds = 0;
        return entry;
    }

    /** The closed windows, oldest first. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Entries and the open window, as JSON-friendly maps. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("entries", entries.stream().map(Entry::toMap).toList());
        Map<String, Object> open = new LinkedHashMap<>();
        window.forEach((l, terms) -> {
            Map<String, List<Double>> t = new LinkedHashMap<>();
            terms.forEach((k, sc) -> t.put(k, List.of(sc[0], sc[1])));
            open.put(Integer.toString(l), t);
        });
        map.put("openWindow", open);
        map.put("openSteps", windowSteps);
        map.put("openSeconds", windowSeconds);
        return map;
    }

    /** The inverse of {@link #toMap()}. */
    @SuppressWarnings("unchecked")
    public static LossHistory fromMap(Map<String, ?> map) {
        LossHistory history = new LossHistory();
        for (Object e : (List<?>) map.get("entries")) {
            history.entries.add(Entry.fromMap((Map<String, ?>) e));
        }
        ((Map<String, ?>) map.get("openWindow")).forEach((l, terms) -> {
            Map<String, double[]> level = new LinkedHashMap<>();
            ((Map<String, List<Number>>) terms).forEach((k, sc) ->
                    level.put(k, new double[] {sc.get(0).doubleValue(), sc.get(1).doubleValue()}));
            history.window.put(Integer.parseInt(l), level);
        });
        history.windowSteps = ((Number) map.get("openSteps")).intValue();
        history.windowSeconds = ((Number) map.get("openSeconds")).doubleValue();
        return history;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> doubles(Object map) {
        Map<String, Double> out = new LinkedHashMap<>();
        ((Map<String, Number>) map).forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }
}
