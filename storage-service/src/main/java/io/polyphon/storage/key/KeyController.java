package io.polyphon.storage.key;

import io.polyphon.storage.web.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * API keys over the internal HTTP API, for the gateway: issue one (the only time its secret is shown) and tell which
 * key a secret belongs to. Verifying is a POST so that secrets stay out of URLs and access logs.
 */
@RestController
class KeyController {

    private final KeyRepository keys;
    private final Secrets secrets = new Secrets();
    private final Clock clock;

    KeyController(KeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    record NewKey(@NotBlank @Size(max = 200) String name) {
    }

    /** A key just issued, with the secret its owner must keep: storage cannot show it again. */
    record IssuedKey(String id, String name, String secret, Instant createdAt) {
    }

    record Verify(@NotBlank String secret) {
    }

    @PostMapping("/keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKey issue(@Valid @RequestBody NewKey body) {
        String secret = secrets.next();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), body.name(), clock.instant());
        keys.insert(key, Secrets.hash(secret));
        return new IssuedKey(key.id(), key.name(), secret, key.createdAt());
    }

    @PostMapping("/keys/verify")
    ApiKey verify(@Valid @RequestBody Verify body) {
        return keys.findBySecretSha256(Secrets.hash(body.secret()))
                .orElseThrow(() -> new NotFoundException("unknown-key", "no key has this secret"));
    }
}
