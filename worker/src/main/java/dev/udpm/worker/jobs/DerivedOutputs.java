package dev.udpm.worker.jobs;

import java.util.Arrays;
import java.util.List;

import dev.udpm.core.math.Hwc;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.worker.output.DerivedImages;
import dev.udpm.worker.output.JobObjects;

/**
 * The objects of a finished job in manifest order: its images (or tar shards), then the derived ones it asks for.
 */
final class DerivedOutputs {

    private DerivedOutputs() {
    }

    /**
     * The job's images (format shards: its tar shards), then its principal-component images (perturb) and {@code grid.png} where the plan asks,
     * computed from the images' pixels and stored now.
     */
    static List<StoredObject> store(JobExecution e, JobObjects objects) {
        String jobId = e.jobId();
        JobPlan plan = e.plan();
        List<StoredObject> stored = e.samples().objects(e.images());
        plan.pca().ifPresent(pca -> {
            for (int g = 0; g < pca.groups(); g++) {
                List<Hwc> group = Arrays.asList(e.pixels()).subList(g * pca.groupSize(), (g + 1) * pca.groupSize());
                List<byte[]> components = DerivedImages.principalComponents(group, pca.components());
                for (int c = 0; c < components.size(); c++) {
                    stored.add(objects.putPng(ObjectKeys.imageKey(jobId, pca.outputIndex(g, c)), components.get(c)));
                }
            }
        });
        plan.gridColumns().ifPresent(columns -> stored.add(
                objects.putPng(ObjectKeys.gridKey(jobId), DerivedImages.grid(Arrays.asList(e.pixels()), columns))));
        return stored;
    }
}
