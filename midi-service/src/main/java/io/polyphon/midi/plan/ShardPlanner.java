package io.polyphon.midi.plan;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Lane;
import io.polyphon.contract.Message;
import io.polyphon.contract.PlanJob;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a job into shards of at most {@code shardSize} samples, on the interactive lane when the job is small
 * enough for a person to wait for it, else on the bulk lane. A shard is the unit a worker decodes as one batch.
 */
public final class ShardPlanner {

    private final int shardSize;
    private final int interactiveMax;
    private final Clock clock;

    public ShardPlanner(int shardSize, int interactiveMax, Clock clock) {
        if (shardSize < 1) throw new IllegalArgumentException("shard size must be positive");
        this.shardSize = shardSize;
        this.interactiveMax = interactiveMax;
        this.clock = clock;
    }

    /** The shards of a job and the event that says it is planned. */
    public record ShardPlan(Lane lane, List<GenerateShard> shards, JobEvent.JobAccepted accepted) {
    }

    /** Plans a job whose request was already checked against its piece. */
    public ShardPlan plan(PlanJob job) {
        int count = job.request().count();
        Lane lane = Lane.of(count, interactiveMax);
        int shardCount = (count + shardSize - 1) / shardSize;
        List<GenerateShard> shards = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            int first = s * shardSize;
            shards.add(new GenerateShard(job.jobId(), Message.SCHEMA_VERSION, clock.instant(), s, shardCount, first,
                    Math.min(shardSize, count - first), job.piece(), job.request()));
        }
        return new ShardPlan(lane, shards,
                new JobEvent.JobAccepted(job.jobId(), Message.SCHEMA_VERSION, clock.instant(), count, shardCount, lane));
    }
}
