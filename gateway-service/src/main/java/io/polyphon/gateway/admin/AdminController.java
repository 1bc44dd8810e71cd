package io.polyphon.gateway.admin;

import io.polyphon.gateway.storage.Page;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.AuditRecord;
import io.polyphon.gateway.storage.StorageClient.IssuedKey;
import io.polyphon.gateway.storage.StorageClient.KeyView;
import io.polyphon.gateway.web.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The admin API, for keys with the {@code admin} scope only (the key filter answers any other key 403
 * {@code admin-only}): create, list, rotate and revoke API keys, and read the audit trail of keys used and jobs made.
 */
@Tag(name = "Admin", description = "API keys and the audit trail; an admin key only")
@RestController
@RequestMapping("/v1/admin")
class AdminController {

    private static final String BAD_PAGE = "malformed-request: page below 0, or size outside 1..1000";

    private final StorageClient storage;

    AdminController(StorageClient storage) {
        this.storage = storage;
    }

    /** A key to create: its name, and whether it is an admin key. */
    @Schema(description = "A key to create")
    record NewKey(@Schema(description = "What the key is for, 1..200 characters") @NotBlank @Size(max = 200) String name,
                  @Schema(description = "Whether the key may use the admin API") boolean admin) {
    }

    @Operation(summary = "Create an API key", description = "The answer holds the key's secret: the only time it is shown.")
    @Refusal(status = 403, codes = "admin-only: this key may not use the admin API")
    @Refusal(status = 400, codes = "invalid-request: a name is 1..200 characters")
    @PostMapping("/keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKey create(@Valid @RequestBody NewKey key) {
        return storage.createKey(key.name().trim(), key.admin() ? List.of("admin") : List.of());
    }

    @Operation(summary = "List API keys", description = "Newest first, without their secrets.")
    @Refusal(status = 403, codes = "admin-only: this key may not use the admin API")
    @Refusal(status = 400, codes = BAD_PAGE)
    @GetMapping("/keys")
    Page<KeyView> keys(@RequestParam(defaultValue = "0") @Min(0) int page,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return storage.keys(page, size);
    }

    @Operation(summary = "Rotate an API key",
            description = "A new secret for the same key (what it owns stays its); the old secret is refused within "
                    + "the gateways' key-cache TTL.")
    @Refusal(status = 403, codes = "admin-only: this key may not use the admin API")
    @Refusal(status = 404, codes = "unknown-key: there is no such key")
    @Refusal(status = 409, codes = "key-revoked: a revoked key stays revoked")
    @PostMapping("/keys/{id}/rotate")
    IssuedKey rotate(@PathVariable String id) {
        return storage.rotateKey(id);
    }

    @Operation(summary = "Revoke an API key", description = "For good; refused within the gateways' key-cache TTL.")
    @Refusal(status = 403, codes = "admin-only: this key may not use the admin API")
    @Refusal(status = 404, codes = "unknown-key: there is no such key")
    @PostMapping("/keys/{id}/revoke")
    KeyView revoke(@PathVariable String id) {
        return storage.revokeKey(id);
    }

    @Operation(summary = "Read the audit trail",
            description = "Newest first: keys created, used (checked by a gateway), rotated and revoked, and jobs "
                    + "created; of one key with keyId.")
    @Refusal(status = 403, codes = "admin-only: this key may not use the admin API")
    @Refusal(status = 400, codes = BAD_PAGE)
    @GetMapping("/audit")
    Page<AuditRecord> audit(@RequestParam(required = false) String keyId,
                            @RequestParam(defaultValue = "0") @Min(0) int page,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return storage.audit(keyId, page, size);
    }
}
