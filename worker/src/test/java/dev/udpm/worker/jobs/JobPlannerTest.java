package dev.udpm.worker.jobs;

import static dev.udpm.worker.testmodels.TinyModelFiles.CONDITIONAL;
import static dev.udpm.worker.testmodels.TinyModelFiles.UNCONDITIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.latent.Latents;
import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.worker.testmodels.TinyModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The documented derivation of every job type's images, and the checks that need the model. */
class JobPlannerTest {

    private static ModelManifest conditional;
    private static ModelManifest unconditional;
    private static LatentGenerator generator;

    @BeforeAll
    static void models() {
        conditional = TinyModelFiles.manifest(CONDITIONAL);
        unconditional = TinyModelFiles.manifest(UNCONDITIONAL);
        generator = new LatentGenerator(new LatentShapes(conditional.levels(), conditional.imageSize(),
                conditional.channels()));
    }

    @Test
    void generateImageIIsSeedIndexIWithLabelsUsedInTurn() throws JobRejection {
        JobPlan plan = plan(Requests.generate("g", CONDITIONAL, 5, 77, "\"classLabels\":[3,9]"), conditional);

        assertEquals(5, plan.imageCount());
        for (int i = 0; i < 5; i++) {
            assertEquals(generator.generate(77, i), plan.latents(i), "latents of image " + i);
        }
        assertEquals(3, plan.label(0));
        assertEquals(9, plan.label(1));
        assertEquals(3, plan.label(4));
        assertEquals(OptionalInt.empty(), plan.gridColumns(), "no grid unless output.grid");
        assertTrue(plan.pca().isEmpty());
    }

    @Test
    void generateGridUsesTheRequestedOrDefaultColumns() throws JobRejection {
        assertEquals(OptionalInt.of(3), plan(Requests.generate("g", CONDITIONAL, 7, 1,
                "\"classLabels\":[0],\"output\":{\"grid\":true}"), conditional).gridColumns(), "ceil(sqrt(7))");
        assertEquals(OptionalInt.of(7), plan(Requests.generate("g", CONDITIONAL, 7, 1,
                "\"classLabels\":[0],\"output\":{\"grid\":true,\"gridColumns\":7}"), conditional).gridColumns());
    }

    @Test
    void unconditionalGenerateUsesLabelZeroAndTheSameLatents() throws JobRejection {
        JobPlan plan = plan(Requests.generate("g", UNCONDITIONAL, 2, 77, ""), unconditional);
        assertEquals(generator.generate(77, 1), plan.latents(1));
        assertEquals(0, plan.label(1));
    }

    @Test
    void fourCornerInterpolationHasTheCornersAtTheGridCorners() throws JobRejection {
        JobPlan plan = plan(Requests.interpolate("i", CONDITIONAL, "[11,12,13,14]", 3, "\"classLabel\":2"),
                conditional);

        assertEquals(9, plan.imageCount());
        assertEquals(generator.generate(11, 0), plan.latents(0), "A top-left = image 0 of seed 11");
        assertEquals(generator.generate(12, 0), plan.latents(2), "B top-right");
        assertEquals(generator.generate(13, 0), plan.latents(6), "C bottom-left");
        assertEquals(generator.generate(14, 0), plan.latents(8), "D bottom-right");
        assertEquals(2, plan.label(4));
        assertEquals(OptionalInt.of(3), plan.gridColumns(), "interpolation always stores its grid, n columns");
    }

    @Test
    void interpolationCentreIsTheVariancePreservingMixOfTheCorners() throws JobRejection {
        JobPlan plan = plan(Requests.interpolate("i", CONDITIONAL, "[11,12,13,14]", 3, "\"classLabel\":2"),
                conditional);
        // Centre cell: eta = delta = 1/2, weights 1/4, sqrt(3)/4, sqrt(3)/4, 3/4 (squares sum to 1).
        double r = Math.sqrt(3) / 4;
        Hwc a = generator.generate(11, 0).level(2);
        Hwc expected = Hwc.linearCombination(0.25, a, r, generator.generate(12, 0).level(2))
                .plus(Hwc.linearCombination(r, generator.generate(13, 0).level(2), 0.75,
                        generator.generate(14, 0).level(2)));
        assertTrue(expected.maxAbsDifference(plan.latents(4).level(2)) < 1e-12, "centre cell of level 2");
    }

    @Test
    void interpolationMixesOnlyTheListedLevels() throws JobRejection {
        JobPlan plan = plan(Requests.interpolate("i", CONDITIONAL, "[11,12]", 4, "\"levels\":[3],\"classLabel\":1"),
                conditional);
        assertEquals(4, plan.imageCount(), "two corners: a path of gridSize images");
        Latents a = generator.generate(11, 0);
        Latents b = generator.generate(12, 0);
        assertEquals(a, plan.latents(0));
        assertEquals(a.level(1), plan.latents(3).level(1), "level 1 not listed: keeps A's map");
        assertEquals(b.level(3), plan.latents(3).level(3), "the path ends at B on the mixed level");
        assertEquals(OptionalInt.of(4), plan.gridColumns());
    }

    @Test
    void swapTakesTheListedLevelFromTheSourceInOrder() throws JobRejection {
        JobPlan plan = plan(Requests.swap("s", CONDITIONAL, 5, 6, "[3,1]", "\"classLabel\":7"), conditional);
        Latents source = generator.generate(5, 0);
        Latents target = generator.generate(6, 0);

        assertEquals(2, plan.imageCount());
        assertEquals(target.withLevel(3, source.level(3)), plan.latents(0), "image 0 swaps level 3");
        assertEquals(target.withLevel(1, source.level(1)), plan.latents(1), "image 1 swaps level 1");
        assertEquals(7, plan.label(1));
    }

    @Test
    void perturbSampleUsesSharedFreshNoisePerSampleIndex() throws JobRejection {
        JobPlan plan = plan(Requests.perturb("p", CONDITIONAL, 21, 2, "[0.0,0.6]", 3, 2, "\"classLabel\":0"),
                conditional);
        Latents base = generator.generate(21, 0);

        assertEquals(6, plan.imageCount(), "2 strengths x 3 samples");
        for (int j = 0; j < 3; j++) {
            Hwc fresh = generator.level(21, 1 + j, 2);
            assertEquals(fresh, plan.latents(j).level(2), "g = 0: e_2 is e''_j = G_2(seed, 1 + j)");
            Hwc mixed = Hwc.linearCombination(0.6, base.level(2), 0.8, fresh);
            assertTrue(mixed.maxAbsDifference(plan.latents(3 + j).level(2)) < 1e-12,
                    "g = 0.6 uses the same e''_j: 0.6 e_2 + 0.8 e''_j");
            assertEquals(base.level(1), plan.latents(3 + j).level(1), "other levels fixed");
            assertEquals(base.level(3), plan.latents(3 + j).level(3), "other levels fixed");
        }
        PcaSpec pca = plan.pca().orElseThrow();
        assertEquals(new PcaSpec(2, 3, 2), pca);
        assertEquals(6, pca.outputIndex(0, 0), "components follow the samples");
        assertEquals(9, pca.outputIndex(1, 1));
        assertEquals(10, plan.indexedObjectCount());
        assertTrue(plan.needsPixels());
    }

    @Test
    void aShardSliceHasTheGlobalIndicesLatentsAndLabelsOfTheWholeBulkJob() throws JobRejection {
        JobPlan whole = plan(Requests.generate("b", CONDITIONAL, 5000, 77, "\"classLabels\":[3,9,4],\"bulk\":true"),
                conditional);
        JobPlan shard = whole.slice(4000, 4010);

        assertEquals(10, shard.imageCount());
        for (int i = 0; i < 10; i++) {
            assertEquals(4000 + i, shard.globalIndex(i));
            assertEquals(generator.generate(77, 4000 + i), shard.latents(i), "latents of shard image " + i);
            assertEquals(whole.label(4000 + i), shard.label(i), "label of shard image " + i);
        }
        assertEquals(4005, whole.slice(4000, 4010).slice(5, 10).globalIndex(0), "a slice of a slice");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> whole.slice(10, 5001));
    }

    @Test
    void planIsAPureFunctionOfTheRequest() throws JobRejection {
        String json = Requests.perturb("p", CONDITIONAL, 21, 3, "[0.5]", 4, 1, "\"classLabel\":0");
        JobPlan first = plan(json, conditional);
        JobPlan second = plan(json, conditional);
        for (int i = 0; i < 4; i++) {
            assertEquals(first.latents(i), second.latents(i));
        }
        assertNotEquals(first.latents(0), first.latents(1), "different samples differ");
    }

    @Test
    void levelAboveTheModelsLIsRejectedNamingTheField() {
        assertRejected(Requests.interpolate("i", CONDITIONAL, "[1,2]", 2, "\"levels\":[1,4],\"classLabel\":0"),
                conditional, "/levels/1", "level 4 is outside 1..3");
        assertRejected(Requests.swap("s", CONDITIONAL, 1, 2, "[5]", "\"classLabel\":0"), conditional, "/levels/0",
                "level 5");
        assertRejected(Requests.perturb("p", CONDITIONAL, 1, 4, "[0.5]", 2, 1, "\"classLabel\":0"), conditional,
                "/level", "level 4");
    }

    @Test
    void classLabelOutsideTheModelsClassesIsRejectedNamingTheField() {
        assertRejected(Requests.generate("g", CONDITIONAL, 2, 1, "\"classLabels\":[0,10]"), conditional,
                "/classLabels/1", "class label 10 is outside 0..9");
        assertRejected(Requests.swap("s", CONDITIONAL, 1, 2, "[1]", "\"classLabel\":12"), conditional, "/classLabel",
                "class label 12");
    }

    @Test
    void labelsForAnUnconditionalModelAndNoLabelForAConditionalOneAreRejected() {
        assertRejected(Requests.generate("g", UNCONDITIONAL, 2, 1, "\"classLabels\":[0]"), unconditional,
                "/classLabels", "unconditional");
        assertRejected(Requests.interpolate("i", UNCONDITIONAL, "[1,2]", 2, "\"classLabel\":0"), unconditional,
                "/classLabel", "unconditional");
        assertRejected(Requests.generate("g", CONDITIONAL, 2, 1, ""), conditional, "/classLabels",
                "class-conditional with 10 classes");
        assertRejected(Requests.perturb("p", CONDITIONAL, 1, 1, "[0.5]", 2, 1, ""), conditional, "/classLabel",
                "class-conditional");
    }

    @Test
    void cancelHasNoPlan() {
        assertThrows(IllegalArgumentException.class,
                () -> JobPlanner.plan(Requests.parse(Requests.cancel("c")), conditional));
    }

    private static JobPlan plan(String json, ModelManifest model) throws JobRejection {
        return JobPlanner.plan(Requests.parse(json), model);
    }

    private static void assertRejected(String json, ModelManifest model, String field, String messagePart) {
        JobRejection rejection = assertThrows(JobRejection.class, () -> plan(json, model));
        assertEquals(FailureCode.INVALID_REQUEST, rejection.code());
        assertEquals(field, rejection.field());
        assertTrue(rejection.getMessage().contains(messagePart), "message '" + rejection.getMessage()
                + "' should contain '" + messagePart + "'");
        assertTrue(rejection.getMessage().contains(model.name() + "/" + model.version()),
                "message names the model: " + rejection.getMessage());
    }
}
