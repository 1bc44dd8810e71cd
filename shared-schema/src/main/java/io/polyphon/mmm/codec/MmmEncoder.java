package io.polyphon.mmm.codec;

import io.polyphon.mmm.features.TrackAttributes;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.Instruments;
import io.polyphon.mmm.vocab.TimeSignatures;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.VelocityLevels;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static io.polyphon.mmm.vocab.TokenType.*;

/**
 * Writes a window of a piece as Yellow tokens, in track mode (PIECE_START 0, research §5.1) or bar-infill mode
 * (PIECE_START 1 with FILL_IN placeholders, §5.4). The window must be 4 or 8 bars; attributes are given per track
 * (measured by {@link io.polyphon.mmm.features.AttributeFeatures} or forced by a request).
 */
public final class MmmEncoder {

    /** Longest NOTE_DURATION, in ticks (8 quarter notes). */
    public static final int MAX_DURATION = 96;

    private MmmEncoder() {
    }

    /** Track-mode encoding of every track of {@code window}. */
    public static List<Token> trackMode(Piece window, List<TrackAttributes> attributes) {
        return encode(window, attributes, new TreeSet<>());
    }

    /**
     * Bar-infill encoding: each cell of {@code fills} is written as a placeholder in its track, and its notes after
     * the last track between FILL_IN_START and FILL_IN_END, in (track, bar) order.
     */
    public static List<Token> barInfill(Piece window, SortedSet<BarCell> fills, List<TrackAttributes> attributes) {
        if (fills.isEmpty()) throw new IllegalArgumentException("bar infill needs at least one cell to fill");
        return encode(window, attributes, fills);
    }

    /** The NUM_BARS value of a window of {@code bars} bars. */
    public static int numBarsValue(int bars) {
        return switch (bars) {
            case 4 -> 0;
            case 8 -> 1;
            default -> throw new IllegalArgumentException("MMM encodes windows of 4 or 8 bars, not " + bars);
        };
    }

    private static List<Token> encode(Piece window, List<TrackAttributes> attributes, SortedSet<BarCell> fills) {
        if (attributes.size() != window.tracks().size()) {
            throw new IllegalArgumentException(window.tracks().size() + " tracks but " + attributes.size() + " attribute sets");
        }
        List<Integer> signatureValues = signatureValues(window);
        List<Token> out = new ArrayList<>(64 + 8 * window.noteCount());
        out.add(new Token(PIECE_START, fills.isEmpty() ? 0 : 1));
        out.add(new Token(NUM_BARS, numBarsValue(window.barCount())));
        for (int t = 0; t < window.tracks().size(); t++) {
            Track track = window.tracks().get(t);
            out.add(new Token(TRACK, track.drum() ? 1 : 0));
            out.add(new Token(INSTRUMENT, Instruments.group(track.program())));
            writeAttributes(out, track.drum(), attributes.get(t));
            for (int b = 0; b < window.barCount(); b++) {
                out.add(Token.of(BAR));
                out.add(new Token(TIME_SIGNATURE, signatureValues.get(b)));
                if (fills.contains(new BarCell(t, b))) {
                    out.add(Token.of(FILL_IN_PLACEHOLDER));
                } else {
                    writeBarEvents(out, track.drum(), track.bars().get(b));
                }
                out.add(Token.of(BAR_END));
            }
            out.add(Token.of(TRACK_END));
        }
        for (BarCell cell : fills) {
            if (cell.track() >= window.tracks().size() || cell.bar() >= window.barCount()) {
                throw new IllegalArgumentException("fill cell outside the window: " + cell);
            }
            Track track = window.tracks().get(cell.track());
            out.add(Token.of(FILL_IN_START));
            writeBarEvents(out, track.drum(), track.bars().get(cell.bar()));
            out.add(Token.of(FILL_IN_END));
        }
        return out;
    }

    /** The attribute tokens that follow INSTRUMENT: four for a pitched track, density alone for drums. */
    static void writeAttributes(List<Token> out, boolean drum, TrackAttributes a) {
        if (drum) {
            out.add(new Token(DENSITY_LEVEL, a.density()));
        } else {
            out.add(new Token(MIN_POLYPHONY, a.minPolyphony()));
            out.add(new Token(MAX_POLYPHONY, a.maxPolyphony()));
            out.add(new Token(MIN_NOTE_DURATION, a.minDuration()));
            out.add(new Token(MAX_NOTE_DURATION, a.maxDuration()));
        }
    }

    /**
     * The events of one bar (§5.2): per onset time ascending, notes by pitch; TIME_ABSOLUTE when the time moves
     * past the last onset (never at tick 0); VELOCITY_LEVEL when the level changes, always for the bar's first note.
     */
    public static void writeBarEvents(List<Token> out, boolean drum, Bar bar) {
        int time = 0;
        int level = -1;
        for (Note note : bar.notes()) {
            if (note.onset() > time) {
                time = note.onset();
                out.add(new Token(TIME_ABSOLUTE, time));
            }
            int noteLevel = VelocityLevels.level(note.velocity());
            if (noteLevel != level) {
                level = noteLevel;
                out.add(new Token(VELOCITY_LEVEL, level));
            }
            out.add(new Token(NOTE_ONSET, note.pitch()));
            if (!drum) out.add(new Token(NOTE_DURATION, Math.min(note.duration(), MAX_DURATION) - 1));
        }
    }

    private static List<Integer> signatureValues(Piece window) {
        List<Integer> values = new ArrayList<>();
        for (TimeSignature signature : window.timeSignatures()) {
            values.add(TimeSignatures.valueOf(signature).orElseThrow(() ->
                    new IllegalArgumentException("time signature " + signature + " cannot be encoded by MMM")));
        }
        return values;
    }
}
