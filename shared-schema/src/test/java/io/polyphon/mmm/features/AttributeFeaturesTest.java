package io.polyphon.mmm.features;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeFeaturesTest {

    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());

    @Test
    void durationClassesFollowMmmsBoundaries() {
        assertThat(List.of(1, 2, 3, 5, 6, 11, 12, 23, 24, 47, 48, 200).stream().map(AttributeFeatures::durationClass))
                .containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    }

    @Test
    void quantilesUseTheNearestRankRule() {
        assertThat(AttributeFeatures.quantile(new int[]{3, 2}, 0.15)).isEqualTo(2);
        assertThat(AttributeFeatures.quantile(new int[]{3, 2}, 0.85)).isEqualTo(3);
        assertThat(AttributeFeatures.quantile(new int[]{}, 0.85)).isEqualTo(0);
        assertThat(AttributeFeatures.quantile(new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.15)).isEqualTo(3);
    }

    @Test
    void aQuantileIndexHalfwayBetweenTwoRanksRoundsToEvenAsPythonDoes() {
        int[] zeroToTwentyNine = java.util.stream.IntStream.range(0, 30).toArray(); // 30 · 0.15 = 4.5
        assertThat(AttributeFeatures.quantile(zeroToTwentyNine, 0.15)).isEqualTo(4);
    }

    @Test
    void aDrumAverageHalfwayBetweenTwoCountsRoundsToEven() {
        Bar three = new Bar(List.of(new Note(0, 1, 36, 90), new Note(12, 1, 38, 90), new Note(24, 1, 36, 90)));
        Bar two = new Bar(List.of(new Note(0, 1, 36, 90), new Note(24, 1, 38, 90)));
        Track drums = new Track(0, true, List.of(three, two, Bar.EMPTY, Bar.EMPTY));
        Piece piece = new Piece(Collections.nCopies(4, TimeSignature.FOUR_FOUR), List.of(drums), List.of());
        assertThat(features.of(piece, drums).density()).isEqualTo(0); // 2.5 rounds to 2, the first drum threshold
    }

    @Test
    void polyphonyHearsNotesSustainedPastThePieceUpToTheLastReleaseAsTheReferenceDoes() {
        Bar last = new Bar(List.of(new Note(0, 96, 60, 90), new Note(0, 48, 64, 90)));
        Track piano = new Track(0, false, List.of(Bar.EMPTY, Bar.EMPTY, Bar.EMPTY, last));
        Piece piece = new Piece(Collections.nCopies(4, TimeSignature.FOUR_FOUR), List.of(piano), List.of());
        TrackAttributes a = features.of(piece, piano);
        assertThat(a.minPolyphony()).isEqualTo(0); // the 47 ticks of one voice past the bar line count
        assertThat(a.maxPolyphony()).isEqualTo(1);
    }

    @Test
    void aDrumTrackOfSixteenHitsPerBarIsDensityBinSeven() {
        List<Note> hits = java.util.stream.IntStream.range(0, 16).mapToObj(i -> new Note(i * 3, 1, 42, 90)).toList();
        Track drums = new Track(0, true, Collections.nCopies(4, new Bar(hits)));
        Piece piece = new Piece(Collections.nCopies(4, TimeSignature.FOUR_FOUR), List.of(drums), List.of());
        assertThat(features.of(piece, drums).density()).isEqualTo(7);
    }

    @Test
    void polyphonyCountsVoicesSoundingTogether() {
        Bar chord = new Bar(List.of(new Note(0, 48, 60, 90), new Note(0, 48, 64, 90), new Note(0, 48, 67, 90)));
        Track piano = new Track(0, false, Collections.nCopies(4, chord));
        Piece piece = new Piece(Collections.nCopies(4, TimeSignature.FOUR_FOUR), List.of(piano), List.of());
        TrackAttributes a = features.of(piece, piano);
        assertThat(a.minPolyphony()).isEqualTo(2); // three voices = value 2
        assertThat(a.maxPolyphony()).isEqualTo(2);
        assertThat(a.minDuration()).isEqualTo(5);
    }

    @Test
    void densityTableRoundTripsThroughItsJsonForm() {
        DensityTable table = DensityTable.yellow();
        assertThat(DensityTable.fromJson(table.toJson()).toJson()).isEqualTo(table.toJson());
        assertThat(table.bin(0, false, 2)).isEqualTo(0);
        assertThat(table.bin(0, false, 3)).isEqualTo(1);
        assertThat(table.bin(0, false, 1000)).isEqualTo(9);
    }
}
