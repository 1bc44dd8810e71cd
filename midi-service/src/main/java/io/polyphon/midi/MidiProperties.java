package io.polyphon.midi;

import io.polyphon.contract.InternalCredential;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.mmm.piece.ReadingGrid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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
 * @param maxAudioSeconds  longest piece rendered to audio, in seconds of music
 * @param audioConcurrency most audio renders at once (each holds a synthesizer and its whole WAV in memory)
 * @param soundbank        an SF2 or DLS file to render audio with; empty for the JDK's own General MIDI set
 * @param grid             how uploads are read onto the 12-tpq grid, {@code round} or {@code truncate}: the model's
 *                         {@code polyphon.grid}
 * @param internalSecret   the secret every caller of the HTTP API must show ({@code X-Polyphon-Internal}); no default
 */
@Validated
@ConfigurationProperties("polyphon.midi")
public record MidiProperties(@Positive long maxBytes, @Positive int maxTracks, @Positive int maxEvents,
                             @Positive int maxBars, @Positive int shardSize, @Positive int interactiveMax,
                             @Positive @Max(3600) int maxAudioSeconds, @Positive int audioConcurrency, String soundbank,
                             @Pattern(regexp = "round|truncate") String grid,
                             @NotBlank @Size(min = InternalCredential.MIN_LENGTH) String internalSecret) {

    public ReadingGrid readingGrid() {
        return grid == null || grid.isBlank() ? ReadingGrid.ROUND : ReadingGrid.byName(grid);
    }

    public MidiLimits limits() {
        return new MidiLimits(maxBytes, maxTracks, maxEvents, maxBars);
    }
}
