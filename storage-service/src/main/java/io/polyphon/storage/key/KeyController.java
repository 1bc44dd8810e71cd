package io.polyphon.storage.key;

import io.polyphon.storage.audit.AuditLog;
import io.polyphon.storage.web.NotFoundException;
import io.polyphon.storage.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * API keys over the internal HTTP API, for the gateway: issue one (the only time its secret is shown), tell which
 * active key a secret belongs to (and record that use), list them, rotate one (a new secret, the same key) and revoke
 * one for good. Verifying is a POST so that secrets stay out of URLs and access logs.
 */
@RestController
class KeyController {

    private final KeyRepository keys;
    private final AuditLog audit;
    private final Secrets secrets = new Secrets();
    private final Clock clock;

    KeyController(KeyRepository keys, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param scopes what the key may do beyond its own pieces and jobs: none, or {@code ["admin"]} */
    record NewKey(@NotBlank @Size(max = 200) String name,
                  @Size(max = 1) List<@Pattern(regexp = ApiKey.ADMIN) String> scopes) {
    }

    /** A key just issued or rotated, with the secret its owner must keep: storage cannot show it again. */
    record IssuedKey(String id, String name, String secret, Instant createdAt, List<String> scopes) {
    }

    record Verify(@NotBlank String secret) {
    }

    @PostMapping("/keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKey issue(@Valid @RequestBody NewKey body) {
        String secret = secrets.next();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), body.name(), clock.instant(),
                body.scopes() == null ? List.of() : body.scopes(), KeyState.ACTIVE, null, null);
        keys.insert(key, Secrets.hash(secret));
        audit.record(AuditLog.KEY_CREATED, key.id(), null, key.name());
        return new IssuedKey(key.id(), key.name(), secret, key.createdAt(), key.scopes());
    }

    /** The active key of this secret; each answer is a use of the key, and goes on the audit trail. */
    @PostMapping("/keys/verify")
    ApiKey verify(@Valid @RequestBody Verify body) {
        ApiKey key = keys.findActiveBySecretSha256(Secrets.hash(body.secret()))
                .orElseThrow(() -> new NotFoundException("unknown-key", "no active key has this secret"));
        audit.record(AuditLog.KEY_USED, key.id(), null, null);
        return key;
    }

    /** Every key, newest first, without secrets. */
    @GetMapping("/keys")
    Page<ApiKey> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return new Page<>(keys.page(Page.skip(page, size), size), page, size, keys.count());
    }

    /** A new secret for the key; the old one is refused from now on (a gateway that remembers it, within its TTL). */
    @PostMapping("/keys/{id}/rotate")
    IssuedKey rotate(@PathVariable String id) {
        ApiKey key = existing(id);
        if (!key.state().canMoveTo(KeyState.ACTIVE)) throw conflict(key.state());
        String secret = secrets.next();
        if (!keys.rotate(id, Secrets.hash(secret), clock.instant())) throw conflict(existing(id).state());
        audit.record(AuditLog.KEY_ROTATED, id, null, null);
        return new IssuedKey(id, key.name(), secret, key.createdAt(), key.scopes());
    }

    /** Revokes the key for good; revoking a revoked key again is answered with it as it is. */
    @PostMapping("/keys/{id}/revoke")
    ApiKey revoke(@PathVariable String id) {
        ApiKey key = existing(id);
        if (!key.state().canMoveTo(KeyState.REVOKED)) return key;
        if (keys.revoke(id, clock.instant())) audit.record(AuditLog.KEY_REVOKED, id, null, null);
        return existing(id);
    }

    private ApiKey existing(String id) {
        return keys.find(id).orElseThrow(() -> new NotFoundException("unknown-key", "there is no key " + id));
    }

    /** A move the key's state does not allow: rotating a revoked key. */
    static ErrorResponseException conflict(KeyState state) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the key is " + state.name().toLowerCase(java.util.Locale.ROOT) + ": a revoked key stays revoked; "
                        + "create a new one instead");
        problem.setProperty("code", "key-revoked");
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
