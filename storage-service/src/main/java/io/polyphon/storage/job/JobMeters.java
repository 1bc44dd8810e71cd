package io.polyphon.storage.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The job meters, fed by every stored job change: jobs entering each state ({@code polyphon_storage_jobs_total}),
 * time from acceptance to the first stored sample and to completion, by lane. Each change is written once, by one
 * storage instance, so the counts of all instances add up.
 */
public final class JobMeters implements Consumer<JobRepository.Change> {

    /** The lane of a job stored before its plan arrived (topics are not ordered against each other). */
    static final String UNPLANNED = "unplanned";
    private static final String LANE_SAYS = " on ";

    private final MeterRegistry registry;

    public JobMeters(MeterRegistry registry) {
        this.registry = registry;
        for (JobState state : JobState.values()) jobs(state); // every state is a series from the start, at 0
    }

    @Override
    public void accept(JobRepository.Change change) {
        Job after = change.after();
        for (JobState state : JobState.values()) if (change.entered(state)) jobs(state).increment();
        boolean firstSample = (change.before() == null || change.before().done() == 0) && after.done() > 0;
        if (firstSample) {
            timer("polyphon.storage.job.first.sample", "From a job's acceptance to its first stored sample", lane(after),
                    Duration.ofMinutes(30)).record(Duration.between(after.createdAt(), after.updatedAt()));
        }
        if (change.entered(JobState.COMPLETED)) {
            timer("polyphon.storage.job.duration", "From a job's acceptance to its last stored sample", lane(after),
                    Duration.ofHours(6)).record(Duration.between(after.createdAt(), after.updatedAt()));
        }
    }

    private Counter jobs(JobState state) {
        return Counter.builder("polyphon.storage.jobs").description("Jobs that entered each state")
                .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Timer timer(String name, String description, String lane, Duration longest) {
        return Timer.builder(name).description(description).tag("lane", lane).publishPercentileHistogram()
                .maximumExpectedValue(longest).register(registry);
    }

    /** The lane the planner put the job on, as its PLANNED change recorded it ("7 shards on BULK"). */
    static String lane(Job job) {
        for (Job.StateChange change : job.history()) {
            String reason = change.reason();
            if (change.state() == JobState.PLANNED && reason != null && reason.contains(LANE_SAYS)) {
                return reason.substring(reason.lastIndexOf(LANE_SAYS) + LANE_SAYS.length()).trim().toLowerCase(Locale.ROOT);
            }
        }
        return UNPLANNED;
    }
}
