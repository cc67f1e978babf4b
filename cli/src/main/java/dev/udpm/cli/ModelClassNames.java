package dev.udpm.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;
import dev.udpm.storage.NoSuchObjectException;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;

/**
 * The class names of the model version that made a job, for {@code udpm fetch --layout imagefolder}: the names the
 * job's lineage recorded from the manifest it ran on (workers record them since 8 Dec 2026, the bundled model
 * included), else read from {@code models/{name}/{version}/manifest.json} in the object store and used only when that
 * manifest is the one the job recorded (its sha256 equals the job manifest's {@code modelManifestSha256}), is valid (its {@code classNames}
 * match the schema's pattern, one per class, distinct ignoring case) and names classes; {@link ClassFolders} makes the
 * folder names from them. Otherwise the folders are named by label number, and
 * {@link Result#note()} says why.
 *
 * @see <a href="../../../../../../docs/datasets.md">docs/datasets.md</a>
 */
final class ModelClassNames {

    /** The names ({@code null}: none) and, when there are none, why. */
    record Result(List<String> names, String note) {
    }

    private ModelClassNames() {
    }

    static Result lookup(ObjectStore store, JobManifest job) {
        Lineage lineage = job.lineage();
        if (lineage != null && lineage.model().classNames() != null) { // the manifest's validation matched its sha256
            return new Result(lineage.model().classNames(), null);
        }
        String name = job.modelName();
        String version = job.modelVersion();
        String key = ObjectKeys.modelManifestKey(name, version);
        byte[] bytes;
        try {
            bytes = store.get(key);
        } catch (NoSuchObjectException e) {
            return new Result(null, "model " + name + "/" + version + " has no manifest in the object store (a bundled"
                    + " model); folders are named by label");
        }
        if (job.modelManifestSha256() == null || !job.modelManifestSha256().equals(Sha256.hex(bytes))) {
            return new Result(null, key + " is not the manifest the job recorded (sha256 " + Sha256.hex(bytes)
                    + ", job: " + job.modelManifestSha256() + "); folders are named by label");
        }
        ModelManifest model;
        try {
            model = ContractValidator.shared().parseModelManifest(new String(bytes, StandardCharsets.UTF_8));
        } catch (ContractViolationException e) {
            return new Result(null, key + " is not a valid model manifest (" + e.getMessage() + "); folders are named"
                    + " by label");
        }
        if (model.classNames() == null) {
            return new Result(null, "model " + name + "/" + version + " names no classes; folders are named by label");
        }
        return new Result(model.classNames(), null);
    }
}
