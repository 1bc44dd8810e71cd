package io.polyphon.worker.engine;

import io.polyphon.mmm.codec.BarCell;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.plan.Step;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompts the plans give a 4-bar model for an infill of bars 1-4 of a one-track 8-bar piece. */
class StepPromptTest {

    private static final int MODEL_DIM = 4;
    private static final int CONTEXT = 1024;

    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());

    /** Bar b (from 0) holds a quarter note of pitch 60 + b on each beat, so a prompt shows which bars it holds. */
    private final Piece piece = new Piece(Collections.nCopies(8, TimeSignature.FOUR_FOUR), List.of(new Track(0, false,
            IntStream.range(0, 8).mapToObj(b -> new Bar(IntStream.range(0, 4)
                    .mapToObj(beat -> new Note(beat * 12, 12, 60 + b, 80)).toList())).toList())), List.of());

    private List<StepPrompt> prompts(int barsPerStep) {
        GenerationRequest request = new GenerationRequest(1, 7, 1.0, List.of(TrackRequest.infill(1, List.of(1, 2, 3, 4))),
                List.of(), barsPerStep);
        PreparedRequest prepared = PreparedRequest.of(piece, request, MODEL_DIM);
        List<StepPrompt> prompts = new ArrayList<>();
        for (Step step : prepared.steps()) prompts.add(StepPrompt.build(piece, step, prepared, features, CONTEXT));
        return prompts;
    }

    /** Bars (from 0) whose notes the prompt shows. */
    private static List<Integer> barsShown(StepPrompt prompt) {
        return prompt.prompt().stream().filter(t -> t.type() == TokenType.NOTE_ONSET).map(t -> t.value() - 60)
                .distinct().sorted().toList();
    }

    @Test
    void theDefaultPlanShowsEveryStepBarsOfThePieceBeyondItsTargets() {
        List<StepPrompt> prompts = prompts(0);
        assertThat(prompts).hasSize(2);
        for (StepPrompt prompt : prompts) {
            int lastTarget = prompt.step().targets().stream().mapToInt(BarCell::bar).max().orElseThrow();
            assertThat(barsShown(prompt)).as("bars shown to the step writing %s", prompt.step().targets())
                    .anyMatch(bar -> bar > lastTarget);
        }
        assertThat(barsShown(prompts.get(1))).contains(1, 4); // bars 3-4 hear bar 2 before and bar 5 after them
    }

    @Test
    void theWholeWindowPlanWritesBarsOneToFourFromATwoTokenPrompt() {
        List<StepPrompt> prompts = prompts(MODEL_DIM);
        assertThat(prompts).hasSize(1);
        assertThat(prompts.get(0).prompt()).containsExactly(new Token(TokenType.PIECE_START, 0), new Token(TokenType.NUM_BARS, 0));
    }
}
