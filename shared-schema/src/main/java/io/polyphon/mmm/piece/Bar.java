package io.polyphon.mmm.piece;

import java.util.Comparator;
import java.util.List;

/** The notes of one track in one bar, kept sorted by onset, then pitch (the order MMM encodes them in). */
public record Bar(List<Note> notes) {

    static final Comparator<Note> ENCODING_ORDER =
            Comparator.comparingInt(Note::onset).thenComparingInt(Note::pitch);

    public static final Bar EMPTY = new Bar(List.of());

    public Bar {
        notes = notes.stream().sorted(ENCODING_ORDER).toList();
    }

    /** Whether any note starts in this bar (not a getter, so the JSON form stays the record's components). */
    public boolean hasNotes() {
        return !notes.isEmpty();
    }
}
