package io.polyphon.midi.reference;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;

import java.util.List;

/**
 * The track-mode tokens the reference tokenizer (MIDI-GPT 0.3.2) writes for the first bars of a MIDI file, with
 * attributes measured on that window: what {@code polyphon tokens} prints and {@code ReferenceGoldensTest} checks.
 */
public final class ReferenceTokenizer {

    private final MidiParser parser;
    private final AttributeFeatures features;

    public ReferenceTokenizer(MidiLimits limits, DensityTable densityTable) {
        this.parser = new MidiParser(limits);
        this.features = new AttributeFeatures(densityTable);
    }

    /** The first {@code bars} (4 or 8) bars of every track of {@code midi}, read on {@code grid}. */
    public List<Token> firstBars(byte[] midi, int bars, ReadingGrid grid) {
        MmmEncoder.numBarsValue(bars); // refuses a window other than 4 or 8 bars before any reading
        Piece piece = parser.readAsReference(midi, grid);
        if (piece.tracks().isEmpty()) {
            // With no track to count bars in, the reference's NUM_BARS falls back to its model_dim default, 4 bars.
            return List.of(new Token(TokenType.PIECE_START, 0), new Token(TokenType.NUM_BARS, MmmEncoder.numBarsValue(4)));
        }
        Piece window = piece.window(0, bars);
        return MmmEncoder.trackMode(window, features.of(window));
    }
}
