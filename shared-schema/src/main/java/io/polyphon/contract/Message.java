package io.polyphon.contract;

import java.time.Instant;

/** What every message between the services carries: the job it is about, its wire version, and when it happened. */
public interface Message {

    /** The wire format's version; a consumer refuses a version it does not know. */
    int SCHEMA_VERSION = 1;

    String jobId();

    int schemaVersion();

    Instant occurredAt();
}
