package io.polyphon.standalone.client;

import java.util.Set;

/** One server-sent event: its id, its name, and its data (JSON for Polyphon's progress events). */
public record ServerSentEvent(String id, String name, String data) {

    private static final Set<String> ENDINGS = Set.of("completed", "failed", "cancelled");

    /** Whether this event ends its job's stream: completed, failed or cancelled. */
    public boolean isEnding() {
        return ENDINGS.contains(name);
    }
}
