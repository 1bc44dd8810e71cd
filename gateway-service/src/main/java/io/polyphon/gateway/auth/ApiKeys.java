package io.polyphon.gateway.auth;

import io.polyphon.gateway.GatewayProperties;
import io.polyphon.gateway.storage.StorageClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks API key secrets against storage. A key that checked out is remembered (by the hash of its secret, so no
 * secret sits in memory longer than its request), and a request with a known key costs no round trip.
 */
@Component
public class ApiKeys {

    private final StorageClient storage;
    private final Map<String, ApiKey> known;

    public ApiKeys(StorageClient storage, GatewayProperties properties) {
        this.storage = storage;
        int capacity = properties.keyCacheSize();
        this.known = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ApiKey> eldest) {
                return size() > capacity;
            }
        });
    }

    /** The key this secret belongs to, or empty for a secret storage does not know. */
    public Optional<ApiKey> check(String secret) {
        String hash = sha256(secret);
        ApiKey key = known.get(hash);
        if (key != null) return Optional.of(key);
        Optional<ApiKey> found = storage.verifyKey(secret).map(k -> new ApiKey(k.id(), k.name()));
        found.ifPresent(k -> known.put(hash, k));
        return found;
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
