package dev.udpm.core.classifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Saves and restores the variables of one {@link FeatureNet}, and only those, as a standard TensorFlow checkpoint
 * keyed by the variable names ({@code cls.conv1.w}, ...). Unlike {@code Session.save/restore}, which cover every
 * variable of a graph, this works inside a larger graph (e.g. the UDPM training graph with its own U-Net and
 * optimizer state): build the same {@link FeatureNetConfig} there, {@link #attach} a checkpoint, and
 * {@link #restore} the trained weights after the session's initialisers ran.
 *
 * <p>Folder layout: {@value #CHECKPOINT_PREFIX}{@code .index} and {@value #CHECKPOINT_PREFIX}{@code .data-*}
 * (the tensors, written by the {@code SaveV2} op) plus {@value #CONFIG_FILE} (the {@link FeatureNetConfig}
 * as properties, checked on restore).
 */
public final class FeatureNetCheckpoint {

    /** File prefix of the TensorFlow checkpoint inside the folder. */
    public static final String CHECKPOINT_PREFIX = "featurenet";

    /** Name of the architecture file inside the folder. */
    public static final String CONFIG_FILE = "featurenet.properties";

    private final FeatureNet net;
    private final Placeholder<TString> prefix;
    private final Op save;
    private final List<Op> restoreAssigns;

    private FeatureNetCheckpoint(FeatureNet net, Placeholder<TString> prefix, Op save, List<Op> restoreAssigns) {
        this.net = net;
        this.prefix = prefix;
        this.save = save;
        this.restoreAssigns = restoreAssigns;
    }

    /** Adds the save ({@code SaveV2}) and restore ({@code RestoreV2} + assigns) ops for {@code net}'s variables. */
    public static FeatureNetCheckpoint attach(Ops tf, FeatureNet net) {
        List<Variable<TFloat32>> variables = net.variables();
        String[] names = net.variableNames().toArray(new String[0]);
        String[] slices = new String[names.length];
        Arrays.fill(slices, "");
        Placeholder<TString> prefix = tf.placeholder(TString.class);
        Operand<TString> tensorNames = tf.array(names);
        Operand<TString> shapeAndSlices = tf.array(slices);
        Op save = tf.train.save(prefix, tensorNames, shapeAndSlices, new ArrayList<Operand<?>>(variables));
        List<Class<? extends TType>> types = new ArrayList<>(Collections.nCopies(names.length, TFloat32.class));
        Restore restore = tf.train.restore(prefix, tensorNames, shapeAndSlices, types);
        List<Op> assigns = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            assigns.add(tf.assign(variables.get(i), restore.tensors().get(i).expect(TFloat32.class)));
        }
        return new FeatureNetCheckpoint(net, prefix, save, List.copyOf(assigns));
    }

    /**
     * Writes the net's current weights and its config to {@code directory} (created if missing; existing files
     * of the same names are replaced). Runs the graph's initialisers first if they have not run.
     */
    public void save(Session session, Path directory) {
        try {
            Files.createDirectories(directory);
            try (OutputStream out = Files.newOutputStream(directory.resolve(CONFIG_FILE))) {
                net.config().toProperties().store(out, "FeatureNet architecture (dev.udpm.core.classifier)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the FeatureNet checkpoint to " + directory, e);
        }
        try (TString path = TString.scalarOf(prefixPath(directory));
             var result = session.runner().feed(prefix, path).addTarget(save).run()) {
            // targets only: nothing fetched
        }
    }

    /**
     * Loads the weights saved by {@link #save} into the net's variables. Runs the graph's initialisers first if
     * they have not run (so a later run cannot overwrite the restored values).
     *
     * @throws IllegalArgumentException if the folder holds no checkpoint or one of another architecture
     */
    public void restore(Session session, Path directory) {
        FeatureNetConfig saved = readConfig(directory);
        if (!saved.equals(net.config())) {
            throw new IllegalArgumentException("the FeatureNet checkpoint in " + directory + " has architecture "
                    + saved + " but this graph's net has " + net.config() + ": build the net from readConfig(dir)");
        }
        if (!Files.isRegularFile(directory.resolve(CHECKPOINT_PREFIX + ".index"))) {
            throw new IllegalArgumentException("no FeatureNet checkpoint in " + directory + ": "
                    + CHECKPOINT_PREFIX + ".index is missing; train one with ClassifierTraining");
        }
        try (TString path = TString.scalarOf(prefixPath(directory))) {
            Session.Runner runner = session.runner().feed(prefix, path);
            restoreAssigns.forEach(runner::addTarget);
            try (var result = runner.run()) {
                // targets only: nothing fetched
            }
        }
    }

    /**
     * The architecture stored in {@code directory}'s {@value #CONFIG_FILE}.
     *
     * @throws IllegalArgumentException if the file is missing or malformed
     */
    public static FeatureNetConfig readConfig(Path directory) {
        Path file = directory.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no FeatureNet checkpoint in " + directory + ": " + CONFIG_FILE
                    + " is missing; train one with ClassifierTraining or point at the folder it wrote");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return FeatureNetConfig.fromProperties(p);
    }

    private static String prefixPath(Path directory) {
        return directory.toAbsolutePath().resolve(CHECKPOINT_PREFIX).toString();
    }
}
