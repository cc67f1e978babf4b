package dev.udpm.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant immutable copies for record components (absent optional fields stay {@code null}). */
public final class Collections2 {

    private Collections2() {
    }

    /** An unmodifiable copy of {@code list} keeping order (and null elements), or {@code null}. */
    public static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** An unmodifiable copy of {@code map} keeping insertion order (and null values), or {@code null}. */
    public static <K, V> Map<K, V> copy(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
