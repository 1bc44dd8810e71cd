package io.polyphon.contract;

import java.time.Instant;

/**
 * Event on {@link Topics#SAMPLES_RENDERED}: one sample is a MIDI file now, ready to store.
 *
 * @param midi   the standard MIDI file (base64 in JSON)
 * @param bars   bars of the sample
 * @param tracks tracks of the sample
 * @param notes  notes of the sample
 * @param score  the model's score of the sample ({@link SampleGenerated#score()}), or null
 */
public record SampleRendered(String jobId, int schemaVersion, Instant occurredAt, int sampleIndex, byte[] midi,
                             int bars, int tracks, int notes, Double score) implements Message {

    /** An unscored sample. */
    public SampleRendered(String jobId, int schemaVersion, Instant occurredAt, int sampleIndex, byte[] midi,
                          int bars, int tracks, int notes) {
        this(jobId, schemaVersion, occurredAt, sampleIndex, midi, bars, tracks, notes, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleRendered o && jobId.equals(o.jobId) && schemaVersion == o.schemaVersion
                && occurredAt.equals(o.occurredAt) && sampleIndex == o.sampleIndex
                && java.util.Arrays.equals(midi, o.midi) && bars == o.bars && tracks == o.tracks && notes == o.notes
                && java.util.Objects.equals(score, o.score);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(jobId, sampleIndex, java.util.Arrays.hashCode(midi));
    }
}
