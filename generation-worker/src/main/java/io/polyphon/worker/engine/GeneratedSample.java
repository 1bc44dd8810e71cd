package io.polyphon.worker.engine;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.Token;

import java.util.List;

/**
 * One finished sample: its index in the job, the piece, the token sequence of each step (prompt followed by what
 * the model wrote, kept so a test or a curious user can see exactly what was asked and answered) and how many
 * tokens the model wrote in all.
 */
public record GeneratedSample(int index, Piece piece, List<List<Token>> steps, int generatedTokens) {
}
