package io.polyphon.gateway.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's memory of checked keys, against a storage that holds keys in a map and a clock the test moves: a
 * remembered key costs no lookup, and a key revoked in storage is refused once its TTL has passed.
 */
class ApiKeysTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final Map<String, ApiKey> storage = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private Instant now = Instant.parse("2026-12-01T12:00:00Z");
    private final Clock clock = new Clock() {
        public Instant instant() {
            return now;
        }

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final ApiKeys keys = new ApiKeys(secret -> {
        lookups.incrementAndGet();
        return Optional.ofNullable(storage.get(secret));
    }, 100, TTL, clock);

    @Test
    void aRememberedKeyCostsNoLookupWithinItsTtl() {
        storage.put("pk_a", new ApiKey("a", "composer"));
        keys.check("pk_a");
        now = now.plus(TTL).minusMillis(1);
        assertThat(keys.check("pk_a")).isPresent();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aKeyRevokedInStorageIsRefusedOnceItsTtlHasPassed() {
        storage.put("pk_a", new ApiKey("a", "composer"));
        assertThat(keys.check("pk_a")).isPresent();
        storage.remove("pk_a");
        now = now.plus(TTL);
        assertThat(keys.check("pk_a")).isEmpty();
    }

    @Test
    void aSecretStorageDoesNotKnowIsAskedAboutEveryTime() {
        keys.check("pk_unknown");
        keys.check("pk_unknown");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aKeyGivenTheAdminScopeAfterItsFirstCheckHasItOnceItsTtlHasPassed() {
        storage.put("pk_a", new ApiKey("a", "ops", false));
        keys.check("pk_a");
        storage.put("pk_a", new ApiKey("a", "ops", true));
        now = now.plus(TTL);
        assertThat(keys.check("pk_a")).hasValueSatisfying(k -> assertThat(k.admin()).isTrue());
    }
}
