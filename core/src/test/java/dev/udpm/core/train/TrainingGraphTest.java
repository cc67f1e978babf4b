package dev.udpm.core.train;

import static dev.udpm.core.train.TrainingFixtures.BATCH;
import static dev.udpm.core.train.TrainingFixtures.SIZE;
import static dev.udpm.core.train.TrainingFixtures.inputs;
import static dev.udpm.core.train.TrainingFixtures.maxDiff;
import static dev.udpm.core.train.TrainingFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.udpm.core.latent.LatentGenerator;
import dev.udpm.core.latent.LatentShapes;
import dev.udpm.core.model.LatentBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** One tiny training graph with the paper's loss weights; every test runs its own fresh session on it. */
class TrainingGraphTest {

    private static Graph graph;
    private static TrainingGraph training;

    @BeforeAll
    static void build() {
        graph = new Graph();
        // lazy R1 every 2nd step, so both discriminator variants of every level are exercised
        TrainingConfig config = TrainingFixtures.paperConfig();
        training = TrainingFixtures.build(graph, config.toBuilder().r1(config.r1Gammas(), 2).build());
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static Session fresh() {
        Session session = TrainingFixtures.session(graph);
        training.initialize(session);
        return session;
    }

    @Test
    void everyLevelReportsFiniteLossesWithTheTermsItsWeightsAskFor() {
        try (Session session = fresh()) {
            for (int l = 1; l <= 3; l++) {
                StepLosses plain = training.discriminatorStep(session, inputs(l, l), 1);
                assertEquals(EnumSet.of(LossTerm.D_REAL, LossTerm.D_FAKE, LossTerm.D_TOTAL), plain.values().keySet(),
                        "level " + l + ": no R1 at an odd step with r1Interval 2");
                assertEquals(plain.get(LossTerm.D_REAL) + plain.get(LossTerm.D_FAKE), plain.get(LossTerm.D_TOTAL), 1e-5);
                StepLosses d = training.discriminatorStep(session, inputs(l, l), 2);
                StepLosses g = training.generatorStep(session, inputs(l, 10 + l), 2);
                assertTrue(plain.allFinite() && d.allFinite() && g.allFinite(), "level " + l + ": " + d + " " + g);
                assertEquals(EnumSet.of(LossTerm.D_REAL, LossTerm.D_FAKE, LossTerm.D_R1, LossTerm.D_TOTAL),
                        d.values().keySet(), "level " + l + " discriminator terms at step 2 (R1)");
                Set<LossTerm> expected = l == 3 ? EnumSet.of(LossTerm.G_ADVERSARIAL, LossTerm.G_TOTAL)
                        : EnumSet.of(LossTerm.G_L1, LossTerm.G_PERCEPTUAL, LossTerm.G_ADVERSARIAL, LossTerm.G_TOTAL);
                assertEquals(expected, g.values().keySet(), "level " + l + " generator terms");
                TrainingConfig c = training.config();
                double total = (l == 3 ? 0 : c.l1Weight(l) * g.get(LossTerm.G_L1)
                        + c.perceptualWeight(l) * g.get(LossTerm.G_PERCEPTUAL))
                        + c.adversarialWeight(l) * g.get(LossTerm.G_ADVERSARIAL);
                assertEquals(total, g.get(LossTerm.G_TOTAL), 1e-5 * Math.abs(total), "weighted generator total");
                double dTotal = d.get(LossTerm.D_REAL) + d.get(LossTerm.D_FAKE)
                        + c.r1Gamma(l) / 2 * c.r1Interval() * d.get(LossTerm.D_R1);
                assertEquals(dTotal, d.get(LossTerm.D_TOTAL), 1e-5 * dTotal, "total with lazy R1 (gamma/2 * interval)");
                // softplus(-D) + softplus(D) terms of a near-random critic sit near log 2 each
                assertTrue(d.get(LossTerm.D_REAL) > 0.1 && d.get(LossTerm.D_REAL) < 3, d.toString());
            }
        }
    }

    @Test
    void theDiscriminatorJudgesTheCandidateWithoutSeeingTheLatent() {
        // same images, classes and instance noise, another forward-process draw eps (so another x_l): the critic's
        // verdict on the real candidates must not move (it would if x_l were one of its inputs); the generator's
        // candidates do move, since x_l is the generator's input
        for (int l = 1; l <= 3; l++) {
            StepInputs a = inputs(l, 40 + l);
            StepInputs b = new StepInputs(l, a.batchSize(), a.x0(), a.labels(), inputs(l, 50 + l).eps(), a.realNoise(),
                    a.fakeNoise());
            StepLosses first;
            StepLosses second;
            try (Session session = fresh()) {
                first = training.discriminatorStep(session, a, 1);
            }
            try (Session session = fresh()) {
                second = training.discriminatorStep(session, b, 1);
            }
            assertEquals(first.get(LossTerm.D_REAL), second.get(LossTerm.D_REAL), 1e-6, "level " + l + ": D(real)");
            assertTrue(Math.abs(first.get(LossTerm.D_FAKE) - second.get(LossTerm.D_FAKE)) > 1e-7,
                    "level " + l + ": the fake candidates depend on x_l");
        }
    }

    @Test
    void generatorStepChangesOnlyTheGenerator() {
        try (Session session = fresh()) {
            Snapshot before = Snapshot.of(session);
            training.generatorStep(session, inputs(1, 3), 1);
            Snapshot after = Snapshot.of(session);
            assertTrue(maxDiff(before.generator, after.generator) > 1e-6, "the generator must move");
            assertEquals(0.0, maxDiff(before.discriminator, after.discriminator), "discriminator untouched");
            assertEquals(0.0, maxDiff(before.ema, after.ema), "EMA untouched until updateEma");
            assertEquals(0.0, maxDiff(before.perceptual, after.perceptual), "perceptual net frozen");
        }
    }

    @Test
    void discriminatorStepChangesOnlyTheDiscriminator() {
        try (Session session = fresh()) {
            Snapshot before = Snapshot.of(session);
            training.discriminatorStep(session, inputs(2, 4), 1);
            Snapshot after = Snapshot.of(session);
            assertTrue(maxDiff(before.discriminator, after.discriminator) > 1e-6, "the discriminator must move");
            assertEquals(0.0, maxDiff(before.generator, after.generator), "generator untouched");
            assertEquals(0.0, maxDiff(before.ema, after.ema), "EMA untouched");
            assertEquals(0.0, maxDiff(before.perceptual, after.perceptual), "perceptual net frozen");
        }
    }

    @Test
    void emaStartsAtTheWeightsAndMovesTowardThemByTheDecay() {
        try (Session session = fresh()) {
            Snapshot start = Snapshot.of(session);
            assertEquals(0.0, maxDiff(start.generator, start.ema), "EMA is set to the initial weights");
            for (long step = 1; step <= 3; step++) {
                training.generatorStep(session, inputs(1, 20 + step), step);
                Snapshot trained = Snapshot.of(session);
                training.updateEma(session, step);
                Snapshot averaged = Snapshot.of(session);
                double decay = training.config().emaDecay(step);
                assertEquals((1.0 + step) / (10.0 + step), decay, 1e-12, "early steps use the num_updates decay");
                double worst = 0;
                for (int i = 0; i < trained.ema.size(); i++) {
                    float[] e0 = trained.ema.get(i);
                    float[] w = trained.generator.get(i);
                    float[] e1 = averaged.ema.get(i);
                    for (int k = 0; k < e0.length; k++) {
                        double expected = decay * e0[k] + (1 - decay) * w[k];
                        worst = Math.max(worst, Math.abs(expected - e1[k]) / (1e-3 + Math.abs(expected)));
                    }
                }
                assertTrue(worst < 1e-5, "ema = decay * ema + (1 - decay) * w, worst relative error " + worst);
                assertEquals(0.0, maxDiff(trained.generator, averaged.generator), "updateEma leaves the weights");
            }
        }
    }

    @Test
    void theSameInputsGiveBitIdenticalWeightsInAnotherGraph() {
        TrainingConfig config = TrainingFixtures.paperConfig();
        List<List<float[]>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Graph g = new Graph(); Session session = TrainingFixtures.session(g)) {
                TrainingGraph t = TrainingFixtures.build(g, config);
                t.initialize(session);
                for (int step = 1; step <= 4; step++) {
                    int level = 1 + step % 3;
                    t.discriminatorStep(session, inputs(level, 100 + step), step);
                    t.generatorStep(session, inputs(level, 200 + step), step);
                    t.updateEma(session, step);
                }
                List<float[]> all = new java.util.ArrayList<>(read(session, t.generator().parameters().variables()));
                all.addAll(read(session, t.discriminator().parameters().variables()));
                all.addAll(read(session, t.ema().average().variables()));
                runs.add(all);
            }
        }
        assertEquals(0.0, maxDiff(runs.get(0), runs.get(1)), "two identical runs must agree bit for bit");
    }

    @Test
    void emaSamplesHaveTheImageShapeAndRange() {
        try (Session session = fresh()) {
            LatentGenerator latents = new LatentGenerator(LatentShapes.of(TrainingFixtures.SCHEDULE, SIZE, 1));
            LatentBatch batch = LatentBatch.of(latents.generate(5, 0, 3));
            float[] images = training.sampleEma(session, batch, new int[] {0, 1, 2});
            assertEquals(3 * SIZE * SIZE, images.length);
            for (float v : images) {
                assertTrue(v >= -1 && v <= 1, "sample value " + v + " outside [-1, 1]");
            }
            assertThrows(IllegalArgumentException.class, () -> training.sampleEma(session, batch, new int[] {0}));
        }
    }

    @Test
    void stepInputsOfTheWrongShapeAreRejectedByName() {
        try (Session session = fresh()) {
            StepInputs good = inputs(2, 1);
            StepInputs badEps = new StepInputs(2, BATCH, good.x0(), good.labels(), new float[7], good.realNoise(),
                    good.fakeNoise());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> training.generatorStep(session, badEps, 1));
            assertTrue(e.getMessage().contains("eps") && e.getMessage().contains("level 2"), e.getMessage());
            StepInputs noReal = new StepInputs(2, BATCH, good.x0(), good.labels(), good.eps(), null, good.fakeNoise());
            e = assertThrows(IllegalArgumentException.class, () -> training.discriminatorStep(session, noReal, 1));
            assertTrue(e.getMessage().contains("realNoise"), e.getMessage());
        }
    }

    /** The values of every variable group of the training graph. */
    private record Snapshot(List<float[]> generator, List<float[]> discriminator, List<float[]> ema,
            List<float[]> perceptual) {
        static Snapshot of(Session session) {
            List<Variable<TFloat32>> perceptual = training.perceptualNet().orElseThrow().variables();
            return new Snapshot(read(session, training.generator().parameters().variables()),
                    read(session, training.discriminator().parameters().variables()),
                    read(session, training.ema().average().variables()), read(session, perceptual));
        }
    }
}
