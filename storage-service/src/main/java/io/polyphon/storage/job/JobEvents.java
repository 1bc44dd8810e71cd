package io.polyphon.storage.job;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * What storage does with the job events and commands of others: the planner's verdict (accepted or failed, on
 * {@code jobs.planned}) moves a job on and is then told to the gateways, a cancel stops it. Storage is the only writer
 * of {@code jobs.progress}, so what a client hears is always what storage has recorded.
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
            JobRepository.Change change = jobs.update(accepted.jobId(), j -> j.state() == JobState.QUEUED
                    ? j.moveTo(JobState.PLANNED, clock.instant(), accepted.shards() + " shards on " + accepted.lane())
                    : j);
            // samples may have come first (the job is already running): it was accepted all the same, and a
            // gateway ignores an accepted it has already told; a failed or cancelled job was not
            JobState now = change.after().state();
            if (now != JobState.FAILED && now != JobState.CANCELLED) progress.accept(accepted);
        } else if (event instanceof JobEvent.JobFailed failed) {
            JobRepository.Change change = jobs.update(failed.jobId(), j -> j.state().isFinal() ? j
                    : j.fail(new Job.Failure(failed.code(), failed.reason(), failed.retryable()), clock.instant()));
            if (change.entered(JobState.FAILED)) progress.accept(failed);
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
