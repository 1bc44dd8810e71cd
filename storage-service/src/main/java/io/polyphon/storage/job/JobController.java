package io.polyphon.storage.job;

import io.polyphon.storage.audit.AuditLog;
import io.polyphon.storage.web.NotFoundException;
import io.polyphon.storage.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.MongoDatabase;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs over the internal HTTP API, for the gateway: create one (at most once per owner and idempotency key), read
 * one, list an owner's. Every read names the owning key; another key's job is "not found", so ids do not leak.
 */
@RestController
class JobController {

    private final JobRepository jobs;
    private final AuditLog audit;
    private final Clock clock;
    private final QuotaLeases quotas;

    JobController(JobRepository jobs, AuditLog audit, Clock clock, MongoDatabase database) {
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
        this.quotas = new QuotaLeases(database, clock);
    }

    /**
     * @param parentSampleId the sample the job varies ({@code <jobId>:<index>}), or null
     * @param seed           the job's seed; 0 when absent, as in the stack tests' bare jobs
     * @param request        the generation request, stored and echoed back as given
     * @param idempotencyKey a retried create with the same key returns the first job instead of a second one
     * @param maxPendingSamples the owner's quota: a new job is refused (429) if the owner's unfinished jobs and it
     *                          would have more samples to generate; null for none. A retry is never refused.
     */
    record NewJob(@NotBlank String ownerKeyId, @Min(1) @Max(1000) int total, String pieceId, String parentSampleId,
                  Long seed, Map<String, Object> request, @Size(min = 1, max = 200) String idempotencyKey,
                  @Min(1) Long maxPendingSamples) {
    }

    @PostMapping("/jobs")
    ResponseEntity<JobView> create(@Valid @RequestBody NewJob body) {
        Optional<Job> earlier = earlier(body);
        if (earlier.isPresent()) return ResponseEntity.ok(JobView.of(earlier.get()));
        if (body.maxPendingSamples() == null) return createNow(body);
        // the check and the insert under the owner's lease: concurrent creates of one key are taken one by one, so
        // together they never pass the quota
        return quotas.holding(body.ownerKeyId(), () -> createWithinQuota(body));
    }

    private ResponseEntity<JobView> createWithinQuota(NewJob body) {
        JobRepository.Usage usage = jobs.usage(body.ownerKeyId());
        if (usage.pendingSamples() + body.total() > body.maxPendingSamples()) {
            // a retry racing its first attempt may find the job only now; it is answered, never refused
            Optional<Job> earlier = earlier(body);
            if (earlier.isPresent()) return ResponseEntity.ok(JobView.of(earlier.get()));
            throw quotaExceeded(usage, body.total(), body.maxPendingSamples());
        }
        return createNow(body);
    }

    private ResponseEntity<JobView> createNow(NewJob body) {
        Job.Origin origin = new Job.Origin(body.pieceId(), body.parentSampleId(),
                body.seed() == null ? 0 : body.seed(), body.request(),
                body.idempotencyKey());
        JobRepository.Created created = jobs.createOnce(
                Job.queued(UUID.randomUUID().toString(), body.ownerKeyId(), origin, body.total(), clock.instant()));
        if (created.fresh()) {
            audit.record(AuditLog.JOB_CREATED, body.ownerKeyId(), created.job().id(), body.total() + " samples");
        }
        return ResponseEntity.status(created.fresh() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(JobView.of(created.job()));
    }

    private Optional<Job> earlier(NewJob body) {
        return body.idempotencyKey() == null ? Optional.empty()
                : jobs.findByIdempotencyKey(body.ownerKeyId(), body.idempotencyKey());
    }

    private static ErrorResponseException quotaExceeded(JobRepository.Usage usage, int total, long max) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "this key's " + usage.activeJobs() + " unfinished jobs still have " + usage.pendingSamples()
                        + " samples to generate; " + total + " more would pass its quota of " + max
                        + ". Wait for them to finish, or cancel some.");
        problem.setTitle("The key's quota is used up");
        problem.setProperty("code", "quota-exceeded");
        return new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
    }

    /** Why a job could not go on, as its creator saw it (the gateway could not queue it). */
    record NewFailure(@NotBlank String owner, @NotBlank String code, @NotBlank String message, boolean retryable) {
    }

    /**
     * Fails a job that is still queued (its plan never reached the planner); one the planner has taken is left to
     * the pipeline, which reports its own failures.
     */
    @PostMapping("/jobs/{id}/failure")
    JobView fail(@PathVariable String id, @Valid @RequestBody NewFailure failure) {
        jobs.findOwned(id, failure.owner()).orElseThrow(() -> new NotFoundException("there is no job " + id));
        Job.Failure why = new Job.Failure(failure.code(), failure.message(), failure.retryable());
        return JobView.of(jobs.update(id, j -> j.state() == JobState.QUEUED ? j.fail(why, clock.instant()) : j).after());
    }

    @GetMapping("/jobs/{id}")
    JobView job(@PathVariable String id, @RequestParam String owner) {
        return JobView.of(jobs.findOwned(id, owner).orElseThrow(() -> new NotFoundException("there is no job " + id)));
    }

    /** What the owner's unfinished jobs still have to generate (the measure of the per-key quota). */
    @GetMapping("/usage")
    JobRepository.Usage usage(@RequestParam String owner) {
        return jobs.usage(owner);
    }

    /** The owner's jobs, newest first. */
    @GetMapping("/jobs")
    Page<JobView> list(@RequestParam String owner, @RequestParam(defaultValue = "0") @Min(0) int page,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return new Page<>(jobs.page(owner, Page.skip(page, size), size).stream().map(JobView::of).toList(), page, size,
                jobs.count(owner));
    }
}
