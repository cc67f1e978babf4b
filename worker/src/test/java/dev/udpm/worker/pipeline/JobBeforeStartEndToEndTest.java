package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.udpm.schemas.event.JobEvent;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A job already waiting on {@code udpm.jobs} when the worker starts (a restart with a backlog) waits for the
 * worker's start-up model selection and completes, instead of failing {@code MODEL_NOT_FOUND} because the intake
 * read it before the model was loaded. (The fault suite's {@code kill-only-worker} scenario failed exactly so.)
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
@QuarkusTestResource(JobBeforeStartResource.class)
class JobBeforeStartEndToEndTest extends EndToEndTest {

    @ConfigProperty(name = JobBeforeStartResource.PROPERTY)
    String jobBeforeStart;

    @Test
    void aJobWrittenBeforeTheStartWaitsForTheModelAndCompletes() {
        List<JobEvent> events = topics.awaitTerminal(jobBeforeStart, PipelineEndToEndTest.WAIT);
        List<String> types = events.stream().map(JobEvent::eventType).toList();
        assertEquals("completed", types.get(types.size() - 1), "events of the job written before the start: "
                + events);
        assertEquals(1, events.stream().filter(JobEvent::terminal).count(), "one terminal event: " + types);
    }
}
