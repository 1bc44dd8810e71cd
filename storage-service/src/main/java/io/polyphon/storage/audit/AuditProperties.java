package io.polyphon.storage.audit;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How long the audit trail keeps its entries ({@code polyphon.audit.*} in storage-service.yml).
 *
 * @param retention  an entry older than this is deleted
 * @param pruneEvery how often the old entries are looked for
 */
@Validated
@ConfigurationProperties("polyphon.audit")
public record AuditProperties(@NotNull Duration retention, @NotNull Duration pruneEvery) {

    public AuditProperties {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("polyphon.audit.retention must be positive, not " + retention);
        }
        if (pruneEvery != null && (pruneEvery.isNegative() || pruneEvery.isZero())) {
            throw new IllegalArgumentException("polyphon.audit.prune-every must be positive, not " + pruneEvery);
        }
    }
}
