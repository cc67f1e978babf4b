package dev.udpm.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import dev.udpm.core.chain.SamplingSignature;
import dev.udpm.schemas.model.ModelManifest;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Loads an exported model: verifies the directory against its manifest FIRST ({@link ManifestVerifier}), then
 * loads the SavedModel (tag {@code serve}) with the session configuration of {@link DeviceOptions}, checks that
 * its functions are the sampling signature, and hands the bundle to one {@link UdpmModel} owner (with the SHA-256 of
 * the manifest it verified and the graph tuning it loaded with, the model's part of a job's lineage).
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * @throws InvalidModelException if verification fails or the SavedModel does not load or lacks the sampling
     *     functions; the message names the file
     * @throws IOException if the directory cannot be read
     */
    public static UdpmModel load(Path dir, DeviceOptions options) throws IOException {
        ModelManifest manifest = ManifestVerifier.verify(dir);
        String manifestSha256 = ModelFiles.sha256(dir.resolve(ModelManifest.FILE_NAME));
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(options.toConfigProto())
                    .load();
        } catch (TensorFlowException | IllegalArgumentException e) {
            throw new InvalidModelException("saved_model.pb", "TensorFlow could not load the SavedModel: "
                    + e.getMessage(), e);
        }
        try {
            checkSignature(bundle, manifest);
            return new UdpmModel(manifest, manifestSha256, options.tuning(), bundle);
        } catch (RuntimeException | InvalidModelException e) {
            bundle.close();
            throw e;
        }
    }

    private static void checkSignature(SavedModelBundle bundle, ModelManifest manifest) throws InvalidModelException {
        for (String key : new String[] {SamplingSignature.SERVING_KEY, SamplingSignature.PREVIEW_KEY}) {
            Signature signature = bundle.signatures().stream().filter(s -> s.key().equals(key)).findFirst()
                    .orElseThrow(() -> new InvalidModelException("saved_model.pb", "has no function '" + key
                            + "'; functions: " + bundle.signatures().stream().map(Signature::key).toList()));
            Set<String> expected = manifest.signature().inputs().keySet();
            if (!signature.inputNames().equals(expected)) {
                throw new InvalidModelException("saved_model.pb", "function '" + key + "' takes " + signature.inputNames()
                        + " but the manifest lists " + expected);
            }
        }
    }
}
