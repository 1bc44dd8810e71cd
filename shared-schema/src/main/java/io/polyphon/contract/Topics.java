package io.polyphon.contract;

/**
 * The Kafka topics between the services (ARCHITECTURE.md). Every message is keyed by job id; a binding's
 * dead-letter topic is its topic's name with {@link #DEAD_LETTER_SUFFIX}.
 */
public final class Topics {

    /** Gateway → midi-service: plan a new job ({@link PlanJob}). */
    public static final String JOBS_REQUESTED = "jobs.requested";
    /** midi-service → workers: shards of small jobs, a person waiting; always drained first ({@link GenerateShard}). */
    public static final String SHARDS_INTERACTIVE = "shards.interactive";
    /** midi-service → workers: shards of large batches ({@link GenerateShard}). */
    public static final String SHARDS_BULK = "shards.bulk";
    /** Workers → midi-service: one finished piece per sample ({@link SampleGenerated}). */
    public static final String SHARDS_GENERATED = "shards.generated";
    /**
     * Workers → storage: how far a running shard's batch is, advisory and fire-and-forget ({@link ShardProgressed}),
     * so a job's progress moves between stored samples.
     */
    public static final String SHARDS_PROGRESS = "shards.progress";
    /** midi-service → storage: one MIDI file per sample ({@link SampleRendered}). */
    public static final String SAMPLES_RENDERED = "samples.rendered";
    /**
     * midi-service → storage: the planner's verdict on a job, accepted or failed ({@link JobEvent}); storage records it
     * and only then tells the gateways on {@link #JOBS_PROGRESS}, so no client hears of a state storage has not stored.
     */
    public static final String JOBS_PLANNED = "jobs.planned";
    /** Storage, its only writer → every gateway: how jobs advance ({@link JobEvent}). */
    public static final String JOBS_PROGRESS = "jobs.progress";
    /** Gateway → workers and storage, compacted: stop a job ({@link CancelJob}). */
    public static final String JOBS_CONTROL = "jobs.control";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
