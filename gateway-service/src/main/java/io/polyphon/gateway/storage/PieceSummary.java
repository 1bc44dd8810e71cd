package io.polyphon.gateway.storage;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The shape of a piece's summary in the API document. The gateway passes the summary through as the MIDI service
 * wrote it (so a field it adds is not lost on the way), and a stack test keeps this record and that summary equal.
 */
@Schema(name = "PieceSummary", description = "What the MIDI service found in the piece: bars, metre, tempo, and "
        + "each track with its measured controls (the values a job's controls take).")
public record PieceSummary(
        @Schema(description = "Number of bars; bars count from 1", minimum = "1", example = "8") int bars,
        @ArraySchema(arraySchema = @Schema(description = "Each time signature and the bar it starts at"))
        List<TimeSignatureSpan> timeSignatures,
        @Schema(description = "The opening tempo in beats per minute", example = "120.0") double tempoBpm,
        @ArraySchema(arraySchema = @Schema(description = "One entry per track, in piece order")) List<TrackSummary> tracks,
        @Schema(description = "Tokens of the whole piece in 8-bar track-mode windows", example = "612") int tokenCount,
        @Schema(description = "Tokens of the longest 8-bar window: what the model must fit in its context",
                example = "612") int longestWindowTokens) {

    /** A time signature and the bar it holds from. */
    @Schema(name = "TimeSignatureSpan", description = "A time signature that holds from bar fromBar on")
    public record TimeSignatureSpan(
            @Schema(description = "The bar it starts at, from 1", minimum = "1", example = "1") int fromBar,
            @Schema(description = "numerator/denominator", example = "4/4") String timeSignature) {
    }

    /** One track and its measured attributes. */
    @Schema(name = "TrackSummary", description = "One track and its measured attributes (MMM's controls)")
    public record TrackSummary(
            @Schema(description = "Track number, from 1: what a job's tracks[].track names", minimum = "1",
                    example = "2") int number,
            @Schema(description = "General MIDI program 0..127 (for drums, the kit)", minimum = "0", maximum = "127",
                    example = "33") int program,
            @Schema(description = "The General MIDI instrument name, or Drums", example = "Electric Bass (finger)")
            String instrument,
            @Schema(description = "True for a drum track") boolean drum,
            @Schema(description = "Notes in the track", minimum = "0", example = "64") int notes,
            @Schema(description = "15th-percentile voices sounding together, 1..10", minimum = "1", maximum = "10")
            int minPolyphony,
            @Schema(description = "85th-percentile voices sounding together, 1..10", minimum = "1", maximum = "10")
            int maxPolyphony,
            @Schema(description = "15th-percentile note length class",
                    allowableValues = {"32nd", "16th", "8th", "quarter", "half", "whole"}) String minDuration,
            @Schema(description = "85th-percentile note length class",
                    allowableValues = {"32nd", "16th", "8th", "quarter", "half", "whole"}) String maxDuration,
            @Schema(description = "Note density level against the model's table, 1..10", minimum = "1", maximum = "10")
            int density) {
    }
}
