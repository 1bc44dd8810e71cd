package io.polyphon.gateway.auth;

import io.polyphon.gateway.GatewayProperties;
import io.polyphon.gateway.storage.StorageClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks API key secrets against storage. A key that checked out is remembered (by the hash of its secret, so no
 * secret sits in memory longer than its request) for {@code key-cache-ttl}, and a request with a remembered key costs
 * no round trip. The TTL is the bound on trust: a key revoked or rotated in storage is refused here at most that long
 * after, on every gateway, with no message between them. A secret storage does not know is never remembered.
 */
@Component
public class ApiKeys {

    private record Known(ApiKey key, Instant checkedAt) {
    }

    private final Function<String, Optional<ApiKey>> storage;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Known> known;

    @Autowired
    public ApiKeys(StorageClient storage, GatewayProperties properties, Clock clock) {
        this(secret -> storage.verifyKey(secret).map(k -> new ApiKey(k.id(), k.name(), k.isAdmin())),
                properties.keyCacheSize(), properties.keyCacheTtl(), clock);
    }

    ApiKeys(Function<String, Optional<ApiKey>> storage, int capacity, Duration ttl, Clock clock) {
        this.storage = storage;
        this.ttl = ttl;
        this.clock = clock;
        this.known = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > capacity;
            }
        });
    }

    /** The key this secret belongs to, or empty for a secret storage does not know (or no longer knows). */
    public Optional<ApiKey> check(String secret) {
        String hash = sha256(secret);
        Instant now = clock.instant();
        Known remembered = known.get(hash);
        if (remembered != null && now.isBefore(remembered.checkedAt().plus(ttl))) return Optional.of(remembered.key());
        Optional<ApiKey> found = storage.apply(secret);
        if (found.isPresent()) known.put(hash, new Known(found.get(), now));
        else known.remove(hash);
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
