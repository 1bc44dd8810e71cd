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
        requirePositive("polyphon.audit.retention", retention);
        requirePositive("polyphon.audit.prune-every", pruneEvery);
    }

    private static void requirePositive(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(key + " must be positive, not " + value);
        }
    }
}
