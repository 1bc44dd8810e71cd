package io.polyphon.midi.inspect;

import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.features.TrackAttributes;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.Instruments;

import java.util.ArrayList;
import java.util.List;

/** Summarizes a piece: tracks with instrument and measured attributes, bars, meter, tempo and token counts. */
public final class PieceInspector {

    /** Bars per window when counting tokens: the longer of MMM's two window sizes. */
    private static final int WINDOW = 8;
    private static final List<String> DURATION_NAMES = List.of("32nd", "16th", "8th", "quarter", "half", "whole");

    private final AttributeFeatures features;

    public PieceInspector(DensityTable densityTable) {
        this.features = new AttributeFeatures(densityTable);
    }

    public PieceSummary summarize(Piece piece) {
        List<PieceSummary.TrackSummary> tracks = new ArrayList<>();
        List<TrackAttributes> attributes = features.of(piece);
        for (int t = 0; t < piece.tracks().size(); t++) {
            Track track = piece.tracks().get(t);
            TrackAttributes a = attributes.get(t);
            tracks.add(new PieceSummary.TrackSummary(t + 1, track.program(),
                    track.drum() ? "Drums" : Instruments.name(track.program()), track.drum(), track.noteCount(),
                    a.minPolyphony() + 1, a.maxPolyphony() + 1,
                    DURATION_NAMES.get(a.minDuration()), DURATION_NAMES.get(a.maxDuration()), a.density() + 1));
        }
        int total = 0;
        int longest = 0;
        for (int from = 0; from < piece.barCount(); from += WINDOW) {
            Piece window = piece.window(from, WINDOW);
            int length = MmmEncoder.trackMode(window, features.of(window)).size();
            total += length;
            longest = Math.max(longest, length);
        }
        return new PieceSummary(piece.barCount(), timeSignatureSpans(piece), piece.tempos().get(0).bpm(), tracks,
                total, longest);
    }

    private static List<PieceSummary.TimeSignatureSpan> timeSignatureSpans(Piece piece) {
        List<PieceSummary.TimeSignatureSpan> spans = new ArrayList<>();
        TimeSignature previous = null;
        for (int b = 0; b < piece.barCount(); b++) {
            TimeSignature signature = piece.timeSignatures().get(b);
            if (!signature.equals(previous)) spans.add(new PieceSummary.TimeSignatureSpan(b + 1, signature.toString()));
            previous = signature;
        }
        return spans;
    }
}
