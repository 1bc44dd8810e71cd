package io.polyphon.gateway;

import io.polyphon.contract.InternalCredential;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The gateway's settings (defaults in gateway-service.yml).
 *
 * @param midiServiceUrl    base URL of the MIDI service
 * @param storageServiceUrl base URL of the storage service's internal API
 * @param eventStreamTimeout how long one server-sent event stream stays open; clients reconnect with Last-Event-ID
 * @param keyCacheSize      API keys remembered after their first check, so a request costs no storage round trip
 * @param keyCacheTtl       how long a remembered key is trusted before storage is asked again: the longest a revoked
 *                          or rotated-away key still works on this gateway
 * @param maxPendingSamples per-key quota: samples a key's unfinished jobs may still have to generate, so one key
 *                          cannot fill the workers' queues for everyone
 * @param internalSecret    the internal credential shown to storage and the MIDI service ({@code X-Polyphon-Internal})
 */
@ConfigurationProperties("polyphon.gateway")
@Validated
public record GatewayProperties(@NotBlank String midiServiceUrl, @NotBlank String storageServiceUrl,
                                @NotNull Duration eventStreamTimeout, @Min(1) int keyCacheSize,
                                @NotNull Duration keyCacheTtl, @Min(1) long maxPendingSamples,
                                @NotBlank @Size(min = InternalCredential.MIN_LENGTH) String internalSecret) {
}
