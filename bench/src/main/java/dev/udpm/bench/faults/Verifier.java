package dev.udpm.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.JobManifest;
import dev.udpm.schemas.validation.ContractValidator;

/** Compares the images a job stored, and those its manifests list, with the undisturbed run's. */
final class Verifier {

    /** The differences of one job. */
    record Diff(int lost, int duplicated, int corrupt, boolean manifestComplete, String note) {

        boolean identical() {
            return lost == 0 && duplicated == 0 && corrupt == 0 && manifestComplete;
        }
    }

    private final StoredImages images;

    Verifier(StoredImages images) {
        this.images = images;
    }

    /**
     * @param expected file name -> sha256 of the undisturbed run of the same request
     * @param completed whether the job ended {@code completed} (only then must its manifest list everything)
     */
    Diff check(String jobId, Map<String, String> expected, boolean completed) throws IOException {
        Map<String, String> stored = images.sha256s(jobId);
        int lost = 0;
        int corrupt = 0;
        for (var e : expected.entrySet()) {
            String sha = stored.get(e.getKey());
            if (sha == null) {
                lost++;
            } else if (!sha.equals(e.getValue())) {
                corrupt++;
            }
        }
        int duplicated = (int) stored.keySet().stream().filter(k -> !expected.containsKey(k)).count();
        List<String> notes = new ArrayList<>();
        boolean manifestComplete = false;
        if (completed) {
            List<StoredObject> listed = listed(jobId, notes);
            Set<String> names = new HashSet<>();
            for (StoredObject o : listed) {
                String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                if (!names.add(name)) {
                    duplicated++;
                } else if (stored.containsKey(name) && !stored.get(name).equals(o.sha256())) {
                    corrupt++;
                    notes.add("manifest sha256 of " + name + " differs from its bytes");
                }
            }
            manifestComplete = names.equals(expected.keySet());
            if (!manifestComplete && notes.isEmpty()) {
                notes.add("manifest lists " + names.size() + " images, the undisturbed run " + expected.size());
            }
        }
        return new Diff(lost, duplicated, corrupt, manifestComplete, String.join("; ", notes));
    }

    /** Every image the job's manifest lists (for a bulk job: every shard manifest's, each checked). */
    private List<StoredObject> listed(String jobId, List<String> notes) throws IOException {
        byte[] bytes = images.read(ObjectKeys.jobManifestKey(jobId));
        if (bytes == null) {
            notes.add("completed without " + ObjectKeys.jobManifestKey(jobId));
            return List.of();
        }
        JobManifest manifest = ContractValidator.shared().parseJobManifest(new String(bytes, StandardCharsets.UTF_8));
        if (manifest.shards() == null || manifest.shards().isEmpty()) {
            return manifest.objects() == null ? List.of() : manifest.objects().stream().filter(o -> !o.key().endsWith("/" + ObjectKeys.GRID)).toList();
        }
        List<StoredObject> all = new ArrayList<>();
        for (JobManifest.ShardEntry shard : manifest.shards()) {
            byte[] shardBytes = images.read(shard.manifest().key());
            if (shardBytes == null || !StoredImages.sha256(shardBytes).equals(shard.manifest().sha256())) {
                notes.add("shard manifest " + shard.manifest().key() + (shardBytes == null ? " missing"
                        : " differs from its sha256 in the job manifest"));
                continue;
            }
            all.addAll(ContractValidator.shared().parseShardManifest(new String(shardBytes,
                    StandardCharsets.UTF_8)).objects());
        }
        return all;
    }

}
