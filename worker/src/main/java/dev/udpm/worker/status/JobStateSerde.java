package dev.udpm.worker.status;

import java.io.IOException;

import dev.udpm.schemas.Json;
import dev.udpm.schemas.status.JobState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link JobState} as UTF-8 JSON (the fleet's shared mapper, {@link Json#mapper()}) in the state store. */
public final class JobStateSerde implements Serde<JobState> {

    @Override
    public Serializer<JobState> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            try {
                return Json.mapper().writeValueAsBytes(state);
            } catch (IOException e) {
                throw new SerializationException("cannot write the state of job " + state.jobId() + " as JSON", e);
            }
        };
    }

    @Override
    public Deserializer<JobState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.mapper().readValue(bytes, JobState.class);
            } catch (IOException e) {
                throw new SerializationException("stored job state is not a JobState JSON: " + e.getMessage(), e);
            }
        };
    }
}
