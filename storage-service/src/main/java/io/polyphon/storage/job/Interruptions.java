package io.polyphon.storage.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * When storage starts, every unfinished job was running through a stop (a restart of storage or of the whole stack):
 * its history says so, so that an owner can tell a job that ran undisturbed from one that was interrupted. The job
 * itself goes on; redelivered work is stored once, as always.
 */
@Component
class Interruptions {

    static final String REASON = "interrupted: storage-service restarted while the job was unfinished; "
            + "work in flight is redone";

    private static final Logger log = LoggerFactory.getLogger(Interruptions.class);

    private final JobRepository jobs;
    private final Clock clock;

    Interruptions(JobRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void markUnfinishedJobs() {
        List<String> unfinished = jobs.unfinishedIds();
        for (String id : unfinished) jobs.update(id, j -> j.interrupted(clock.instant(), REASON));
        if (!unfinished.isEmpty()) log.info("{} unfinished jobs marked as interrupted by this start", unfinished.size());
    }
}
