package io.polyphon.storage.sample;

import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;
import io.polyphon.contract.SampleRendered;
import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.job.JobState;
import io.polyphon.storage.progress.JobProgress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stores a rendered sample once and counts it on its job, then tells the gateways how far the job is (through
 * {@link JobProgress}, which coalesces the reports). A sample of a cancelled, failed or unknown job is dropped:
 * cancelling stops the storing, even for a sample that was being written in the same instant.
 */
public final class SampleStoring {

    private static final Logger log = LoggerFactory.getLogger(SampleStoring.class);

    private final SampleRepository samples;
    private final JobRepository jobs;
    private final Consumer<JobEvent> progress;
    private final Clock clock;
    private final JobProgress reports;

    public SampleStoring(SampleRepository samples, JobRepository jobs, Consumer<JobEvent> progress, Clock clock) {
        this(samples, jobs, progress, new JobProgress(jobs, samples, progress, clock), clock);
    }

    /** @param reports decides when a stored sample is news, and publishes the job's progress then */
    public SampleStoring(SampleRepository samples, JobRepository jobs, Consumer<JobEvent> progress,
                         JobProgress reports, Clock clock) {
        this.samples = samples;
        this.jobs = jobs;
        this.progress = progress;
        this.reports = reports;
        this.clock = clock;
    }

    /** What became of one rendered sample. */
    public enum Outcome {
        /** Stored now, for the first time. */
        STORED,
        /** Stored before: a redelivery, counted again but kept once. */
        DUPLICATE,
        /** Not kept: its job is unknown, cancelled or failed. */
        DROPPED
    }

    public Outcome store(SampleRendered sample) {
        Optional<Job> job = jobs.find(sample.jobId());
        if (job.isEmpty() || job.get().state().isFinal()) return Outcome.DROPPED;
        boolean fresh = samples.storeOnce(sample, job.get());
        JobRepository.Change change = jobs.update(sample.jobId(),
                j -> j.state().isFinal() ? j : j.samplesStored(counted(j, fresh), clock.instant()));
        Job counted = change.after();
        if (fresh && counted.state().isFinal() && counted.state() != JobState.COMPLETED) {
            // a cancel landed between the check above and this write: the job was closed without this sample, so
            // take it back, and what is stored stays what the cancel counted (a job's samples are stored by one
            // consumer at a time, keyed by job, so no other write of this job races this one)
            samples.delete(sample.jobId(), sample.sampleIndex());
            return Outcome.DROPPED;
        }
        if (fresh) reportProgress(counted);
        if (change.entered(JobState.COMPLETED)) {
            progress.accept(new JobEvent.JobCompleted(counted.id(), Message.SCHEMA_VERSION, clock.instant(), counted.total()));
        }
        return fresh ? Outcome.STORED : Outcome.DUPLICATE;
    }

    /** Progress is advisory: a failure to report it must never keep a sample from being stored or a job completed. */
    private void reportProgress(Job counted) {
        try {
            reports.stored(counted);
        } catch (RuntimeException e) {
            log.warn("progress of job {} could not be reported", counted.id(), e);
        }
    }

    /**
     * The job's count with this sample in. A new sample adds one, so storing stays cheap however many samples the
     * collection holds. A duplicate may be the redelivery of a sample whose count was lost (storage stopped between
     * the insert and the count), so it counts what is stored; so does the sample that would complete the job, so a
     * job completes only when all its samples are there. Samples of a job arrive on one partition (keyed by job), so
     * one consumer stores them in turn; were two to store the same job at once (while partitions move), a recount
     * could run ahead by the samples in flight until the job's last sample recounts.
     */
    private int counted(Job job, boolean fresh) {
        int counted = fresh ? job.done() + 1 : job.total();
        return counted >= job.total() ? (int) samples.count(job.id()) : counted;
    }
}
