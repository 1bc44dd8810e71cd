package io.polyphon.midi.plan;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Lane;
import io.polyphon.midi.Jobs;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class ShardPlannerTest {

    private final ShardPlanner planner = new ShardPlanner(32, 16, Jobs.CLOCK);

    @Test
    void aThousandSampleJobIsThirtyTwoBulkShardsCoveringEverySampleOnce() {
        ShardPlanner.ShardPlan plan = planner.plan(Jobs.job(1000));
        assertThat(plan.lane()).isEqualTo(Lane.BULK);
        assertThat(plan.shards()).hasSize(32);
        assertThat(plan.shards().stream().mapToInt(GenerateShard::sampleCount).sum()).isEqualTo(1000);
        assertThat(plan.shards().get(31).firstSample()).isEqualTo(992);
        assertThat(plan.shards().get(31).sampleCount()).isEqualTo(8);
        assertThat(plan.accepted().total()).isEqualTo(1000);
    }

    @Test
    void aSmallJobIsOneInteractiveShard() {
        ShardPlanner.ShardPlan plan = planner.plan(Jobs.job(5));
        assertThat(plan.lane()).isEqualTo(Lane.INTERACTIVE);
        assertThat(plan.shards()).singleElement().satisfies(s -> {
            assertThat(s.firstSample()).isZero();
            assertThat(s.sampleCount()).isEqualTo(5);
        });
    }
}
