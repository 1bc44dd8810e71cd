package io.polyphon.storage.sample;

import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;
import io.polyphon.contract.SampleRendered;
import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.job.JobState;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stores a rendered sample once and counts it on its job, then tells the gateways how far the job is. A sample of
 * a cancelled, failed or unknown job is dropped: cancelling stops the storing, even for a sample that was being
 * written in the same instant.
 */
public final class SampleStoring {

    private final SampleRepository samples;
    private final JobRepository jobs;
    private final Consumer<JobEvent> progress;
    private final Clock clock;

    public SampleStoring(SampleRepository samples, JobRepository jobs, Consumer<JobEvent> progress, Clock clock) {
        this.samples = samples;
        this.jobs = jobs;
        this.progress = progress;
        this.clock = clock;
    }

    public void store(SampleRendered sample) {
        Optional<Job> job = jobs.find(sample.jobId());
        if (job.isEmpty() || job.get().state().isFinal()) return;
        boolean fresh = samples.storeOnce(sample, job.get());
        // the count is derived from what is stored, so concurrent writers and redeliveries cannot skew it
        int stored = (int) samples.count(sample.jobId());
        JobRepository.Change change = jobs.update(sample.jobId(),
                j -> j.state().isFinal() ? j : j.samplesStored(stored, clock.instant()));
        Job counted = change.after();
        if (fresh && counted.state().isFinal() && counted.state() != JobState.COMPLETED) {
            // a cancel landed between the check above and this write: the job was closed without this sample, so
            // take it back, and what is stored stays what the cancel counted (a job's samples are stored by one
            // consumer at a time, keyed by job, so no other write of this job races this one)
            samples.delete(sample.jobId(), sample.sampleIndex());
            return;
        }
        if (fresh) {
            progress.accept(new JobEvent.JobProgressed(counted.id(), Message.SCHEMA_VERSION, clock.instant(),
                    counted.done(), counted.total()));
        }
        if (change.entered(JobState.COMPLETED)) {
            progress.accept(new JobEvent.JobCompleted(counted.id(), Message.SCHEMA_VERSION, clock.instant(), counted.total()));
        }
    }
}
