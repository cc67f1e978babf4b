package dev.udpm.schemas.job;

import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.SchemaResources;
import dev.udpm.schemas.StoredObject;
import java.time.Instant;
import java.util.List;

/**
 * {@code jobs/{jobId}/manifest.json} (schema {@code job-manifest.schema.json}): written LAST by the worker; an
 * object set without it is not done. The request and the exact model version reproduce every byte.
 *
 * @param formatVersion manifest format, {@link #FORMAT_VERSION}
 * @param jobId         the job (equal to {@code request.jobId()})
 * @param request       the request as accepted
 * @param modelName     model that made the images
 * @param modelVersion  exact version that made the images
 * @param created       when the manifest was written
 * @param objects       every object of the job except the manifest, in index order (grid last)
 */
public record JobManifest(int formatVersion, String jobId, JobRequest request, String modelName,
        String modelVersion, Instant created, List<StoredObject> objects) {

    /** Schema file of this record. */
    public static final String SCHEMA = "job-manifest.schema.json";

    /** The format this code writes; read from the schema's {@code formatVersion.const}. */
    public static final int FORMAT_VERSION =
            (int) SchemaResources.readInteger(SCHEMA, "/properties/formatVersion/const");

    public JobManifest {
        objects = Collections2.copy(objects);
    }

    /** A manifest of the current format for {@code request}. */
    public static JobManifest of(JobRequest request, String modelName, String modelVersion, Instant created,
            List<StoredObject> objects) {
        return new JobManifest(FORMAT_VERSION, request.jobId(), request, modelName, modelVersion, created, objects);
    }

    /** Key of this manifest, {@code jobs/{jobId}/manifest.json}. */
    public String key() {
        return ObjectKeys.jobManifestKey(jobId);
    }
}
