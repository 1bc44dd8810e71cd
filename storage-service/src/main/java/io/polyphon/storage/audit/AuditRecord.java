package io.polyphon.storage.audit;

import java.time.Instant;

/**
 * One entry of the audit trail: what happened ({@code key-created}, {@code key-used}, {@code key-rotated},
 * {@code key-revoked}, {@code job-created}), when, by which key, and the job it made where there is one.
 */
public record AuditRecord(String id, Instant at, String action, String keyId, String jobId, String detail) {
}
