package io.polyphon.midi;

import io.polyphon.midi.parse.MidiLimits;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the MIDI service ({@code polyphon.midi.*} in midi-service.yml).
 *
 * @param maxBytes  largest MIDI upload accepted, in bytes
 * @param maxTracks most instrument tracks in a piece
 * @param maxEvents most MIDI events in a file
 * @param maxBars   most bars in a piece
 * @param shardSize      most samples in one shard (a worker decodes a shard as one batch)
 * @param interactiveMax largest job that goes to the interactive lane
 */
@Validated
@ConfigurationProperties("polyphon.midi")
public record MidiProperties(@Positive long maxBytes, @Positive int maxTracks, @Positive int maxEvents,
                             @Positive int maxBars, @Positive int shardSize, @Positive int interactiveMax) {

    public MidiLimits limits() {
        return new MidiLimits(maxBytes, maxTracks, maxEvents, maxBars);
    }
}
