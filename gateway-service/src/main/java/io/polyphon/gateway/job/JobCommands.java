package io.polyphon.gateway.job;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.PlanJob;

/**
 * The commands the gateway sends about jobs. Each returns once the broker has the command, so a client's 202 means
 * the job will be planned (wired to Kafka in the messaging configuration).
 */
public interface JobCommands {

    /** On {@code jobs.requested}: the MIDI service plans the job into shards. */
    void plan(PlanJob command);

    /** On {@code jobs.control}: workers drop the job's shards and storage marks it cancelled. */
    void cancel(CancelJob command);
}
