package io.polyphon.gateway.job;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.Message;
import io.polyphon.contract.PlanJob;
import io.polyphon.gateway.GatewayProperties;
import io.polyphon.contract.Messages;
import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.edge.EdgeProperties;
import io.polyphon.gateway.edge.JobRateLimit;
import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.storage.JobView;
import io.polyphon.gateway.storage.SampleView;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.CreatedJob;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.gateway.upstream.ServiceUnavailableException;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Turns a client's job request into a stored job and a plan command: finds the piece (or the sample) it starts
 * from, checks the request against it, records the job, and hands it to the planner.
 */
@Service
class JobSubmission {

    private final StorageClient storage;
    private final MidiClient midi;
    private final JobCommands commands;
    private final ObjectMapper json;
    private final Clock clock;
    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

    private final SecureRandom seeds = new SecureRandom();
    private final long maxPendingSamples;
    private final EdgeProperties edge;
    private final JobRateLimit rateLimit;

    JobSubmission(StorageClient storage, MidiClient midi, JobCommands commands, ObjectMapper json, Clock clock,
                  GatewayProperties properties, EdgeProperties edge, JobRateLimit rateLimit) {
        this.maxPendingSamples = properties.maxPendingSamples();
        this.edge = edge;
        this.rateLimit = rateLimit;
        this.storage = storage;
        this.midi = midi;
        this.commands = commands;
        this.json = json;
        this.clock = clock;
    }

    /** The input a job starts from: a piece, or a sample (whose song's piece id it keeps for lineage). */
    private record Input(String pieceId, String parentSampleId, Piece piece) {
    }

    CreatedJob submit(ApiKey key, JobRequest asked, String idempotencyKey) {
        asked.checkInput();
        JobRequest request = asked.seed() != null ? asked : asked.withSeed(seeds.nextLong() & Long.MAX_VALUE);
        GenerationRequest generation = request.toGenerationRequest();
        Input input = input(key, request);
        generation.validateAgainst(input.piece());
        checkCarriable(key, input, generation);
        rateLimit.take(key.id());
        CreatedJob created = storage.createJob(new StorageClient.NewJob(key.id(), generation.count(), input.pieceId(),
                input.parentSampleId(), generation.seed(), json.valueToTree(request), idempotencyKey,
                maxPendingSamples));
        JobView job = created.job();
        if (!created.isNew()) {
            // a retry: the job stands as first asked, with the seed chosen then
            JobRequest first = asked.seed() != null ? asked : asked.withSeed(job.seed());
            // compared as JSON text read back, as storage's copy was, so a number is the same node type on both sides
            if (!json.readTree(json.writeValueAsString(first)).equals(job.request())) {
                throw new InvalidRequestException("idempotency-key-reused",
                        "the Idempotency-Key was used for a different request (job " + job.id() + ")");
            }
            if (!job.state().equals("QUEUED")) return created;
            // the first attempt stored the job but may never have reached the broker: plan it (again), with the
            // job's own seed, so a second plan makes the same samples and storage keeps each once
            generation = first.toGenerationRequest();
        }
        plan(key, job, input, generation, created.isNew());
        return created;
    }

    /**
     * Refuses, before anything is stored, a job the pipeline could not carry: more tracks than a piece may have, or
     * a plan (which carries the whole piece) larger than the broker takes. Either would fail later, after a 202,
     * and no retry could ever succeed.
     */
    private void checkCarriable(ApiKey key, Input input, GenerationRequest generation) {
        int tracks = input.piece().tracks().size() + generation.newTracks().size();
        if (tracks > edge.maxTracks()) {
            throw new InvalidRequestException("too-many-tracks", "the piece has " + input.piece().tracks().size()
                    + " tracks and the job adds " + generation.newTracks().size() + "; at most " + edge.maxTracks()
                    + " tracks can be generated together");
        }
        // the plan as it will be sent, with an id as long as a real one
        PlanJob plan = new PlanJob(PLACEHOLDER_ID, Message.SCHEMA_VERSION, clock.instant(), key.id(), input.pieceId(),
                input.parentSampleId(), input.piece(), generation);
        int size = Messages.json().writeValueAsBytes(plan).length;
        if (size > edge.maxMessageBytes()) {
            throw new PipelineLimitException("this job's plan would be " + size + " bytes (the piece with the "
                    + "request), over the pipeline's limit of " + edge.maxMessageBytes() + " bytes; use a shorter "
                    + "piece or fewer tracks");
        }
    }

    private static final String PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";

    /**
     * Sends the plan. If the broker does not take it, a job this request created is failed as data (a retried one
     * may have been queued by its first attempt, so it is left as it is) and the client hears 503.
     */
    private void plan(ApiKey key, JobView job, Input input, GenerationRequest generation, boolean created) {
        try {
            commands.plan(new PlanJob(job.id(), Message.SCHEMA_VERSION, clock.instant(), key.id(), input.pieceId(),
                    input.parentSampleId(), input.piece(), generation));
        } catch (RuntimeException e) {
            log.warn("job {} could not be queued", job.id(), e);
            String outcome = "it stays queued";
            if (created) {
                try {
                    storage.failJob(key.id(), job.id(), "not-queued", "the job could not be queued: " + e.getMessage(), true);
                    outcome = "it was marked failed";
                } catch (RuntimeException alsoDown) {
                    log.warn("job {} stays queued: storage did not take its failure either", job.id(), alsoDown);
                }
            }
            throw new ServiceUnavailableException("Job " + job.id() + " could not be queued right now; " + outcome
                    + ". Try again shortly (with a new Idempotency-Key if you sent one).");
        }
    }

    /** Asks every worker to stop the job; storage marks it cancelled and tells the event streams. */
    JobView cancel(ApiKey key, String jobId) {
        JobView job = storage.job(key.id(), jobId);
        if (job.isFinished()) return job;
        try {
            commands.cancel(new CancelJob(jobId, Message.SCHEMA_VERSION, clock.instant(), "cancelled by the client"));
        } catch (RuntimeException e) {
            log.warn("the cancel of job {} could not be sent", jobId, e);
            throw new ServiceUnavailableException("The cancel could not be sent right now; the job goes on. Try again shortly.");
        }
        return job;
    }

    private Input input(ApiKey key, JobRequest request) {
        if (request.pieceId() != null) {
            return new Input(request.pieceId(), null, storage.pieceDetail(key.id(), request.pieceId()).piece());
        }
        SampleView sample = storage.sample(key.id(), request.sampleId());
        byte[] file = storage.sampleMidi(key.id(), sample.jobId(), sample.index());
        return new Input(sample.pieceId(), sample.id(), midi.inspect(file).piece());
    }
}
