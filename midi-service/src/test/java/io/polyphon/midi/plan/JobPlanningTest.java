package io.polyphon.midi.plan;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.PlanJob;
import io.polyphon.contract.Topics;
import io.polyphon.midi.Jobs;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.polyphon.midi.Jobs.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

class JobPlanningTest {

    private record Published(String topic, String key, Object message) {
    }

    private final List<Published> published = new ArrayList<>();
    private final JobPlanning planning = new JobPlanning(new ShardPlanner(32, 16, CLOCK),
            (topic, key, message) -> published.add(new Published(topic, key, message)), CLOCK);

    @Test
    void publishesEveryShardOnItsLaneThenSaysTheJobIsAccepted() {
        planning.plan(Jobs.job(40));
        assertThat(published).extracting(Published::topic)
                .containsExactly(Topics.SHARDS_BULK, Topics.SHARDS_BULK, Topics.JOBS_PLANNED);
        assertThat(published).allMatch(p -> p.key().equals("job-1"));
        assertThat(published.get(1).message()).isInstanceOfSatisfying(GenerateShard.class,
                s -> assertThat(s.firstSample()).isEqualTo(32));
        assertThat(published.get(2).message()).isInstanceOf(JobEvent.JobAccepted.class);
    }

    @Test
    void aBarOutsideThePieceFailsTheJobWithTheReason() {
        PlanJob job = Jobs.job(5);
        PlanJob outside = new PlanJob(job.jobId(), 1, job.occurredAt(), job.ownerKeyId(), job.pieceId(), null, job.piece(),
                new GenerationRequest(5, 7, 1.0, List.of(TrackRequest.infill(1, List.of(40))), List.of(), 0));
        planning.plan(outside);
        assertThat(published).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo(Topics.JOBS_PLANNED);
            assertThat(p.message()).isInstanceOfSatisfying(JobEvent.JobFailed.class, failed -> {
                assertThat(failed.code()).isEqualTo("bar-out-of-range");
                assertThat(failed.reason()).contains("bar 40");
            });
        });
    }
}
