package dev.udpm.core.model;

import java.io.IOException;
import java.nio.file.Path;

import dev.udpm.core.net.NetworkWeights;
import dev.udpm.core.net.UNet;
import dev.udpm.core.net.UNetConfig;
import dev.udpm.schemas.model.ModelManifest;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The network weights of an exported model version, read back (the inverse of {@link ModelExporter#export}): the
 * directory is verified against its manifest FIRST ({@link ManifestVerifier}, as {@link ModelLoader} does), then the
 * SavedModel's variables ({@value #VARIABLES_PREFIX}) are restored into a fresh network of the manifest's
 * configuration and read out. What an export holds is what the exporter was given: the trainer exports its EMA
 * weights, so these are the EMA weights of the run that made the version.
 *
 * @param manifest the verified manifest
 * @param manifestSha256 SHA-256 of {@code manifest.json} (the version's identity in lineage)
 * @param network the network configuration the manifest names
 * @param weights every parameter of that network
 */
public record ExportedWeights(ModelManifest manifest, String manifestSha256, UNetConfig network,
        NetworkWeights weights) {

    /** The TensorFlow checkpoint prefix of a SavedModel's variables, relative to the model directory. */
    public static final String VARIABLES_PREFIX = "variables/variables";

    /**
     * Verifies {@code dir} and reads its weights.
     *
     * @throws InvalidModelException naming the file if verification fails
     * @throws IOException if the directory cannot be read
     */
    public static ExportedWeights read(Path dir) throws IOException {
        ModelManifest manifest = ManifestVerifier.verify(dir);
        String manifestSha256 = ModelFiles.sha256(dir.resolve(ModelManifest.FILE_NAME));
        UNetConfig network = UNetConfig.fromMap(manifest.network()); // checked by verify
        try (Graph graph = new Graph()) {
            UNet net = UNet.create(Ops.create(graph), network, 0);
            try (Session session = new Session(graph)) {
                session.restore(dir.resolve(VARIABLES_PREFIX).toAbsolutePath().toString());
                return new ExportedWeights(manifest, manifestSha256, network, net.parameters().read(session));
            }
        } catch (RuntimeException e) {
            throw new InvalidModelException(VARIABLES_PREFIX, "the variables do not restore into the manifest's"
                    + " network: " + e.getMessage(), e);
        }
    }
}
