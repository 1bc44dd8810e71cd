package io.polyphon.storage.key;

import java.time.Instant;

/** An API key as anyone may see it: its id (the {@code owner} of pieces and jobs), its name, when it was made. */
public record ApiKey(String id, String name, Instant createdAt) {
}
