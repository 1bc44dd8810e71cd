package io.polyphon.standalone.client;

/** One server-sent event: its id, its name, and its data (JSON for Polyphon's progress events). */
public record ServerSentEvent(String id, String name, String data) {
}
