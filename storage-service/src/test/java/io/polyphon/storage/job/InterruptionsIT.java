package io.polyphon.storage.job;

import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A start of storage marks every unfinished job's history with the interruption, and leaves finished ones be. */
class InterruptionsIT extends StorageContext {

    @Autowired
    Interruptions interruptions;

    @Autowired
    JobRepository jobs;

    @Test
    void aStartMarksAnUnfinishedJobsHistoryAndItStaysInItsState() throws Exception {
        String running = newJob(newOwner(), 3);
        interruptions.markUnfinishedJobs();
        Job job = jobs.find(running).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.history()).last().satisfies(h -> {
            assertThat(h.state()).isEqualTo(JobState.QUEUED);
            assertThat(h.reason()).startsWith("interrupted");
        });
    }

    @Test
    void aFinishedJobsHistoryIsLeftAsItWas() throws Exception {
        String owner = newOwner();
        String done = newJob(owner, 1);
        jobs.update(done, j -> j.moveTo(JobState.CANCELLED, j.createdAt(), "by its owner"));
        interruptions.markUnfinishedJobs();
        assertThat(jobs.find(done).orElseThrow().history()).hasSize(2);
    }
}
