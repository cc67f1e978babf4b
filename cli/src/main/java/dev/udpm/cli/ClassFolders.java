package dev.udpm.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The folder names {@code udpm fetch --layout imagefolder} gives a model's classes: safe on Linux, macOS and Windows,
 * and one folder per class (distinct even on a file system that ignores case), whatever the names are.
 * <ol>
 *   <li>Sanitising: every character other than a letter, digit, space, {@code . _ + ( ) -} becomes {@code _}
 *       ({@code a/b} -> {@code a_b}); leading characters up to the first letter or digit are dropped ({@code ..} ->
 *       nothing, {@code .hidden} -> {@code hidden}); the name is cut to {@value #MAX_LENGTH} characters; trailing dots
 *       and spaces are dropped (Windows drops them); an empty result is {@code class}.</li>
 *   <li>A sanitised name that, ignoring case, equals another class's sanitised name, a name fetch itself uses in the
 *       output folder ({@code manifest.json}, {@code index.jsonl}, {@code grid.png}, {@code tar}, {@code shards},
 *       {@code <digits>.png}, {@code shard-<digits>.json}) or a Windows device name ({@code CON PRN AUX NUL COM0-9 LPT0-9}, alone or before a
 *       dot) gets {@code _<label>} appended: classes 0 {@code Cat} and 1 {@code cat} become {@code Cat_0} and
 *       {@code cat_1}.</li>
 *   <li>If the names are still not distinct ignoring case (a class is literally named like another's suffixed name,
 *       e.g. {@code cat}, {@code cat}, {@code cat_1}), every folder is {@code <label>_<sanitised name>}, the label
 *       zero-padded to the width of the largest.</li>
 * </ol>
 * Names that are already safe and distinct (every name the model manifest schema allows, in practice) are kept as is.
 */
final class ClassFolders {

    /** Longest sanitised name, before a suffix. */
    static final int MAX_LENGTH = 64;

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9 ._+()-]");
    private static final Pattern LEADING = Pattern.compile("^[^A-Za-z0-9]+");
    private static final Pattern TRAILING = Pattern.compile("[. ]+$");
    private static final Pattern DEVICE = Pattern.compile("(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");
    private static final Pattern IMAGE_FILE = Pattern.compile("[0-9]+\\.png");
    private static final Pattern SHARD_MANIFEST = Pattern.compile("shard-[0-9]+\\.json");
    private static final List<String> FETCH_NAMES = List.of("manifest.json", "index.jsonl", "grid.png", "tar",
            DatasetLayout.SHARDS_FOLDER);

    private ClassFolders() {
    }

    /** The folder of each class: element i for label i. */
    static List<String> of(List<String> classNames) {
        List<String> sanitised = classNames.stream().map(ClassFolders::sanitise).toList();
        Map<String, Integer> uses = new HashMap<>();
        sanitised.forEach(name -> uses.merge(fold(name), 1, Integer::sum));
        List<String> folders = new ArrayList<>();
        for (int label = 0; label < sanitised.size(); label++) {
            String name = sanitised.get(label);
            folders.add(uses.get(fold(name)) > 1 || reserved(name) ? name + "_" + label : name);
        }
        if (folders.stream().map(ClassFolders::fold).distinct().count() == folders.size()) {
            return folders;
        }
        String width = "%0" + Integer.toString(Math.max(0, sanitised.size() - 1)).length() + "d";
        List<String> numbered = new ArrayList<>();
        for (int label = 0; label < sanitised.size(); label++) {
            numbered.add(String.format(width, label) + "_" + sanitised.get(label));
        }
        return numbered;
    }

    /** Step 1: the name with unsafe characters replaced, leading non-alphanumerics and trailing dots/spaces dropped. */
    static String sanitise(String name) {
        String safe = LEADING.matcher(UNSAFE.matcher(name == null ? "" : name).replaceAll("_")).replaceFirst("");
        if (safe.length() > MAX_LENGTH) {
            safe = safe.substring(0, MAX_LENGTH);
        }
        safe = TRAILING.matcher(safe).replaceFirst("");
        return safe.isEmpty() ? "class" : safe;
    }

    private static boolean reserved(String name) {
        String folded = fold(name);
        return FETCH_NAMES.contains(folded) || IMAGE_FILE.matcher(folded).matches()
                || SHARD_MANIFEST.matcher(folded).matches()
                || DEVICE.matcher(folded).matches();
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
