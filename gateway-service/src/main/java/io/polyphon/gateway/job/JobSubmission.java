package io.polyphon.gateway.job;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.Message;
import io.polyphon.contract.PlanJob;
import io.polyphon.gateway.GatewayProperties;
import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.storage.JobView;
import io.polyphon.gateway.storage.SampleView;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.CreatedJob;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
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
    private final SecureRandom seeds = new SecureRandom();
    private final long maxPendingSamples;

    JobSubmission(StorageClient storage, MidiClient midi, JobCommands commands, ObjectMapper json, Clock clock,
                  GatewayProperties properties) {
        this.maxPendingSamples = properties.maxPendingSamples();
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
        checkQuota(key, generation.count());
        CreatedJob created = storage.createJob(new StorageClient.NewJob(key.id(), generation.count(), input.pieceId(),
                input.parentSampleId(), generation.seed(), json.valueToTree(request), idempotencyKey));
        JobView job = created.job();
        // a retried request whose first attempt stored the job but never reached the broker is planned now
        if (created.isNew() || job.state().equals("QUEUED")) {
            commands.plan(new PlanJob(job.id(), Message.SCHEMA_VERSION, clock.instant(), key.id(), input.pieceId(),
                    input.parentSampleId(), input.piece(), generation));
        }
        return created;
    }

    /**
     * Refuses a job that would leave the key with more samples to generate than its quota. Two requests at the same
     * instant may both pass: the quota keeps one key from filling the queues, it is not an exact meter.
     */
    private void checkQuota(ApiKey key, int count) {
        StorageClient.Usage usage = storage.usage(key.id());
        if (usage.pendingSamples() + count > maxPendingSamples) {
            throw new QuotaExceededException("this key's " + usage.activeJobs() + " unfinished jobs still have "
                    + usage.pendingSamples() + " samples to generate; with " + count + " more it would pass its quota of "
                    + maxPendingSamples + ". Wait for them to finish, or cancel some.");
        }
    }

    /** Asks every worker to stop the job; storage marks it cancelled and tells the event streams. */
    JobView cancel(ApiKey key, String jobId) {
        JobView job = storage.job(key.id(), jobId);
        if (!job.isFinished()) {
            commands.cancel(new CancelJob(jobId, Message.SCHEMA_VERSION, clock.instant(), "cancelled by the client"));
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
