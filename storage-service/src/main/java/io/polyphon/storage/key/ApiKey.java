package io.polyphon.storage.key;

import java.time.Instant;
import java.util.List;

/**
 * An API key as anyone may see it: its id (the {@code owner} of pieces and jobs), its name, when it was made, its
 * scopes ({@code admin} may manage keys and read the audit), its state, and when it was last rotated and revoked.
 */
public record ApiKey(String id, String name, Instant createdAt, List<String> scopes, KeyState state,
                     Instant rotatedAt, Instant revokedAt) {

    /** The scope that may manage keys and read the audit. */
    public static final String ADMIN = "admin";

    public ApiKey {
        scopes = List.copyOf(scopes);
    }
}
