package io.polyphon.midi.parse;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MidiParserTest {

    private final MidiParser parser = new MidiParser(MidiLimits.DEFAULT);

    @Test
    void splitsATypeZeroFileIntoOneTrackPerChannel() {
        byte[] midi = new MidiBuilder(96)
                .program(0, 0, 0).program(1, 33, 0)
                .note(1, 40, 90, 0, 96).note(0, 60, 90, 0, 96).note(9, 36, 100, 0, 10)
                .bytes();
        Piece piece = parser.parse(midi);
        assertThat(piece.tracks()).extracting(Track::program, Track::drum)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, false),
                        org.assertj.core.groups.Tuple.tuple(33, false),
                        org.assertj.core.groups.Tuple.tuple(0, true));
    }

    @Test
    void aProgramChangeInTheMiddleOfATrackStartsANewTrack() {
        byte[] midi = new MidiBuilder(480).track()
                .program(0, 24, 0).note(0, 60, 90, 0, 480)
                .program(0, 40, 960).note(0, 62, 90, 960, 1440)
                .bytes();
        assertThat(parser.parse(midi).tracks()).extracting(Track::program).containsExactly(24, 40);
    }

    @Test
    void roundsOnsetsAndReleasesToTheTwelveTickGrid() {
        byte[] midi = new MidiBuilder(960).track()
                .note(0, 60, 90, 41, 1000) // 41/80 = 0.51 -> 1, 1000/80 = 12.5 -> 13
                .bytes();
        Note note = parser.parse(midi).tracks().get(0).bars().get(0).notes().get(0);
        assertThat(note.onset()).isEqualTo(1);
        assertThat(note.duration()).isEqualTo(12);
    }

    @Test
    void notesHeldAcrossBarsKeepTheirFullLength() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 1440, 1440 + 480 * 6).bytes();
        Piece piece = parser.parse(midi);
        assertThat(piece.barCount()).isEqualTo(3);
        assertThat(piece.tracks().get(0).bars().get(0).notes()).containsExactly(new Note(36, 72, 60, 90));
    }

    @Test
    void aNoteStruckAgainBeforeItsReleaseKeepsBothOnsetsReleasedFirstInFirstOut() {
        byte[] midi = new MidiBuilder(480).track()
                .noteOn(0, 60, 90, 0).noteOn(0, 60, 70, 240) // struck again before any release
                .noteOff(0, 60, 480).noteOff(0, 60, 720)
                .bytes();
        assertThat(parser.parse(midi).tracks().get(0).bars().get(0).notes())
                .containsExactly(new Note(0, 12, 60, 90), new Note(6, 12, 60, 70));
    }

    @Test
    void aNoteRepeatedAtTheTickOfItsReleaseKeepsBothNotesWhicheverComesFirstInTheFile() {
        byte[] onFirst = new MidiBuilder(480).track()
                .noteOn(0, 60, 90, 0).noteOn(0, 60, 80, 480).noteOff(0, 60, 480).noteOff(0, 60, 960)
                .bytes();
        byte[] offFirst = new MidiBuilder(480).track()
                .noteOn(0, 60, 90, 0).noteOff(0, 60, 480).noteOn(0, 60, 80, 480).noteOff(0, 60, 960)
                .bytes();
        for (byte[] midi : List.of(onFirst, offFirst)) {
            assertThat(parser.parse(midi).tracks().get(0).bars().get(0).notes())
                    .containsExactly(new Note(0, 12, 60, 90), new Note(12, 12, 60, 80));
        }
    }

    @Test
    void aNoteReleasedAtTheTickItStartsIsKeptOneTickLong() {
        byte[] midi = new MidiBuilder(480).track()
                .noteOn(0, 60, 90, 0).noteOff(0, 60, 0).note(0, 64, 80, 0, 480)
                .bytes();
        assertThat(parser.parse(midi).tracks().get(0).bars().get(0).notes())
                .containsExactly(new Note(0, 1, 60, 90), new Note(0, 12, 64, 80));
    }

    @Test
    void theTruncateGridTruncatesOnsetsAndLengthsWhereTheRoundGridRoundsThem() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 30, 500).bytes(); // 0.75 and 12.5 grid ticks
        assertThat(parser.parse(midi, ReadingGrid.ROUND).tracks().get(0).bars().get(0).notes())
                .containsExactly(new Note(1, 12, 60, 90));
        assertThat(parser.parse(midi, ReadingGrid.TRUNCATE).tracks().get(0).bars().get(0).notes())
                .containsExactly(new Note(0, 11, 60, 90));
    }

    @Test
    void aNoteRoundedOntoTheNextBarLineIsOnItsDownbeatForTheServiceAndDroppedByTheReference() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 0, 480).note(0, 64, 90, 1915, 2400).bytes();
        Piece service = parser.parse(midi, ReadingGrid.ROUND);
        assertThat(service.tracks().get(0).bars().get(1).notes()).containsExactly(new Note(0, 12, 64, 90));
        Piece reference = parser.readAsReference(midi, ReadingGrid.ROUND);
        assertThat(reference.tracks().get(0).bars().get(1).notes()).isEmpty();
        assertThat(reference.noteCount()).isEqualTo(1);
    }

    @Test
    void aFileTrackWithLyricsGivesTheReferenceAnEmptyPianoTrackAndTheServiceNone() {
        byte[] midi = new MidiBuilder(480).lyric("la", 0).track().program(0, 33, 0).note(0, 40, 90, 0, 480).bytes();
        assertThat(parser.readAsReference(midi, ReadingGrid.TRUNCATE).tracks())
                .extracting(Track::program, Track::noteCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0), org.assertj.core.groups.Tuple.tuple(33, 1));
        assertThat(parser.parse(midi, ReadingGrid.TRUNCATE).tracks()).extracting(Track::program).containsExactly(33);
    }

    @Test
    void aFileWithoutNotesIsAPieceWithoutTracksForTheReference() {
        byte[] midi = new MidiBuilder(480).tempo(500_000, 0).bytes();
        assertThat(parser.readAsReference(midi, ReadingGrid.ROUND).tracks()).isEmpty();
    }

    @Test
    void notesNeverReleasedAreDropped() {
        byte[] midi = new MidiBuilder(480).track().noteOn(0, 60, 90, 0).note(0, 64, 80, 480, 960).bytes();
        assertThat(parser.parse(midi).tracks().get(0).bars().get(0).notes()).extracting(Note::pitch).containsExactly(64);
    }

    @Test
    void drumsAreOneTickOnsetsOnChannelTen() {
        byte[] midi = new MidiBuilder(480).track().note(9, 38, 100, 480, 960).bytes();
        Track drums = parser.parse(midi).tracks().get(0);
        assertThat(drums.drum()).isTrue();
        assertThat(drums.bars().get(0).notes()).containsExactly(new Note(12, 1, 38, 100));
    }

    @Test
    void readsRunningStatusAndNoteOnVelocityZeroAsRelease() {
        // MThd, type 0, 1 track, 96 tpq; MTrk: note-on C4, then running-status note-on E4, then two velocity-0 releases
        byte[] midi = HexFormat.of().parseHex("4d546864000000060000000100604d54726b00000011"
                + "00903c50" + "00" + "4050" + "60" + "3c00" + "30" + "4000" + "00ff2f00");
        Piece piece = parser.parse(midi);
        assertThat(piece.tracks().get(0).bars().get(0).notes())
                .containsExactly(new Note(0, 12, 60, 80), new Note(0, 18, 64, 80));
    }

    @Test
    void barsFollowTimeSignatureChanges() {
        byte[] midi = new MidiBuilder(480).timeSignature(3, 4, 0).timeSignature(6, 8, 1440 * 2)
                .track().note(0, 60, 90, 0, 480).note(0, 62, 90, 1440 * 2, 1440 * 2 + 480)
                .bytes();
        Piece piece = parser.parse(midi);
        assertThat(piece.timeSignatures()).containsExactly(new TimeSignature(3, 4), new TimeSignature(3, 4),
                new TimeSignature(6, 8));
        assertThat(piece.tracks().get(0).bars().get(2).notes()).hasSize(1);
    }

    @Test
    void keepsTheTempoMap() {
        byte[] midi = new MidiBuilder(480).tempo(600_000, 0).tempo(400_000, 1920)
                .track().note(0, 60, 90, 0, 3840).bytes();
        assertThat(parser.parse(midi).tempos()).extracting(t -> t.tick() + "@" + t.microsPerQuarter())
                .containsExactly("0@600000", "48@400000");
    }

    @Test
    void rejectsMidiWithNoNotes() {
        byte[] midi = new MidiBuilder(480).tempo(500_000, 0).bytes();
        assertRejected(midi, Rejection.NO_NOTES);
    }

    @Test
    void rejectsSmpteTiming() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 0, 480).bytes();
        midi[12] = (byte) 0xE7; // -25 frames per second
        midi[13] = 40;
        assertRejected(midi, Rejection.SMPTE_TIMING);
    }

    @Test
    void rejectsFewerThanTwelveTicksPerQuarter() {
        assertRejected(new MidiBuilder(8).track().note(0, 60, 90, 0, 8).bytes(), Rejection.RESOLUTION_TOO_LOW);
    }

    @Test
    void rejectsATimeSignatureMmmCannotEncode() {
        byte[] midi = new MidiBuilder(480).timeSignature(7, 16, 0).track().note(0, 60, 90, 0, 480).bytes();
        assertThatThrownBy(() -> parser.parse(midi))
                .isInstanceOfSatisfying(MidiRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.UNSUPPORTED_TIME_SIGNATURE))
                .hasMessageContaining("7/16");
    }

    @Test
    void rejectsAFileThatIsNotMidi() {
        assertRejected("RIFF....WAVEfmt ".getBytes(), Rejection.NOT_MIDI);
    }

    @Test
    void rejectsATruncatedFile() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 0, 480).note(0, 62, 90, 480, 960).bytes();
        assertRejected(Arrays.copyOf(midi, midi.length - 5), Rejection.TRUNCATED);
    }

    @Test
    void rejectsAFileOverTheByteLimit() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 0, 480).bytes();
        assertThatThrownBy(() -> new MidiParser(new MidiLimits(20, 32, 1000, 100)).parse(midi))
                .isInstanceOfSatisfying(MidiRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.TOO_LARGE));
    }

    @Test
    void rejectsTooManyTracks() {
        MidiBuilder builder = new MidiBuilder(480).track();
        for (int program = 0; program < 5; program++) builder.program(0, program, program * 480L).note(0, 60, 90, program * 480L, program * 480L + 240);
        assertThatThrownBy(() -> new MidiParser(new MidiLimits(1 << 20, 4, 1000, 100)).parse(builder.bytes()))
                .isInstanceOfSatisfying(MidiRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.TOO_MANY_TRACKS));
    }

    @Test
    void rejectsTooManyEvents() {
        MidiBuilder builder = new MidiBuilder(480).track();
        for (int i = 0; i < 100; i++) builder.note(0, 60, 90, i * 480L, i * 480L + 240);
        assertThatThrownBy(() -> new MidiParser(new MidiLimits(1 << 20, 4, 150, 1000)).parse(builder.bytes()))
                .isInstanceOfSatisfying(MidiRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.TOO_MANY_EVENTS));
    }

    @Test
    void rejectsAPieceLongerThanTheBarLimit() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 1L << 27, (1L << 27) + 480).bytes();
        assertRejected(midi, Rejection.TOO_LONG);
    }

    private void assertRejected(byte[] midi, Rejection expected) {
        assertThatThrownBy(() -> parser.parse(midi))
                .isInstanceOfSatisfying(MidiRejectedException.class, e -> assertThat(e.rejection()).isEqualTo(expected));
    }
}
