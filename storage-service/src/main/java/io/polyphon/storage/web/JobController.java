package io.polyphon.storage.web;

import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.sample.SampleRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The storage service's internal HTTP face, for the gateway: create a job, read it and its samples. Every read names
 * the owning key; another key's job is "not found", so ids do not leak.
 */
@RestController
class JobController {

    private final JobRepository jobs;
    private final SampleRepository samples;
    private final Clock clock;

    JobController(JobRepository jobs, SampleRepository samples, Clock clock) {
        this.jobs = jobs;
        this.samples = samples;
        this.clock = clock;
    }

    record NewJob(@NotBlank String ownerKeyId, @Min(1) @Max(1000) int total) {
    }

    /** A job as the gateway shows it; never the database document itself. */
    record JobView(String id, String state, int done, int total, List<Job.StateChange> history, Job.Failure failure) {
        static JobView of(Job job) {
            return new JobView(job.id(), job.state().name(), job.done(), job.total(), job.history(), job.failure());
        }
    }

    record SampleView(int index, int bars, int tracks, int notes) {
    }

    @PostMapping("/jobs")
    ResponseEntity<JobView> create(@Valid @RequestBody NewJob request) {
        Job job = Job.queued(UUID.randomUUID().toString(), request.ownerKeyId(), request.total(), clock.instant());
        jobs.create(job);
        return ResponseEntity.status(HttpStatus.CREATED).body(JobView.of(job));
    }

    @GetMapping("/jobs/{id}")
    JobView job(@PathVariable String id, @RequestParam String owner) {
        return JobView.of(owned(id, owner));
    }

    @GetMapping("/jobs/{id}/samples")
    List<SampleView> samples(@PathVariable String id, @RequestParam String owner,
                             @RequestParam(defaultValue = "0") @Min(0) int page,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        owned(id, owner);
        List<SampleView> views = new ArrayList<>();
        for (Document d : samples.page(id, page * size, size)) {
            views.add(new SampleView(d.getInteger("index"), d.getInteger("bars"), d.getInteger("tracks"), d.getInteger("notes")));
        }
        return views;
    }

    @GetMapping(path = "/jobs/{id}/samples/{index}/midi", produces = "audio/midi")
    byte[] midi(@PathVariable String id, @PathVariable int index, @RequestParam String owner) {
        owned(id, owner);
        byte[] midi = samples.midi(id, index);
        if (midi == null) throw new NotFound("job " + id + " has no sample " + index);
        return midi;
    }

    private Job owned(String id, String owner) {
        return jobs.find(id).filter(job -> job.ownerKeyId().equals(owner))
                .orElseThrow(() -> new NotFound("there is no job " + id));
    }

    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setProperty("code", "not-found");
        return problem;
    }
}
