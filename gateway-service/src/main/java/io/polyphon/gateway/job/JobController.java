package io.polyphon.gateway.job;

import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.progress.JobEventStreams;
import io.polyphon.gateway.storage.JobView;
import io.polyphon.gateway.storage.Page;
import io.polyphon.gateway.storage.SampleView;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.CreatedJob;
import io.swagger.v3.oas.annotations.Operation;
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
@RestController
@RequestMapping("/v1/jobs")
class JobController {

    private static final String AUDIO_MIDI = "audio/midi";

    private final JobSubmission submission;
    private final StorageClient storage;
    private final JobEventStreams events;

    JobController(JobSubmission submission, StorageClient storage, JobEventStreams events) {
        this.submission = submission;
        this.storage = storage;
        this.events = events;
    }

    @Operation(summary = "Create a job",
            description = "Answers 202 with the queued job. With an Idempotency-Key header, a repeated request "
                    + "answers 200 with the job the first one created, and creates nothing.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> create(ApiKey key, @RequestBody JobRequest request,
                                   @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        CreatedJob created = submission.submit(key, request, idempotencyKey);
        return ResponseEntity.status(created.isNew() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/v1/jobs/" + created.job().id())).body(created.job());
    }

    @Operation(summary = "List your jobs, newest first")
    @GetMapping
    Page<JobView> list(ApiKey key, @RequestParam(defaultValue = "0") @Min(0) int page,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return storage.jobs(key.id(), page, size);
    }

    @Operation(summary = "A job's state and counts")
    @GetMapping("/{id}")
    JobView job(ApiKey key, @PathVariable String id) {
        return storage.job(key.id(), id);
    }

    @Operation(summary = "Follow a job's progress as server-sent events",
            description = "Events: accepted, progress (done, total, etaSeconds), then one of completed, failed, "
                    + "cancelled. A client reconnecting with Last-Event-ID gets the current state first, so it misses nothing.")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(ApiKey key, @PathVariable String id,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return events.open(key, id, lastEventId);
    }

    @Operation(summary = "Cancel a job", description = "Workers stop it between steps; no further samples are stored.")
    @PostMapping("/{id}/cancel")
    ResponseEntity<JobView> cancel(ApiKey key, @PathVariable String id) {
        return ResponseEntity.accepted().body(submission.cancel(key, id));
    }

    @Operation(summary = "A page of the job's samples",
            description = "By index, or with sort=score the model's favourites first: score is how natural the model "
                    + "found what it wrote (geometric-mean token probability, 0..1), a place to start auditioning.")
    @GetMapping("/{id}/samples")
    Page<SampleView> samples(ApiKey key, @PathVariable String id, @RequestParam(defaultValue = "0") @Min(0) int page,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size,
                             @RequestParam(defaultValue = "index") @Pattern(regexp = "index|score") String sort) {
        return storage.samples(key.id(), id, page, size, sort);
    }

    @Operation(summary = "One sample: its lineage and size")
    @GetMapping("/{id}/samples/{index}")
    SampleView sample(ApiKey key, @PathVariable String id, @PathVariable @Min(0) int index) {
        return storage.sample(key.id(), id + ":" + index);
    }

    @Operation(summary = "One sample as a MIDI file")
    @GetMapping(path = "/{id}/samples/{index}/midi", produces = AUDIO_MIDI)
    ResponseEntity<byte[]> sampleMidi(ApiKey key, @PathVariable String id, @PathVariable @Min(0) int index) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-" + index + ".mid\"")
                .body(storage.sampleMidi(key.id(), id, index));
    }

    @Operation(summary = "All stored samples of the job as one zip", description = "sample-0001.mid, sample-0002.mid, ...")
    @GetMapping(path = "/{id}/samples.zip", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> samplesZip(ApiKey key, @PathVariable String id) {
        storage.job(key.id(), id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".zip\"")
                .body(out -> storage.copySamplesZip(key.id(), id, out));
    }
}
