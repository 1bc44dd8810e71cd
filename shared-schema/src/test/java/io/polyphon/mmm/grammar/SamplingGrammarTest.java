package io.polyphon.mmm.grammar;

import io.polyphon.mmm.codec.BarCell;
import io.polyphon.mmm.codec.MmmDecoder;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Walks the grammar with a uniformly random "model": whatever it picks, the step completes and decodes. */
class SamplingGrammarTest {

    private final Vocabulary vocabulary = Vocabulary.of(IdLayout.MIDIGPT_2026);
    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());
    private final List<TimeSignature> bars = List.of(TimeSignature.FOUR_FOUR, new TimeSignature(3, 4),
            new TimeSignature(7, 8), TimeSignature.FOUR_FOUR);

    private Piece context() {
        Bar held = new Bar(List.of(new Note(0, 60, 60, 90), new Note(24, 96, 64, 80)));
        Track piano = new Track(0, false, List.of(held, Bar.EMPTY, held, Bar.EMPTY));
        Track drums = new Track(0, true, Collections.nCopies(4, new Bar(List.of(new Note(0, 1, 36, 100)))));
        return new Piece(bars, List.of(piano, drums), List.of());
    }

    /** Random walk; returns the generated tokens. Fails if ever nothing is allowed or the budget is overrun. */
    private List<Token> walk(SamplingGrammar grammar, int budget, Random random) {
        boolean[] allowed = new boolean[Vocabulary.SIZE];
        List<Token> out = new ArrayList<>();
        while (!grammar.finished()) {
            grammar.allowed(allowed, vocabulary);
            List<Integer> ids = new ArrayList<>();
            for (int id = 0; id < allowed.length; id++) if (allowed[id]) ids.add(id);
            assertThat(ids).as("tokens allowed after %s", out).isNotEmpty();
            Token token = vocabulary.token(ids.get(random.nextInt(ids.size())));
            grammar.accept(token);
            out.add(token);
            assertThat(out.size()).isLessThanOrEqualTo(budget);
        }
        return out;
    }

    @Test
    void randomTrackModeWalksAlwaysCompleteWithinTheirBudget() {
        Random random = new Random(7);
        Piece context = context();
        List<Token> prompt = MmmEncoder.trackMode(context, features.of(context));
        for (int run = 0; run < 300; run++) {
            List<TrackConstraints> outputs = List.of(
                    new TrackConstraints(false, 24, null, run % 3 == 0 ? 2 : null, null, null, run % 2 == 0 ? 3 : null,
                            run % 4, 1.0, List.of()),
                    new TrackConstraints(true, 0, run % 5 == 0 ? 7 : null, null, null, null, null, 3, 1.0, List.of()));
            SamplingGrammar grammar = new SamplingGrammar(StepSpec.trackMode(bars, outputs), Integer.MAX_VALUE);
            int budget = grammar.minimalCompletion() + random.nextInt(120);
            grammar = new SamplingGrammar(StepSpec.trackMode(bars, outputs), budget);
            List<Token> generated = walk(grammar, budget, random);

            List<Token> all = new ArrayList<>(prompt);
            all.addAll(generated);
            Piece decoded = MmmDecoder.decode(all, List.of());
            assertThat(decoded.tracks()).hasSize(4);
            assertThat(decoded.timeSignatures()).isEqualTo(bars);
            assertThat(decoded.tracks().get(3).drum()).isTrue();
            if (run % 3 == 0) assertThat(generated).contains(new Token(TokenType.MIN_POLYPHONY, 2));
            assertPolyphonyAtMost(decoded, decoded.tracks().get(2), run % 4);
        }
    }

    @Test
    void randomInfillWalksAlwaysCompleteAndRespectHeldNotes() {
        Random random = new Random(11);
        Piece context = context();
        TreeSet<BarCell> cells = new TreeSet<>(List.of(new BarCell(0, 1), new BarCell(0, 3), new BarCell(1, 2)));
        List<Token> encoded = MmmEncoder.barInfill(context, cells, features.of(context));
        List<Token> prompt = encoded.subList(0, encoded.indexOf(Token.of(TokenType.FILL_IN_START)) + 1);
        // the E4 struck at beat 3 of bar 1 rings 96 ticks: through all of bar 2 (a 3/4 bar of 36 ticks) and on
        List<SoundingNote> held = List.of(new SoundingNote(64, 24 + 96));
        for (int run = 0; run < 300; run++) {
            List<FillCell> fills = List.of(new FillCell(0, 1, false, 2, 1.0, held),
                    new FillCell(0, 3, false, 2, 1.0, List.of()), new FillCell(1, 2, true, 0, 1.0, List.of()));
            int budget = 6 + random.nextInt(100);
            List<Token> generated = walk(new SamplingGrammar(StepSpec.barInfill(bars, fills), budget), budget, random);
            List<Token> all = new ArrayList<>(prompt);
            all.addAll(generated);
            var bodies = MmmDecoder.fills(all);
            assertThat(bodies.keySet()).containsExactlyElementsOf(cells);
            assertThat(bodies.get(new BarCell(0, 1)).notes()).noneMatch(n -> n.pitch() == 64);
            List<Note> written = bodies.get(new BarCell(0, 1)).notes();
            for (Note n : written) { // the held E4 takes one of the two voices all bar long
                long sounding = written.stream()
                        .filter(o -> o.onset() <= n.onset() && o.onset() + o.duration() > n.onset()).count();
                assertThat(sounding + 1).isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void refusesAStepThatCannotFitItsBudget() {
        List<TrackConstraints> outputs = List.of(new TrackConstraints(false, 0, null, null, null, null, null, 0, 1.0, List.of()));
        assertThatThrownBy(() -> new SamplingGrammar(StepSpec.trackMode(bars, outputs), 10))
                .hasMessageContaining("needs at least");
    }

    private static void assertPolyphonyAtMost(Piece piece, Track track, int limit) {
        if (limit == 0) return;
        List<long[]> notes = new ArrayList<>();
        for (int b = 0; b < piece.barCount(); b++) {
            for (Note n : track.bars().get(b).notes()) {
                long onset = piece.barStart(b) + n.onset();
                notes.add(new long[]{onset, onset + Math.min(n.duration(), 96)});
            }
        }
        for (long[] n : notes) {
            long sounding = notes.stream().filter(o -> o[0] <= n[0] && o[1] > n[0]).count();
            assertThat(sounding).isLessThanOrEqualTo(limit);
        }
    }
}
