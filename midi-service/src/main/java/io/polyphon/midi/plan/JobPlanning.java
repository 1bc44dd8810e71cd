package io.polyphon.midi.plan;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;
import io.polyphon.contract.PlanJob;
import io.polyphon.contract.Topics;
import io.polyphon.mmm.request.InvalidRequestException;

import java.time.Clock;

/**
 * Handles a job request: checks it against its piece, publishes its shards on their lane and then the event that
 * says it is accepted, or a failure event with the reason. The verdict goes to storage on {@code jobs.planned}, never
 * straight to the gateways: storage is the only writer of {@code jobs.progress}. Redelivery publishes the same shards again; workers and
 * storage are idempotent, so that is harmless.
 */
public final class JobPlanning {

    /** Where planned work goes: a topic, the job id as key, and the message. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String topic, String key, Object message);
    }

    private final ShardPlanner planner;
    private final Publisher publisher;
    private final Clock clock;

    public JobPlanning(ShardPlanner planner, Publisher publisher, Clock clock) {
        this.planner = planner;
        this.publisher = publisher;
        this.clock = clock;
    }

    public void plan(PlanJob job) {
        try {
            job.request().validateAgainst(job.piece());
        } catch (InvalidRequestException refused) {
            publisher.publish(Topics.JOBS_PLANNED, job.jobId(), new JobEvent.JobFailed(job.jobId(),
                    Message.SCHEMA_VERSION, clock.instant(), refused.code(), refused.getMessage(), false));
            return;
        }
        ShardPlanner.ShardPlan plan = planner.plan(job);
        for (GenerateShard shard : plan.shards()) publisher.publish(plan.lane().topic(), job.jobId(), shard);
        publisher.publish(Topics.JOBS_PLANNED, job.jobId(), plan.accepted());
    }
}
