package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The class folders of {@code udpm fetch --layout imagefolder}: hostile and colliding class names map to safe folder
 * names, one per class even on a file system that ignores case.
 */
class ClassFoldersTest {

    @Test
    void safeDistinctNamesAreKeptAsTheyAre() {
        List<String> cifar = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck");
        assertEquals(cifar, ClassFolders.of(cifar));
        assertEquals(List.of("T-shirt_top", "Ankle boot", "Bag"), ClassFolders.of(List.of("T-shirt/top", "Ankle boot",
                "Bag")), "a slash becomes an underscore");
    }

    @Test
    void hostileNamesBecomeSafeFolderNames() {
        String tooLong = "x".repeat(300);
        List<String> folders = ClassFolders.of(List.of("..", "a/b", "", "/etc/passwd", "..\\..\\boot.ini", tooLong,
                "name. . ", "tab\there", "naïve", "C:"));
        assertEquals(List.of("class_0", "a_b", "class_2", "etc_passwd", "boot.ini", "x".repeat(64), "name",
                "tab_here", "na_ve", "C_"), folders, "'..' and the empty name are both 'class' before the suffix");
        for (String folder : folders) {
            assertEquals(true, folder.matches("[A-Za-z0-9][A-Za-z0-9 ._+()-]*") && !folder.endsWith(".")
                    && !folder.endsWith(" "), folder);
        }
    }

    @Test
    void namesEqualIgnoringCaseToEachOtherOrToFetchsOwnNamesGetTheirLabel() {
        assertEquals(List.of("Cat_0", "dog", "cat_2", "CAT_3"), ClassFolders.of(List.of("Cat", "dog", "cat", "CAT")));
        assertEquals(List.of("manifest.json_0", "Index.jsonl_1", "tar_2", "Shards_3", "000001.png_4", "grid.png_5",
                "Shard-00003.json_6", "ok"), ClassFolders.of(List.of("manifest.json", "Index.jsonl", "tar", "Shards",
                "000001.png", "grid.png", "Shard-00003.json", "ok")));
        assertEquals(List.of("CON_0", "nul.txt_1", "com1_2", "console"),
                ClassFolders.of(List.of("CON", "nul.txt", "com1", "console")), "Windows device names");
        assertEquals(List.of("cat_0", "cat_1"), ClassFolders.of(List.of("cat", "cat.")),
                "Windows drops trailing dots, so 'cat.' is 'cat'");
    }

    @Test
    void whenASuffixedNameMeetsAnotherClassEveryFolderIsNumbered() {
        assertEquals(List.of("0_cat", "1_cat", "2_cat_1"), ClassFolders.of(List.of("cat", "cat", "cat_1")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            many.add(i == 10 ? "a_0" : "a");
        }
        assertEquals("00_a", ClassFolders.of(many).get(0), "the label padded to the width of the largest");
        assertEquals("10_a_0", ClassFolders.of(many).get(10));
    }

    @Test
    void everyMappingIsOneFolderPerClassIgnoringCase() {
        List<String> names = List.of("a", "A", "a_1", "A_0", "..", "", ".", "class", "Class_5", "tar", "tar_9", "con");
        List<String> folders = ClassFolders.of(names);
        assertEquals(names.size(), folders.stream().map(f -> f.toLowerCase(Locale.ROOT)).distinct().count(),
                folders.toString());
    }
}
