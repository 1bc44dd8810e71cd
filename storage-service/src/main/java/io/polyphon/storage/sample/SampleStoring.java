package io.polyphon.storage.sample;

import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;
import io.polyphon.contract.SampleRendered;
import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.job.JobState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Stores a rendered sample once and counts it on its job, then tells the gateways how far the job is. A sample of
 * a cancelled, failed or unknown job is dropped: cancelling stops the storing, even for a sample that was being
 * written in the same instant.
 */
public final class SampleStoring {

    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_TRACKED_JOBS = 10_000;

    private final SampleRepository samples;
    private final JobRepository jobs;
    private final Consumer<JobEvent> progress;
    private final Clock clock;
    private final Map<String, Reported> reported = new ConcurrentHashMap<>();

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
        JobRepository.Change change = jobs.update(sample.jobId(),
                j -> j.state().isFinal() ? j : j.samplesStored(counted(j, fresh), clock.instant()));
        Job counted = change.after();
        if (fresh && counted.state().isFinal() && counted.state() != JobState.COMPLETED) {
            // a cancel landed between the check above and this write: the job was closed without this sample, so
            // take it back, and what is stored stays what the cancel counted (a job's samples are stored by one
            // consumer at a time, keyed by job, so no other write of this job races this one)
            samples.delete(sample.jobId(), sample.sampleIndex());
            return;
        }
        if (fresh && worthReporting(counted)) {
            progress.accept(new JobEvent.JobProgressed(counted.id(), Message.SCHEMA_VERSION, clock.instant(),
                    counted.done(), counted.total()));
        }
        if (change.entered(JobState.COMPLETED)) {
            progress.accept(new JobEvent.JobCompleted(counted.id(), Message.SCHEMA_VERSION, clock.instant(), counted.total()));
        }
    }

    /**
     * Whether this count is news enough to publish: every hundredth of the job, the first sample a second or more
     * after the last report, and the last sample. A 1000-sample job sends about a hundred progress events through
     * Kafka and every gateway's streams, not a thousand; a job under 200 samples still reports each one.
     */
    private boolean worthReporting(Job job) {
        Instant now = clock.instant();
        if (job.done() >= job.total()) {
            reported.remove(job.id());
            return true;
        }
        if (reported.size() > MAX_TRACKED_JOBS) reported.clear(); // jobs cancelled midway would otherwise stay here
        Reported last = reported.get(job.id());
        if (last != null && job.done() < last.done() + Math.max(1, job.total() / 100)
                && now.isBefore(last.at().plus(REPORT_INTERVAL))) {
            return false;
        }
        reported.put(job.id(), new Reported(job.done(), now));
        return true;
    }

    private record Reported(int done, Instant at) {
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
