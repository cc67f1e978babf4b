package dev.udpm.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.udpm.core.model.GraphTuning;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Lineage;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.worker.testmodels.TinyModelFiles;
import org.junit.jupiter.api.Test;

/** The lineage a job records names the model's classes when its manifest does, so a dataset is self-describing. */
class JobLineageTest {

    private static final JobRequest REQUEST = Requests.parse(Requests.generate("lineage-job", "tiny", 4, 1,
            "\"classLabels\":[0,1]"));

    @Test
    void theModelsClassNamesAreRecordedWhenItsManifestNamesThem() throws Exception {
        ModelManifest named = ContractValidator.shared().parseModelManifest(
                Files.readString(Path.of("../schemas/examples/valid/model-manifest.json")));
        Lineage lineage = JobLineage.of(REQUEST, named, "ab".repeat(32), GraphTuning.defaults());
        assertEquals(named.classNames(), lineage.model().classNames());
        assertEquals("airplane", lineage.model().classNames().get(0));
        assertEquals(new Lineage.Model(named.name(), named.version(), "ab".repeat(32), named.classNames()),
                lineage.model());
    }

    @Test
    void aManifestWithoutClassNamesRecordsNone() {
        ModelManifest unnamed = TinyModelFiles.manifest(TinyModelFiles.CONDITIONAL);
        Lineage lineage = JobLineage.of(REQUEST, unnamed, "cd".repeat(32), GraphTuning.defaults());
        assertNull(lineage.model().classNames());
        assertEquals(List.of(1L), lineage.seeds());
    }
}
