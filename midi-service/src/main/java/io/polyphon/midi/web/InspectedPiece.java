package io.polyphon.midi.web;

import io.polyphon.midi.inspect.PieceSummary;
import io.polyphon.mmm.piece.Piece;

/** The answer to an upload or an edit: the summary a person reads and the normalized piece the pipeline uses. */
public record InspectedPiece(PieceSummary summary, Piece piece) {
}
