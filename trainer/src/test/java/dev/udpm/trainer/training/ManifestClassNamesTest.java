package dev.udpm.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import dev.udpm.trainer.data.FashionMnist;
import org.junit.jupiter.api.Test;

class ManifestClassNamesTest {

    @Test
    void fashionMnistsNamesBecomeFolderSafeInLabelOrder() {
        assertEquals(List.of("t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                "ankle boot"), ManifestClassNames.of(FashionMnist.CLASS_NAMES, 10));
    }

    @Test
    void noNamesWhenTheyDoNotNameEveryClassOnceOrCannotBeFolders() {
        assertNull(ManifestClassNames.of(List.of(), 0), "unconditional");
        assertNull(ManifestClassNames.of(List.of("a", "b"), 3), "fewer names than classes");
        assertNull(ManifestClassNames.of(List.of("Cat", "cat"), 2), "the same folder on a case-insensitive disk");
        assertNull(ManifestClassNames.of(List.of("..", "b"), 2), "not a folder name");
        assertNull(ManifestClassNames.of(List.of("a/b", "a_b"), 2), "the same once made safe");
    }
}
