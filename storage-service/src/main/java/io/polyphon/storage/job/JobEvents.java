package io.polyphon.storage.job;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * What storage does with the job events and commands of others: the planner's verdict (accepted or failed) moves a
 * job on, a cancel stops it. Events storage publishes itself come back on the same topic and are ignored here.
 */
public final class JobEvents {

    private final JobRepository jobs;
    private final Consumer<JobEvent> progress;
    private final Clock clock;

    public JobEvents(JobRepository jobs, Consumer<JobEvent> progress, Clock clock) {
        this.jobs = jobs;
        this.progress = progress;
        this.clock = clock;
    }

    public void record(JobEvent event) {
        if (jobs.find(event.jobId()).isEmpty()) return;
        if (event instanceof JobEvent.JobAccepted accepted) {
            jobs.update(accepted.jobId(), j -> j.state() == JobState.QUEUED
                    ? j.moveTo(JobState.PLANNED, clock.instant(), accepted.shards() + " shards on " + accepted.lane())
                    : j);
        } else if (event instanceof JobEvent.JobFailed failed) {
            jobs.update(failed.jobId(), j -> j.state().isFinal() ? j
                    : j.fail(new Job.Failure(failed.code(), failed.reason(), failed.retryable()), clock.instant()));
        }
    }

    public void cancel(CancelJob command) {
        if (jobs.find(command.jobId()).isEmpty()) return;
        JobRepository.Change change = jobs.update(command.jobId(), j -> j.state().isFinal() ? j
                : j.moveTo(JobState.CANCELLED, clock.instant(), command.reason()));
        if (change.entered(JobState.CANCELLED)) {
            Job job = change.after();
            progress.accept(new JobEvent.JobCancelled(job.id(), Message.SCHEMA_VERSION, clock.instant(), job.done()));
        }
    }
}
