package io.polyphon.gateway.job;

import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.progress.JobEventStreams;
import io.polyphon.gateway.storage.JobView;
import io.polyphon.gateway.storage.Page;
import io.polyphon.gateway.storage.SampleView;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.CreatedJob;
import io.polyphon.gateway.web.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.net.URI;

/** Jobs: create one, follow its progress, cancel it, and fetch its samples one by one or as a zip. */
@Tag(name = "Jobs", description = "Generate variations, follow and cancel jobs, fetch their samples")
@RestController
@RequestMapping("/v1/jobs")
class JobController {

    private static final String AUDIO_MIDI = "audio/midi";
    private static final String UNKNOWN_JOB = "not-found: there is no such job for this key";
    private static final String BAD_PAGE = "malformed-request: page below 0, or size outside 1..1000";

    private final JobSubmission submission;
    private final StorageClient storage;
    private final JobEventStreams events;
    private final Counter submitted;

    JobController(JobSubmission submission, StorageClient storage, JobEventStreams events, MeterRegistry registry) {
        this.submitted = Counter.builder("polyphon.gateway.jobs.submitted")
                .description("Jobs accepted (202), not counting an Idempotency-Key repeat").register(registry);
        this.submission = submission;
        this.storage = storage;
        this.events = events;
    }

    @Operation(summary = "Create a job",
            description = "Answers 202 with the queued job. With an Idempotency-Key header, a repeated request "
                    + "answers 200 with the job the first one created, and creates nothing.")
    @ApiResponse(responseCode = "202", description = "The new job, queued: the broker has its plan",
            headers = @Header(name = "Location", description = "/v1/jobs/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "A repeat with the same Idempotency-Key: the job the first "
            + "request created", headers = @Header(name = "Location", description = "/v1/jobs/{id}",
            schema = @Schema(type = "string")))
    @Refusal(status = 400, codes = "malformed-json, missing-input, count-out-of-range, temperature-out-of-range, "
            + "unknown-track, duplicate-track, bar-out-of-range, invalid-track-request, invalid-control, "
            + "unknown-instrument, invalid-bars-per-step, nothing-to-generate, too-many-tracks, null-entry, "
            + "idempotency-key-reused: the detail says which value is wrong")
    @Refusal(status = 413, codes = "too-large: the body is over 256 kB; too-large-for-pipeline: the job's plan (the "
            + "piece with the request) is over the broker's message limit")
    @Refusal(status = 404, codes = "unknown-piece: no such piece (or it was deleted); unknown-sample: no such sample")
    @Refusal(status = 415, codes = "unsupported-media-type: the body is not application/json")
    @Refusal(status = 429, codes = "quota-exceeded: the key's unfinished jobs would have more than its quota of "
            + "samples still to generate (10,000 by default); rate-limited: the key creates jobs faster than its "
            + "rate (Retry-After says when to try); too-many-uploads: the key has 4 requests with a body in flight")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> create(ApiKey key, @RequestBody JobRequest request,
                                   @Parameter(description = "Any string naming this request; a repeat with the same "
                                           + "one answers the first job instead of making another")
                                   @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        CreatedJob created = submission.submit(key, request, idempotencyKey);
        if (created.isNew()) submitted.increment();
        return ResponseEntity.status(created.isNew() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/v1/jobs/" + created.job().id())).body(created.job());
    }

    @Operation(operationId = "listJobs", summary = "List your jobs, newest first")
    @Refusal(status = 400, codes = BAD_PAGE)
    @GetMapping
    Page<JobView> list(ApiKey key,
                       @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) int page,
                       @Parameter(description = "Jobs per page, 1..1000")
                       @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return storage.jobs(key.id(), page, size);
    }

    @Operation(summary = "A job's state and counts")
    @Refusal(status = 404, codes = UNKNOWN_JOB)
    @GetMapping("/{id}")
    JobView job(ApiKey key, @PathVariable String id) {
        return storage.job(key.id(), id);
    }

    @Operation(summary = "Follow a job's progress as server-sent events",
            description = "Events: accepted, progress (done, total, work: 0..1 counting samples still being written, etaSeconds), then one of completed, failed, "
                    + "cancelled. A client reconnecting with Last-Event-ID gets the current state first, so it misses nothing.")
    @ApiResponse(responseCode = "200", description = "The event stream; each event's id is the count of stored "
            + "samples it reports, and its data a JSON object",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @Refusal(status = 404, codes = UNKNOWN_JOB)
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(ApiKey key, @PathVariable String id,
                      @Parameter(description = "The id of the last event seen, to resume after it")
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return events.open(key, id, lastEventId);
    }

    @Operation(summary = "Cancel a job", description = "Workers stop it between steps; no further samples are "
            + "stored. A finished job is answered as it is.")
    @ApiResponse(responseCode = "202", description = "The job as it was when the cancel was sent")
    @Refusal(status = 404, codes = UNKNOWN_JOB)
    @PostMapping("/{id}/cancel")
    ResponseEntity<JobView> cancel(ApiKey key, @PathVariable String id) {
        return ResponseEntity.accepted().body(submission.cancel(key, id));
    }

    @Operation(summary = "A page of the job's samples",
            description = "By index, or with sort=score the model's favourites first: score is how natural the model "
                    + "found what it wrote (geometric-mean token probability, 0..1), a place to start auditioning.")
    @Refusal(status = 400, codes = "malformed-request: page below 0, size outside 1..1000, or sort neither index "
            + "nor score")
    @Refusal(status = 404, codes = UNKNOWN_JOB)
    @GetMapping("/{id}/samples")
    Page<SampleView> samples(ApiKey key, @PathVariable String id,
                             @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) int page,
                             @Parameter(description = "Samples per page, 1..1000")
                             @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size,
                             @Parameter(description = "index: by sample number; score: the model's favourites first",
                                     schema = @Schema(allowableValues = {"index", "score"}, defaultValue = "index"))
                             @RequestParam(defaultValue = "index") @Pattern(regexp = "index|score") String sort) {
        return storage.samples(key.id(), id, page, size, sort);
    }

    @Operation(summary = "One sample: its lineage and size")
    @Refusal(status = 400, codes = "malformed-request: the index is below 0")
    @Refusal(status = 404, codes = "unknown-sample: the job has no such sample (yet), or there is no such job")
    @GetMapping("/{id}/samples/{index}")
    SampleView sample(ApiKey key, @PathVariable String id, @PathVariable @Min(0) int index) {
        return storage.sample(key.id(), id + ":" + index);
    }

    @Operation(summary = "One sample as a MIDI file")
    @ApiResponse(responseCode = "200", description = "The MIDI file, as an attachment <jobId>-<index>.mid",
            content = @Content(mediaType = AUDIO_MIDI, schema = @Schema(type = "string", format = "binary")))
    @Refusal(status = 400, codes = "malformed-request: the index is below 0")
    @Refusal(status = 404, codes = "not-found: the job has no such sample (yet), or there is no such job")
    @GetMapping(path = "/{id}/samples/{index}/midi", produces = AUDIO_MIDI)
    ResponseEntity<byte[]> sampleMidi(ApiKey key, @PathVariable String id, @PathVariable @Min(0) int index) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-" + index + ".mid\"")
                .body(storage.sampleMidi(key.id(), id, index));
    }

    @Operation(summary = "All stored samples of the job as one zip", description = "sample-0001.mid (index 0), "
            + "sample-0002.mid, ...; a running job's zip holds what is stored so far.")
    @ApiResponse(responseCode = "200", description = "The zip, as an attachment <jobId>.zip",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @Refusal(status = 404, codes = UNKNOWN_JOB)
    @GetMapping(path = "/{id}/samples.zip", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> samplesZip(ApiKey key, @PathVariable String id) {
        storage.job(key.id(), id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".zip\"")
                .body(out -> storage.copySamplesZip(key.id(), id, out));
    }
}
