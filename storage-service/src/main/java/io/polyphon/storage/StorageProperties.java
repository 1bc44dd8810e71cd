package io.polyphon.storage;

import io.polyphon.contract.InternalCredential;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the storage service ({@code polyphon.storage.*} in storage-service.yml).
 *
 * @param mongoUri MongoDB connection string
 * @param database database holding pieces, jobs, samples and keys
 * @param internalSecret the secret every caller of the internal HTTP API must show ({@code X-Polyphon-Internal});
 *                       no default, so a storage service never starts open to anyone who can reach it
 */
@Validated
@ConfigurationProperties("polyphon.storage")
public record StorageProperties(@NotBlank String mongoUri, @NotBlank String database,
                                @NotBlank @Size(min = InternalCredential.MIN_LENGTH) String internalSecret) {
}
