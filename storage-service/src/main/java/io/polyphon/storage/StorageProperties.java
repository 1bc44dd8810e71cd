package io.polyphon.storage;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the storage service ({@code polyphon.storage.*} in storage-service.yml).
 *
 * @param mongoUri MongoDB connection string
 * @param database database holding pieces, jobs, samples and keys
 */
@Validated
@ConfigurationProperties("polyphon.storage")
public record StorageProperties(@NotBlank String mongoUri, @NotBlank String database) {
}
