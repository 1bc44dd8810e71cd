package io.polyphon.storage.sample;

import java.util.Optional;

/** A sample's id, {@code <jobId>:<index>}: the key that makes storing idempotent, and how the gateway names one. */
record SampleId(String jobId, int index) {

    static String of(String jobId, int index) {
        return jobId + ":" + index;
    }

    /** The id read from text, or empty if it is not {@code <jobId>:<index>} with an index of 0 or more. */
    static Optional<SampleId> parse(String id) {
        int colon = id.lastIndexOf(':');
        if (colon < 1 || colon == id.length() - 1) return Optional.empty();
        String index = id.substring(colon + 1);
        if (!index.chars().allMatch(Character::isDigit) || index.length() > 9) return Optional.empty();
        return Optional.of(new SampleId(id.substring(0, colon), Integer.parseInt(index)));
    }
}
