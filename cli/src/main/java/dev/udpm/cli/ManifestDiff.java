package dev.udpm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the objects of two finished jobs by name (below {@code jobs/{jobId}/}: {@code 000000.png}, ...,
 * {@code grid.png}) and sha256: how many are identical, which differ, which only one job has. Pure; {@code udpm diff}
 * feeds it the two manifests' digests.
 *
 * @param identical    names present in both with the same sha256
 * @param different    names present in both with different sha256s
 * @param onlyInFirst  names only the first job has
 * @param onlyInSecond names only the second job has
 */
public record ManifestDiff(List<String> identical, List<String> different, List<String> onlyInFirst,
        List<String> onlyInSecond) {

    private static final Pattern IMAGE = Pattern.compile("(\\d{6})\\.png");

    public ManifestDiff {
        identical = List.copyOf(identical);
        different = List.copyOf(different);
        onlyInFirst = List.copyOf(onlyInFirst);
        onlyInSecond = List.copyOf(onlyInSecond);
    }

    /** Compares {@code first} and {@code second} (name to sha256), names in sorted order. */
    public static ManifestDiff compare(Map<String, String> first, Map<String, String> second) {
        List<String> identical = new ArrayList<>();
        List<String> different = new ArrayList<>();
        List<String> onlyInFirst = new ArrayList<>();
        List<String> onlyInSecond = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(first.keySet());
        names.addAll(second.keySet());
        for (String name : names) {
            String a = first.get(name);
            String b = second.get(name);
            if (a == null) {
                onlyInSecond.add(name);
            } else if (b == null) {
                onlyInFirst.add(name);
            } else if (a.equals(b)) {
                identical.add(name);
            } else {
                different.add(name);
            }
        }
        return new ManifestDiff(identical, different, onlyInFirst, onlyInSecond);
    }

    /** Whether both jobs hold the same objects with the same bytes. */
    public boolean same() {
        return different.isEmpty() && onlyInFirst.isEmpty() && onlyInSecond.isEmpty();
    }

    /** Objects only one of the jobs has. */
    public int missing() {
        return onlyInFirst.size() + onlyInSecond.size();
    }

    /**
     * {@code names} as the user reads them: an image by its index ({@code 000012.png} is {@code 12}), anything else
     * by name; at most {@code max} listed, then {@code ... and N more}; {@code -} for none.
     */
    public static String describe(List<String> names, int max) {
        if (names.isEmpty()) {
            return "-";
        }
        List<String> shown = new ArrayList<>();
        for (String name : names.subList(0, Math.min(max, names.size()))) {
            Matcher image = IMAGE.matcher(name);
            shown.add(image.matches() ? String.valueOf(Integer.parseInt(image.group(1))) : name);
        }
        String more = names.size() > max ? " ... and " + (names.size() - max) + " more" : "";
        return String.join(", ", shown) + more;
    }
}
