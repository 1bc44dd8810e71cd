package io.polyphon.storage.audit;

import io.polyphon.storage.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail over the internal API, for the gateway's admin API: newest first, of one key or all. */
@RestController
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    Page<AuditRecord> page(@RequestParam(required = false) String keyId,
                           @RequestParam(defaultValue = "0") @Min(0) int page,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return new Page<>(audit.page(keyId, Page.skip(page, size), size), page, size, audit.count(keyId));
    }
}
