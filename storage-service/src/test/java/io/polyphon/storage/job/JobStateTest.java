package io.polyphon.storage.job;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static io.polyphon.storage.job.JobState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStateTest {

    private static final Instant AT = Instant.parse("2026-11-25T22:00:00Z");

    /** Every (from, to) pair: exactly the table's moves are allowed, and a refused move names both states. */
    @Test
    void exactlyTheTablesTransitionsAreAllowed() {
        Set<String> allowed = Set.of("QUEUED>PLANNED", "QUEUED>RUNNING", "QUEUED>FAILED", "QUEUED>CANCELLED",
                "PLANNED>RUNNING", "PLANNED>COMPLETED", "PLANNED>FAILED", "PLANNED>CANCELLED",
                "RUNNING>COMPLETED", "RUNNING>FAILED", "RUNNING>CANCELLED");
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                Job job = new Job("j", "k", Job.Origin.NONE, from, 0, 4, java.util.List.of(), null, AT, AT, 0);
                if (allowed.contains(from + ">" + to)) {
                    assertThat(job.moveTo(to, AT, "test").state()).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> job.moveTo(to, AT, "test"))
                            .isInstanceOfSatisfying(IllegalJobTransitionException.class, e -> {
                                assertThat(e.from()).isEqualTo(from);
                                assertThat(e.to()).isEqualTo(to);
                            });
                }
            }
        }
    }

    @Test
    void finishedJobsCannotMove() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isFinal))
                .containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED);
    }

    @Test
    void theHistoryOnlyGrows() {
        Job job = Job.queued("j", "k", 2, AT).moveTo(PLANNED, AT, "planned").samplesStored(1, AT).samplesStored(2, AT);
        assertThat(job.history()).extracting(Job.StateChange::state).containsExactly(QUEUED, PLANNED, RUNNING, COMPLETED);
        assertThat(job.done()).isEqualTo(2);
    }

    @Test
    void aFailureIsKeptAsData() {
        Job failed = Job.queued("j", "k", 2, AT).fail(new Job.Failure("window-too-dense", "bars 1-4 need 2100 tokens", false), AT);
        assertThat(failed.state()).isEqualTo(FAILED);
        assertThat(failed.failure().code()).isEqualTo("window-too-dense");
        assertThat(failed.history().get(1).reason()).isEqualTo("bars 1-4 need 2100 tokens");
    }

    @Test
    void everyChangeBumpsTheVersion() {
        Job job = Job.queued("j", "k", 3, AT);
        assertThat(job.moveTo(PLANNED, AT, "").version()).isEqualTo(1);
        assertThat(job.samplesStored(1, AT).version()).isGreaterThan(job.version());
    }

    @Test
    void aCountNeverGoesDown() {
        Job job = Job.queued("j", "k", 5, AT).samplesStored(3, AT);
        assertThat(job.samplesStored(2, AT)).isSameAs(job);
    }

    @Test
    void aCancelledJobStoresNoMoreSamples() {
        Job cancelled = Job.queued("j", "k", 3, AT).moveTo(CANCELLED, AT, "by its owner");
        assertThatThrownBy(() -> cancelled.samplesStored(1, AT)).isInstanceOf(IllegalJobTransitionException.class);
    }
}
