package io.polyphon.gateway.storage;

import io.polyphon.gateway.upstream.NotFoundException;
import io.polyphon.gateway.upstream.UpstreamProblem;
import io.polyphon.mmm.piece.Piece;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The storage service's internal API, as the gateway uses it. Every read names the owning key; another key's
 * resource comes back as {@link NotFoundException}, the same as a missing one.
 */
public final class StorageClient {

    private final RestClient http;

    public StorageClient(RestClient http) {
        this.http = http;
    }

    /** A key's id, name and scopes, looked up by its secret. */
    public record Key(String id, String name, List<String> scopes) {

        public boolean isAdmin() {
            return scopes != null && scopes.contains("admin");
        }
    }

    /** The key the secret belongs to, if any. */
    public Optional<Key> verifyKey(String secret) {
        try {
            return Optional.ofNullable(http.post().uri("/keys/verify").contentType(MediaType.APPLICATION_JSON)
                    .body(new Secret(secret)).retrieve().body(Key.class));
        } catch (UpstreamProblem e) {
            if (e.isNotFound()) return Optional.empty();
            throw e;
        }
    }

    private record Secret(String secret) {
    }

    /** A key as the admin API shows it: never its secret. */
    public record KeyView(String id, String name, java.time.Instant createdAt, List<String> scopes, String state,
                          java.time.Instant rotatedAt, java.time.Instant revokedAt) {
    }

    /** A key just created or rotated, with the secret its owner must keep: it is not shown again. */
    public record IssuedKey(String id, String name, String secret, java.time.Instant createdAt, List<String> scopes) {
    }

    /** One entry of the audit trail: what was done, when, by which key, the job made where there is one. */
    public record AuditRecord(String id, java.time.Instant at, String action, String keyId, String jobId,
                              String detail) {
    }

    private record NewKey(String name, List<String> scopes) {
    }

    public IssuedKey createKey(String name, List<String> scopes) {
        return http.post().uri("/keys").contentType(MediaType.APPLICATION_JSON).body(new NewKey(name, scopes))
                .retrieve().body(IssuedKey.class);
    }

    public Page<KeyView> keys(int page, int size) {
        return http.get().uri("/keys?page={page}&size={size}", page, size).retrieve()
                .body(new ParameterizedTypeReference<Page<KeyView>>() { });
    }

    public IssuedKey rotateKey(String id) {
        return http.post().uri("/keys/{id}/rotate", id).retrieve().body(IssuedKey.class);
    }

    public KeyView revokeKey(String id) {
        return http.post().uri("/keys/{id}/revoke", id).retrieve().body(KeyView.class);
    }

    public Page<AuditRecord> audit(String keyId, int page, int size) {
        return keyId == null
                ? http.get().uri("/audit?page={page}&size={size}", page, size).retrieve()
                        .body(new ParameterizedTypeReference<Page<AuditRecord>>() { })
                : http.get().uri("/audit?keyId={keyId}&page={page}&size={size}", keyId, page, size).retrieve()
                        .body(new ParameterizedTypeReference<Page<AuditRecord>>() { });
    }

    private record NewPiece(String ownerKeyId, String name, String midi, Piece piece, JsonNode summary,
                            String parentPieceId) {
    }

    /** Stores a piece; {@code midi} is the original upload, or null for an edited piece. */
    public PieceView createPiece(String owner, String name, byte[] midi, Piece piece, JsonNode summary,
                                 String parentPieceId) {
        String encoded = midi == null ? null : Base64.getEncoder().encodeToString(midi);
        return http.post().uri("/pieces").contentType(MediaType.APPLICATION_JSON)
                .body(new NewPiece(owner, name, encoded, piece, summary, parentPieceId))
                .retrieve().body(PieceView.class);
    }

    /** A stored piece with its notes. */
    public record PieceDetail(String id, String name, String parentPieceId, JsonNode summary, Piece piece) {
    }

    public PieceView piece(String owner, String id) {
        return found(() -> http.get().uri("/pieces/{id}?owner={owner}", id, owner).retrieve().body(PieceView.class),
                "unknown-piece", "there is no piece " + id);
    }

    public PieceDetail pieceDetail(String owner, String id) {
        return found(() -> http.get().uri("/pieces/{id}?owner={owner}", id, owner).retrieve().body(PieceDetail.class),
                "unknown-piece", "there is no piece " + id);
    }

    private record Rename(String name) {
    }

    /** Renames the key's piece; the piece as it now reads. */
    public PieceView renamePiece(String owner, String id, String name) {
        return found(() -> http.patch().uri("/pieces/{id}?owner={owner}", id, owner)
                        .contentType(MediaType.APPLICATION_JSON).body(new Rename(name)).retrieve().body(PieceView.class),
                "unknown-piece", "there is no piece " + id);
    }

    /** Deletes the key's piece; its jobs and their samples stay. */
    public void deletePiece(String owner, String id) {
        found(() -> http.delete().uri("/pieces/{id}?owner={owner}", id, owner).retrieve().toBodilessEntity(),
                "unknown-piece", "there is no piece " + id);
    }

    /** The piece's original upload, or empty for a piece made by an edit. */
    public Optional<byte[]> pieceMidi(String owner, String id) {
        piece(owner, id);
        try {
            return Optional.ofNullable(http.get().uri("/pieces/{id}/midi?owner={owner}", id, owner)
                    .retrieve().body(byte[].class));
        } catch (UpstreamProblem e) {
            if (e.isNotFound()) return Optional.empty();
            throw e;
        }
    }

    public Page<PieceView> pieces(String owner, int page, int size) {
        return http.get().uri("/pieces?owner={owner}&page={page}&size={size}", owner, page, size)
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /**
     * What storage needs to create a job.
     *
     * @param maxPendingSamples the key's quota, which storage checks as it creates a new job (429 above it)
     */
    public record NewJob(String ownerKeyId, int total, String pieceId, String parentSampleId, long seed,
                         JsonNode request, String idempotencyKey, long maxPendingSamples) {
    }

    /** A job just created, or the one created before under the same idempotency key. */
    public record CreatedJob(JobView job, boolean isNew) {
    }

    public CreatedJob createJob(NewJob job) {
        ResponseEntity<JobView> response = http.post().uri("/jobs").contentType(MediaType.APPLICATION_JSON)
                .body(job).retrieve().toEntity(JobView.class);
        return new CreatedJob(response.getBody(), response.getStatusCode().value() == 201);
    }

    public JobView job(String owner, String id) {
        return found(() -> http.get().uri("/jobs/{id}?owner={owner}", id, owner).retrieve().body(JobView.class),
                "not-found", "there is no job " + id);
    }

    private record Failure(String owner, String code, String message, boolean retryable) {
    }

    /** Fails a job that has not finished, keeping why as data. */
    public void failJob(String owner, String jobId, String code, String message, boolean retryable) {
        http.post().uri("/jobs/{id}/failure", jobId).contentType(MediaType.APPLICATION_JSON)
                .body(new Failure(owner, code, message, retryable)).retrieve().toBodilessEntity();
    }

    public Page<JobView> jobs(String owner, int page, int size) {
        return http.get().uri("/jobs?owner={owner}&page={page}&size={size}", owner, page, size)
                .retrieve().body(new ParameterizedTypeReference<>() { });
    }

    /** A page of the job's samples, by index or ({@code sort} "score") best first. */
    public Page<SampleView> samples(String owner, String jobId, int page, int size, String sort) {
        return found(() -> http.get().uri("/jobs/{id}/samples?owner={owner}&page={page}&size={size}&sort={sort}",
                        jobId, owner, page, size, sort).retrieve().body(new ParameterizedTypeReference<Page<SampleView>>() { }),
                "not-found", "there is no job " + jobId);
    }

    public SampleView sample(String owner, String sampleId) {
        return found(() -> http.get().uri("/samples/{id}?owner={owner}", sampleId, owner).retrieve()
                .body(SampleView.class), "unknown-sample", "there is no sample " + sampleId);
    }

    public byte[] sampleMidi(String owner, String jobId, int index) {
        return found(() -> http.get().uri("/jobs/{id}/samples/{index}/midi?owner={owner}", jobId, index, owner)
                .retrieve().body(byte[].class), "not-found", "job " + jobId + " has no sample " + index);
    }

    /** Copies the job's samples, zipped by storage, to {@code out} as they arrive. */
    public void copySamplesZip(String owner, String jobId, OutputStream out) {
        http.get().uri("/jobs/{id}/samples.zip?owner={owner}", jobId, owner)
                .exchange((request, response) -> {
                    // the client already has its 200: a refusal now can only cut the download short
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        throw new IOException("storage answered " + response.getStatusCode().value() + " for the zip of " + jobId);
                    }
                    return response.getBody().transferTo(out);
                });
    }

    private static <T> T found(Supplier<T> read, String code, String message) {
        try {
            return read.get();
        } catch (UpstreamProblem e) {
            if (e.isNotFound()) throw new NotFoundException(code, message);
            throw e;
        }
    }
}
