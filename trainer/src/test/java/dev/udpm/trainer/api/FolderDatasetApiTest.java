package dev.udpm.trainer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import dev.udpm.rest.Problem;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Folder datasets through the REST API: only under {@code udpm.trainer.folder-roots} (%test: target/test-folder-roots),
 * no answer names a server path, and {@code imageSize} has an upper bound (46341 used to overflow into a 500).
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
class FolderDatasetApiTest {

    private static final Path ROOT = Path.of("target/test-folder-roots").toAbsolutePath();

    @BeforeAll
    static void folders() throws IOException {
        Files.createDirectories(ROOT.resolve("good/cats"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png",
                ROOT.resolve("good/cats/a.png").toFile());
        Files.createDirectories(ROOT.resolve("broken/cats"));
        Files.writeString(ROOT.resolve("broken/cats/bad.png"), "not a png", StandardCharsets.UTF_8);
        Files.createDirectories(ROOT.resolve("empty"));
        Path escape = ROOT.resolve("escape");
        if (!Files.isSymbolicLink(escape)) {
            Files.createSymbolicLink(escape, Path.of("/etc"));
        }
    }

    @Test
    void foldersOutsideTheRootsAreRefusedWithoutNamingAnyServerPath() {
        for (String path : new String[] {"/etc", "/", "../../../../etc", "escape", "escape/ssl", "good/../../..",
                ROOT.getParent().toString(), "no-such-folder", "", "good\u0000"}) {
            folderRun(path, 32).statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                    .body("violations[0].field", is("/path"))
                    .body("detail", startsWith("/path"))
                    .body(allOf(not(containsString("/etc")), not(containsString(ROOT.toString())),
                            not(containsString("/work")), not(containsString("/home"))));
        }
    }

    @Test
    void aFolderUnderARootIsReadAndItsErrorsNameFilesRelativeToIt() {
        folderRun("broken", 32).statusCode(400).body("violations[0].field", is("/path"))
                .body("detail", containsString("'cats/bad.png' is not a readable PNG or JPEG image"))
                .body(not(containsString(ROOT.toString())));
        folderRun(ROOT.resolve("empty").toString(), 32).statusCode(400)
                .body("detail", containsString("holds no .png/.jpg/.jpeg image"))
                .body(not(containsString(ROOT.toString())));
    }

    @Test
    void imageSizeIsBoundedAndNamedWhenTooLarge() {
        for (int size : new int[] {46341, 1025, Integer.MAX_VALUE}) {
            folderRun("good", size).statusCode(400).body("violations[0].field", is("/imageSize"))
                    .body("violations[0].rule", is("maximum")).body("detail", startsWith("/imageSize must be <= 1024"));
        }
        folderRun("good", 4).statusCode(400).body("violations[0].field", is("/imageSize"))
                .body("violations[0].rule", is("minimum"));
    }

    private static ValidatableResponse folderRun(String path, int imageSize) {
        String body = "{\"dataset\":\"folder\",\"path\":\"" + path.replace("\u0000", "\\u0000")
                + "\",\"imageSize\":" + imageSize + ",\"network\":\"tiny\",\"steps\":1,\"exportOnFinish\":false}";
        return given().header("X-API-Key", TrainerAuthTest.KEY).contentType(ContentType.JSON).body(body)
                .post("/v1/runs").then();
    }
}
