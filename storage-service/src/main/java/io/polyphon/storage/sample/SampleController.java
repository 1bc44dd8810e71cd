package io.polyphon.storage.sample;

import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.web.NotFoundException;
import io.polyphon.storage.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A job's samples over the internal HTTP API, for the gateway: list them, read one, download one MIDI file or all
 * of them as a zip. The owner is checked through the sample's job; another key's sample is "not found".
 */
@RestController
class SampleController {

    private static final String MIDI = "audio/midi";
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final JobRepository jobs;
    private final SampleRepository samples;
    private final SampleZip zip;

    SampleController(JobRepository jobs, SampleRepository samples) {
        this.jobs = jobs;
        this.samples = samples;
        this.zip = new SampleZip(samples);
    }

    /** The job's samples by index, or with {@code sort=score} the model's favourites first. */
    @GetMapping("/jobs/{id}/samples")
    Page<SampleView> list(@PathVariable String id, @RequestParam String owner,
                          @RequestParam(defaultValue = "0") @Min(0) int page,
                          @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size,
                          @RequestParam(defaultValue = "index") @Pattern(regexp = "index|score") String sort) {
        owned(id, owner);
        return new Page<>(samples.page(id, Page.skip(page, size), size, sort.equals("score")), page, size,
                samples.count(id));
    }

    /** One sample by its id, {@code <jobId>:<index>}; a malformed id is as missing as an unknown one. */
    @GetMapping("/samples/{sampleId}")
    SampleView sample(@PathVariable String sampleId, @RequestParam String owner) {
        NotFoundException missing = new NotFoundException("there is no sample " + sampleId);
        SampleId id = SampleId.parse(sampleId).orElseThrow(() -> missing);
        if (jobs.findOwned(id.jobId(), owner).isEmpty()) throw missing;
        return samples.find(id.jobId(), id.index()).orElseThrow(() -> missing);
    }

    @GetMapping(path = "/jobs/{id}/samples/{index}/midi", produces = MIDI)
    byte[] midi(@PathVariable String id, @PathVariable int index, @RequestParam String owner) {
        owned(id, owner);
        byte[] midi = samples.midi(id, index);
        if (midi == null) throw new NotFoundException("job " + id + " has no sample " + index);
        return midi;
    }

    /** Every stored sample of the job as {@code <jobId>.zip}, streamed while it is read. */
    @GetMapping(path = "/jobs/{id}/samples.zip", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> zip(@PathVariable String id, @RequestParam String owner) {
        owned(id, owner);
        // a streamed body goes past the message converters, so the type is set here and not left to "produces"
        return ResponseEntity.ok().contentType(ZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(id + ".zip").build().toString())
                .body(out -> zip.write(id, out));
    }

    private Job owned(String id, String owner) {
        return jobs.findOwned(id, owner).orElseThrow(() -> new NotFoundException("there is no job " + id));
    }
}
