package dev.udpm.core.train;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The loss values of one generator or discriminator step.
 *
 * @param level the level {@code l} the step trained
 * @param values the terms the step computed (a level without an L1 or perceptual weight has no such term)
 */
public record StepLosses(int level, Map<LossTerm, Double> values) {

    public StepLosses {
        EnumMap<LossTerm, Double> copy = new EnumMap<>(LossTerm.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    /** The value of {@code term}; throws if the step did not compute it. */
    public double get(LossTerm term) {
        Double v = values.get(term);
        if (v == null) {
            throw new IllegalArgumentException("level " + level + " step has no " + term.key() + " term; it has "
                    + values.keySet());
        }
        return v;
    }

    /** True if every value is finite. */
    public boolean allFinite() {
        return values.values().stream().allMatch(Double::isFinite);
    }
}
