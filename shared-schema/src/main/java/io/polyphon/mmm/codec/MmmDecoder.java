package io.polyphon.mmm.codec;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TempoChange;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.Instruments;
import io.polyphon.mmm.vocab.TimeSignatures;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import io.polyphon.mmm.vocab.VelocityLevels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.polyphon.mmm.vocab.TokenType.*;

/**
 * Reads Yellow tokens back into a piece (research §10.8): instrument groups become their first program, velocity
 * levels their bin's representative velocity, and in bar-infill mode every FILL_IN_START…FILL_IN_END body is spliced
 * into its placeholder. Malformed sequences are refused with the position of the offending token.
 */
public final class MmmDecoder {

    private final List<Token> tokens;
    private int pos;

    private MmmDecoder(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The piece a complete token sequence describes, with the given tempo map (tokens carry no tempo). */
    public static Piece decode(List<Token> tokens, List<TempoChange> tempos) {
        Decoded decoded = new MmmDecoder(tokens).read();
        List<Track> tracks = new ArrayList<>(decoded.tracks());
        decoded.fills().forEach((cell, bar) -> {
            Track track = tracks.get(cell.track());
            List<Bar> bars = new ArrayList<>(track.bars());
            bars.set(cell.bar(), bar);
            tracks.set(cell.track(), new Track(track.program(), track.drum(), bars));
        });
        return new Piece(decoded.timeSignatures(), tracks, tempos);
    }

    /** The bodies of a bar-infill sequence's fills, keyed by the cell each placeholder stands for, in fill order. */
    public static Map<BarCell, Bar> fills(List<Token> tokens) {
        return new MmmDecoder(tokens).read().fills();
    }

    private record Decoded(List<TimeSignature> timeSignatures, List<Track> tracks, Map<BarCell, Bar> fills) {
    }

    private Decoded read() {
        int mode = expect(PIECE_START).value();
        int numBars = expect(NUM_BARS).value() == 0 ? 4 : 8;
        List<TimeSignature> signatures = null;
        List<Track> tracks = new ArrayList<>();
        List<BarCell> placeholders = new ArrayList<>();
        while (pos < tokens.size() && peek() == TRACK) {
            boolean drum = next().value() == 1;
            int program = Instruments.program(expect(INSTRUMENT).value());
            if (drum) {
                expect(DENSITY_LEVEL);
            } else {
                expect(MIN_POLYPHONY);
                expect(MAX_POLYPHONY);
                expect(MIN_NOTE_DURATION);
                expect(MAX_NOTE_DURATION);
            }
            List<TimeSignature> trackSignatures = new ArrayList<>();
            List<Bar> bars = new ArrayList<>();
            for (int b = 0; b < numBars; b++) {
                expect(BAR);
                TimeSignature signature = TimeSignatures.of(expect(TIME_SIGNATURE).value());
                trackSignatures.add(signature);
                if (pos < tokens.size() && peek() == FILL_IN_PLACEHOLDER) {
                    next();
                    placeholders.add(new BarCell(tracks.size(), b));
                    bars.add(Bar.EMPTY);
                    expect(BAR_END);
                } else {
                    bars.add(readBarEvents(drum, signature, BAR_END));
                }
            }
            expect(TRACK_END);
            if (signatures == null) {
                signatures = trackSignatures;
            } else if (!signatures.equals(trackSignatures)) {
                throw malformed("track " + (tracks.size() + 1) + " has other time signatures than track 1");
            }
            tracks.add(new Track(program, drum, bars));
        }
        if (signatures == null) signatures = new ArrayList<>(java.util.Collections.nCopies(numBars, TimeSignature.FOUR_FOUR));
        Map<BarCell, Bar> fills = new LinkedHashMap<>();
        if (mode == 1) {
            for (BarCell cell : placeholders) {
                if (pos >= tokens.size()) break;
                expect(FILL_IN_START);
                boolean drum = tracks.get(cell.track()).drum();
                fills.put(cell, readBarEvents(drum, signatures.get(cell.bar()), FILL_IN_END));
            }
        }
        if (pos != tokens.size()) throw malformed("unexpected " + tokens.get(pos) + " after the end of the piece");
        return new Decoded(signatures, tracks, fills);
    }

    private Bar readBarEvents(boolean drum, TimeSignature signature, TokenType end) {
        List<Note> notes = new ArrayList<>();
        int time = 0;
        int velocity = 100;
        while (true) {
            Token token = next();
            switch (token.type()) {
                case TIME_ABSOLUTE -> time = token.value();
                case VELOCITY_LEVEL -> velocity = VelocityLevels.velocity(Math.max(1, token.value()));
                case NOTE_ONSET -> {
                    if (time >= signature.ticks()) {
                        throw malformed("note at tick " + time + " is past the end of a " + signature + " bar");
                    }
                    int duration = drum ? 1 : expect(NOTE_DURATION).value() + 1;
                    notes.add(new Note(time, duration, token.value(), velocity));
                }
                default -> {
                    if (token.type() == end) return new Bar(notes);
                    throw malformed("unexpected " + token + " inside a bar");
                }
            }
        }
    }

    private TokenType peek() {
        return tokens.get(pos).type();
    }

    private Token next() {
        if (pos >= tokens.size()) throw malformed("the sequence ends in the middle of the piece");
        return tokens.get(pos++);
    }

    private Token expect(TokenType type) {
        Token token = next();
        if (token.type() != type) throw new MalformedTokensException(pos - 1, "expected " + type + ", found " + token);
        return token;
    }

    private MalformedTokensException malformed(String reason) {
        return new MalformedTokensException(pos, reason);
    }
}
