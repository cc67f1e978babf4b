package dev.udpm.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ContractViolationException;

/** Reads and writes the compacted {@link Topics#MODELS} topic for the {@code models} commands. */
final class ModelsTopic {

    private ModelsTopic() {
    }

    /** The last valid announcement per model name, read to the end of the compacted topic. */
    static Map<String, ModelPublished> read(ConnectionOptions connection, PrintWriter err) {
        Map<String, ModelPublished> latest = new TreeMap<>();
        connection.kafka().readToEnd(Topics.MODELS, r -> {
            if (r.value() == null) {
                latest.remove(r.key()); // tombstone: the model was withdrawn
                return;
            }
            try {
                ModelPublished m = ContractValidator.shared().parseModelPublished(r.value());
                latest.put(m.name(), m);
            } catch (ContractViolationException e) {
                err.println("warning: skipped an invalid record on " + Topics.MODELS + " at offset " + r.offset()
                        + ": " + e.getMessage());
            }
        });
        return latest;
    }

    /** Validates {@code announcement} against its schema and writes it (key = model name), acknowledged. */
    static void publish(ConnectionOptions connection, ModelPublished announcement) {
        String json = Json.write(announcement);
        ContractValidator.shared().parseModelPublished(json);
        connection.kafka().send(Topics.MODELS, announcement.name(), json, CloudEvents.TYPE_MODEL_PUBLISHED);
    }
}
