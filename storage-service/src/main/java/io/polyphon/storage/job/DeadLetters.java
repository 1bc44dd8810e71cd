package io.polyphon.storage.job;

import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;
import io.polyphon.contract.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Fails the job of a message that still could not be processed after its binding's retries and so landed on a
 * dead-letter topic: nothing is silently dropped (ARCHITECTURE.md, Delivery and state). The gateways hear of it as
 * a {@link JobEvent.JobFailed}.
 */
public final class DeadLetters {

    static final String CODE = "dead-letter";
    static final String UNKNOWN_REASON = "a message of this job could not be processed";
    /** What is left of an exception message can still be long; the job keeps a sentence. */
    private static final int MAX_REASON = 500;

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final JobRepository jobs;
    private final Consumer<JobEvent> progress;
    private final Clock clock;

    public DeadLetters(JobRepository jobs, Consumer<JobEvent> progress, Clock clock) {
        this.jobs = jobs;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * @param topic   the dead-letter topic it came from, or null
     * @param payload the message as it failed (JSON carrying {@code jobId})
     * @param key     the Kafka key, the job id by convention; used when the payload names none; or null
     * @param reason  the exception message the binder recorded, or null
     */
    public void fail(String topic, byte[] payload, String key, String reason) {
        String jobId = jobId(payload);
        if (jobId == null) jobId = key;
        if (jobId == null || jobs.find(jobId).isEmpty()) {
            log.warn("dropping a dead letter on {} of no known job (key {}): {}", topic, key, reason);
            return;
        }
        // the owner reads a sentence about the message; the operator finds the binder's whole text here
        log.warn("job {} failed: a message on {} could not be processed: {}", jobId, topic, reason);
        String why = reason == null || reason.isBlank() ? UNKNOWN_REASON : shorten(DeadLetterReason.readable(reason));
        Job.Failure failure = new Job.Failure(CODE,
                "a message on " + (topic == null ? "a dead-letter topic" : topic) + " failed: " + why, true);
        JobRepository.Change change = jobs.update(jobId,
                j -> j.state().isFinal() ? j : j.fail(failure, clock.instant()));
        if (change.entered(JobState.FAILED)) {
            progress.accept(new JobEvent.JobFailed(jobId, Message.SCHEMA_VERSION, clock.instant(), failure.code(),
                    failure.message(), failure.retryable()));
        }
    }

    private static String jobId(byte[] payload) {
        if (payload == null || payload.length == 0) return null;
        try {
            JsonNode id = Messages.json().readTree(payload).get("jobId");
            return id != null && id.isString() ? id.asString() : null;
        } catch (JacksonException e) {
            log.debug("dead letter is not JSON: {}", new String(payload, 0, Math.min(payload.length, 200),
                    StandardCharsets.UTF_8));
            return null;
        }
    }

    private static String shorten(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
