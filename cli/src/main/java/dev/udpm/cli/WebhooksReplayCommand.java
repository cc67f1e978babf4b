package dev.udpm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.client.FleetKafka;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code udpm webhooks replay}: reads {@link Topics#WEBHOOKS_DEAD} from its beginning to its current end, picks the
 * dead letters of {@code --job} and/or dead-lettered at or after {@code --since}, and writes each, unchanged, to
 * {@link Topics#WEBHOOKS_RETRY} (same key), where the delivery service delivers it again with the same webhook id,
 * a fresh signature and its destination check. {@code --dry-run} lists what would be replayed and writes nothing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Deliver dead-lettered webhooks again: copies the chosen records of udpm.webhooks.dead to"
                + " udpm.webhooks.retry, which the webhook delivery service reads.",
                "The receiver gets the same webhook-id (it dedupes on it), freshly timestamped and signed; a"
                        + " replay that fails again is dead-lettered again."})
public final class WebhooksReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--job", paramLabel = "JOB", description = "Only the dead letters of this job.")
    String jobId;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only what was dead-lettered at or after TIME: an ISO-8601 instant"
                    + " (2026-01-01T12:00:00Z) or a duration back from now (30m, 2h, PT1H).")
    String since;

    @Option(names = "--dry-run", description = "List what would be replayed; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Instant from = since == null ? null : parseSince(since);
        PrintWriter out = spec.commandLine().getOut();
        FleetKafka kafka = connection.kafka();
        List<ConsumerRecord<String, String>> chosen = new ArrayList<>();
        int skipped = 0;
        for (ConsumerRecord<String, String> r : readDeadLetters(kafka)) {
            JsonNode letter;
            try {
                letter = r.value() == null ? null : Json.read(r.value(), JsonNode.class);
            } catch (RuntimeException e) {
                letter = null;
            }
            if (letter == null || !letter.path("webhookId").isTextual()) {
                skipped++;
                continue;
            }
            if (jobId != null && !jobId.equals(r.key())) {
                continue;
            }
            if (from != null && !deadAt(letter).map(at -> !at.isBefore(from)).orElse(false)) {
                continue;
            }
            chosen.add(r);
        }
        for (ConsumerRecord<String, String> r : chosen) {
            JsonNode letter = Json.read(r.value(), JsonNode.class);
            String line = letter.path("webhookId").asText() + " job " + r.key() + " "
                    + letter.path("eventType").asText() + " -> " + letter.path("url").asText() + " ("
                    + letter.path("reason").asText() + ", " + letter.path("lastAttemptAt").asText() + ")";
            if (dryRun) {
                out.println("would replay " + line);
            } else {
                kafka.send(Topics.WEBHOOKS_RETRY, r.key(), r.value(), CloudEvents.TYPE_WEBHOOK_REPLAY);
                out.println("replayed " + line);
            }
        }
        out.println((dryRun ? "would replay " : "replayed ") + chosen.size() + " dead letter(s)"
                + (dryRun ? "" : " to " + Topics.WEBHOOKS_RETRY + " on " + connection.bootstrapServers())
                + (skipped > 0 ? "; " + skipped + " unreadable record(s) of " + Topics.WEBHOOKS_DEAD + " left out" : ""));
        out.flush();
        return ExitCodes.OK;
    }

    private static java.util.Optional<Instant> deadAt(JsonNode letter) {
        try {
            return java.util.Optional.of(Instant.parse(letter.path("lastAttemptAt").asText()));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private Instant parseSince(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                Duration back = DurationConverter.parse(value);
                return Instant.now().minus(back);
            } catch (RuntimeException notADuration) {
                throw new ParameterException(spec.commandLine(), "--since: '" + value
                        + "' is neither an ISO-8601 instant (2026-01-01T12:00:00Z) nor a duration (30m, 2h, PT1H)");
            }
        }
    }

    /** Every record of the dead-letter topic, from its beginning to its end as of now. */
    private static List<ConsumerRecord<String, String>> readDeadLetters(FleetKafka kafka) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        kafka.readToEnd(Topics.WEBHOOKS_DEAD, all::add);
        return all;
    }
}
