package dev.udpm.trainer.training;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code classNames} a model manifest gets from its training set's class names: each name with every character
 * a folder name may not hold ({@code model-manifest.schema.json}: letters, digits, space, {@code . _ + ( ) -}) replaced
 * by {@code _} and cut to 64 characters, so Fashion-MNIST's {@code t-shirt/top} becomes {@code t-shirt_top}. None
 * (null) when the set has no names, a different number of names than classes, or names that are not distinct (ignoring
 * case) or do not start with a letter or digit once made safe.
 */
final class ManifestClassNames {

    private static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ._+()-]{0,63}$");

    private ManifestClassNames() {
    }

    static List<String> of(List<String> datasetNames, int numClasses) {
        if (numClasses < 1 || datasetNames == null || datasetNames.size() != numClasses) {
            return null;
        }
        List<String> names = new ArrayList<>(numClasses);
        Set<String> seen = new HashSet<>();
        for (String name : datasetNames) {
            String safe = name == null ? "" : name.strip().replaceAll("[^A-Za-z0-9 ._+()-]", "_");
            if (safe.length() > 64) {
                safe = safe.substring(0, 64);
            }
            if (!ALLOWED.matcher(safe).matches() || !seen.add(safe.toLowerCase(Locale.ROOT))) {
                return null;
            }
            names.add(safe);
        }
        return names;
    }
}
