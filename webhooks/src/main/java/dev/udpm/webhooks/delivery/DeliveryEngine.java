package dev.udpm.webhooks.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.Webhook;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.webhooks.config.WebhooksConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * What happens to one record of {@code udpm.job-events}: find where the job's events go (its webhook from the
 * accepted event, else its tenant's default), skip what is not wanted (and progress faster than the configured
 * rate), POST the rest signed, retry with backoff for the bounded retry time, and dead-letter what could not be
 * delivered. {@link #handle} returns only when the record is done with (delivered, skipped or dead-lettered), or
 * unfinished when asked to stop: then its offset must not be committed.
 */
public final class DeliveryEngine {

    private static final Logger LOG = Logger.getLogger(DeliveryEngine.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final java.util.Set<String> EVENT_TYPES =
            java.util.Set.of("accepted", "progress", "completed", "failed", "cancelled");

    private final WebhooksConfig config;
    private final SubscriptionStore subscriptions;
    private final DestinationGuard guard;
    private final WebhookSender sender;
    private final KafkaProducer<String, String> producer;
    private final AttemptLog log;
    private final Clock clock;
    private final Backoff backoff;
    private final WebhookSigner fleetSigner;
    private final Map<String, WebhookSigner> tenantSigners = new HashMap<>();
    private final Map<String, Instant> lastProgress = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException if a signing secret or a tenant's default webhook is malformed (the message
     *                                  names the setting, never the secret)
     */
    public DeliveryEngine(WebhooksConfig config, SubscriptionStore subscriptions, DestinationGuard guard,
            WebhookSender sender, KafkaProducer<String, String> producer, AttemptLog log, Clock clock) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.sender = sender;
        this.producer = producer;
        this.log = log;
        this.clock = clock;
        this.backoff = new Backoff(config.retry().initialDelay(), config.retry().maxDelay());
        this.fleetSigner = WebhookSigner.of(config.signingSecret(), "udpm.webhooks.signing-secret");
        config.tenants().forEach((tenant, settings) -> {
            settings.signingSecret().ifPresent(secret -> tenantSigners.put(tenant,
                    WebhookSigner.of(secret, "udpm.webhooks.tenants." + tenant + ".signing-secret")));
            for (String type : settings.events()) {
                if (!EVENT_TYPES.contains(type)) {
                    throw new IllegalArgumentException("udpm.webhooks.tenants." + tenant + ".events: unknown event type '"
                            + type + "'");
                }
            }
        });
    }

    /**
     * Handles one record of {@code udpm.job-events}, or of {@code udpm.webhooks.retry} (a replayed dead letter).
     *
     * @return {@code true} when the record is done with; {@code false} when {@code stop} ended it first
     */
    public boolean handle(ConsumerRecord<String, byte[]> record, StopSignal stop) throws InterruptedException {
        if (Topics.WEBHOOKS_RETRY.equals(record.topic())) {
            return replay(record, stop);
        }
        String json = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        JobEvent event;
        try {
            event = ContractValidator.shared().parseJobEvent(json);
        } catch (RuntimeException e) {
            LOG.warnf("skipping an invalid record of %s at %d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            log.outcome("invalid");
            return true;
        }
        Optional<Subscription> subscription = subscriptionOf(event);
        boolean done = true;
        if (subscription.isPresent() && subscription.get().webhook().wants(event.eventType())
                && progressDue(event)) {
            done = deliver(record, event, json, subscription.get(), stop);
            if (done && event instanceof JobProgress) {
                lastProgress.put(event.jobId(), event.time());
            }
        } else {
            log.outcome("skipped");
        }
        if (done && event.terminal()) {
            subscriptions.remove(event.jobId());
            lastProgress.remove(event.jobId());
        }
        return done;
    }

    private Optional<Subscription> subscriptionOf(JobEvent event) {
        if (event instanceof JobAccepted accepted) {
            Webhook webhook = accepted.webhook() != null ? accepted.webhook() : tenantDefault(accepted.tenant());
            if (webhook == null) {
                return Optional.empty();
            }
            Subscription subscription = new Subscription(accepted.jobId(), accepted.tenant(), webhook);
            subscriptions.put(subscription);
            return Optional.of(subscription);
        }
        Optional<Subscription> known = subscriptions.get(event.jobId());
        if (known.isEmpty() && event instanceof JobFailed failed && failed.tenant() != null) {
            // refused before acceptance: only the tenant's default webhook can hear of it
            Webhook webhook = tenantDefault(failed.tenant());
            return webhook == null ? Optional.empty() : Optional.of(new Subscription(failed.jobId(), failed.tenant(),
                    webhook));
        }
        return known;
    }

    private Webhook tenantDefault(String tenant) {
        if (tenant == null) {
            return null;
        }
        WebhooksConfig.Tenant settings = config.tenants().get(tenant);
        if (settings == null || settings.url().isEmpty()) {
            return null;
        }
        return new Webhook(settings.url().get(), settings.events());
    }

    private boolean progressDue(JobEvent event) {
        if (!(event instanceof JobProgress progress)) {
            return true;
        }
        Instant last = lastProgress.get(event.jobId());
        return last == null || progress.done() >= progress.total()
                || !event.time().isBefore(last.plus(config.progressMinInterval()));
    }

    private boolean deliver(ConsumerRecord<String, byte[]> record, JobEvent event, String json,
            Subscription subscription, StopSignal stop) throws InterruptedException {
        JsonNode data = Json.read(json, JsonNode.class);
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("type", "job." + event.eventType());
        envelope.put("timestamp", event.time().toString());
        envelope.set("data", data);
        return post(webhookId(record), event.jobId(), subscription.tenant(), event.eventType(),
                subscription.webhook().url(), envelope, stop);
    }

    /**
     * Handles one record of {@code udpm.webhooks.retry}: a dead letter a user replays. Its {@code payload} is POSTed
     * to its {@code url} again with its {@code webhookId}, signed afresh with its tenant's secret, through the
     * destination check and with the retry policy of a first delivery; if that fails too it is dead-lettered again.
     * A record that is not a well-formed dead letter is logged and skipped.
     */
    private boolean replay(ConsumerRecord<String, byte[]> record, StopSignal stop) throws InterruptedException {
        DeadLetter letter;
        try {
            letter = ReplayRequest.parse(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping an invalid replay record of %s at %d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            log.outcome("invalid");
            return true;
        }
        LOG.infof("replaying webhook %s of job %s (%s)", letter.webhookId(), letter.jobId(), letter.eventType());
        return post(letter.webhookId(), letter.jobId(), letter.tenant(), letter.eventType(), letter.url(),
                (ObjectNode) letter.payload(), stop);
    }

    private boolean post(String webhookId, String jobId, String tenant, String eventType, String url,
            ObjectNode envelope, StopSignal stop) throws InterruptedException {
        byte[] body = Json.write(envelope).getBytes(StandardCharsets.UTF_8);
        Instant first = clock.instant();
        URI uri;
        try {
            uri = guard.check(url);
        } catch (DestinationGuard.Refused e) {
            deadLetter(new DeadLetter(webhookId, jobId, tenant, eventType, url, DeadLetter.DESTINATION_REFUSED,
                    e.getMessage(), 0, first, first, envelope));
            return true;
        }
        WebhookSigner signer = tenant == null ? fleetSigner : tenantSigners.getOrDefault(tenant, fleetSigner);
        Instant giveUpAt = first.plus(config.retry().maxDuration());
        for (int attempt = 1;; attempt++) {
            if (stop.stopped()) {
                return false;
            }
            Instant start = clock.instant();
            long timestamp = start.getEpochSecond();
            WebhookSender.Result result = sender.post(uri, webhookId, timestamp,
                    signer.sign(webhookId, timestamp, body), body);
            Instant end = clock.instant();
            log.attempt(jobId, webhookId, eventType, uri, attempt, result, Duration.between(start, end));
            if (result.delivered()) {
                log.outcome("delivered");
                return true;
            }
            Duration wait = backoff.after(attempt);
            if (end.plus(wait).isAfter(giveUpAt)) {
                deadLetter(new DeadLetter(webhookId, jobId, tenant, eventType, url, DeadLetter.RETRIES_EXHAUSTED,
                        result.describe(), attempt, first, end, envelope));
                return true;
            }
            if (stop.await(wait)) {
                return false;
            }
        }
    }

    private void deadLetter(DeadLetter dead) {
        try {
            producer.send(new ProducerRecord<>(Topics.WEBHOOKS_DEAD, dead.jobId(), Json.write(dead)))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted dead-lettering webhook " + dead.webhookId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter webhook " + dead.webhookId(), e);
        }
        log.deadLettered(dead);
    }

    /**
     * The Standard Webhooks message id of a record: {@code msg_} + its CloudEvents id when that is a plain token,
     * else {@code msg_} + a hash of the record's place in the log. Either way the same on every retry, restart and
     * instance, so a receiver dedupes on it.
     */
    static String webhookId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(CloudEvents.HEADER_ID);
        if (header != null && header.value() != null) {
            String id = new String(header.value(), StandardCharsets.UTF_8);
            if (id.matches("[A-Za-z0-9._:-]{1,100}")) {
                return "msg_" + id;
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((record.topic() + "/" + record.partition() + "/"
                    + record.offset()).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
