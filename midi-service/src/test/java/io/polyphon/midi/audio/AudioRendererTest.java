package io.polyphon.midi.audio;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AudioRendererTest {

    private static final int TPQ = 480;
    private static final int BAR = 4 * TPQ;
    /** Well above the synthesizer's noise floor (digital silence is 0) and well below a played note. */
    private static final double SILENCE = 20;

    private final MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
    private final AudioRenderer renderer = new AudioRenderer(null, 2, 600);

    @Test
    void writesMonoSixteenBitPcmWavAt22050Hz() throws Exception {
        AudioFormat format = AudioSystem.getAudioInputStream(new ByteArrayInputStream(renderer.render(piano(120, 4)))).getFormat();

        assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(format.getSampleRate()).isEqualTo(22_050f);
        assertThat(format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(format.isBigEndian()).isFalse();
    }

    @Test
    void fourBarsAt120BpmLastEightSecondsPlusTheTail() throws Exception {
        assertThat(Wav.of(renderer.render(piano(120, 4))).seconds()).isCloseTo(9.0, within(0.01));
    }

    @Test
    void fourBarsAt60BpmLastTwiceAsLong() throws Exception {
        assertThat(Wav.of(renderer.render(piano(60, 4))).seconds()).isCloseTo(17.0, within(0.01));
    }

    @Test
    void soundsWhereThePieceHasNotesAndIsSilentInBarsWithout() throws Exception {
        // notes in bars 1 and 2 only; bar 4 (6 s to 8 s) is past every note's release
        Wav wav = Wav.of(renderer.render(piano(120, 2, 4)));

        assertThat(wav.rms(0.1, 3.9)).isGreaterThan(10 * SILENCE);
        assertThat(wav.rms(6.0, 8.0)).isLessThan(SILENCE);
    }

    @Test
    void aNoteAfterATempoChangeSoundsWhenTheNewTempoPutsIt() throws Exception {
        // bars 1-2 at 120 BPM (4 s), then 60 BPM: the one note, on bar 3's downbeat, starts at 4 s and not at 8 s
        byte[] midi = new MidiBuilder(TPQ).timeSignature(4, 4, 0).tempo(500_000, 0).tempo(1_000_000, 2 * BAR)
                .track().program(0, 0, 0).note(0, 60, 100, 2 * BAR, 3 * BAR).bytes();
        Wav wav = Wav.of(renderer.render(parser.parse(midi)));

        assertThat(wav.rms(0.0, 3.95)).isLessThan(SILENCE);
        assertThat(wav.rms(4.05, 5.0)).isGreaterThan(10 * SILENCE);
        assertThat(wav.seconds()).isCloseTo(4 + 4 + 1, within(0.01));
    }

    @Test
    void drumsSoundUnlikeAPiano() throws Exception {
        MidiBuilder drums = new MidiBuilder(TPQ).timeSignature(4, 4, 0).tempo(500_000, 0).track();
        for (int beat = 0; beat < 8; beat++) drums.note(9, beat % 2 == 0 ? 42 : 38, 100, beat * TPQ, beat * TPQ + 10);

        Wav kit = Wav.of(renderer.render(parser.parse(drums.bytes())));
        Wav piano = Wav.of(renderer.render(piano(120, 2)));

        // noise (hi-hat, snare) crosses zero far more often than a piano's low C
        assertThat(kit.zeroCrossingsPerSecond(0, 4)).isGreaterThan(3 * piano.zeroCrossingsPerSecond(0, 4));
    }

    @Test
    void refusesAPieceLongerThanTheLimit() {
        AudioRenderer short5 = new AudioRenderer(null, 1, 5);

        assertThatThrownBy(() -> short5.render(piano(120, 4)))
                .isInstanceOfSatisfying(AudioRefusedException.class, e -> assertThat(e.problem()).isEqualTo(AudioProblem.TOO_LONG))
                .hasMessageContaining("8 s").hasMessageContaining("at most 5 s");
    }

    @Test
    void answersBusyWhileEverySynthesizerIsRendering() {
        AudioRenderer full = new AudioRenderer(null, new Semaphore(0), Duration.ZERO, 600);

        assertThatThrownBy(() -> full.render(piano(120, 1)))
                .isInstanceOfSatisfying(AudioRefusedException.class, e -> assertThat(e.problem()).isEqualTo(AudioProblem.BUSY));
    }

    @Test
    void playsWithAConfiguredSoundbankFile(@TempDir Path dir) throws Exception {
        // the JDK's own set written out as an SF2 file stands in for TimGM6mb or FluidR3
        Soundbank builtIn = MidiSystem.getSynthesizer().getDefaultSoundbank();
        File sf2 = dir.resolve("gm.sf2").toFile();
        builtIn.getClass().getMethod("save", File.class).invoke(builtIn, sf2);

        AudioRenderer fromFile = new AudioRenderer(AudioRenderer.loadSoundbank(sf2.getPath()), 1, 600);

        assertThat(Wav.of(fromFile.render(piano(120, 2))).rms(0.1, 3.9)).isGreaterThan(10 * SILENCE);
    }

    @Test
    void refusesToStartWithASoundbankThatCannotBeRead(@TempDir Path dir) {
        String missing = dir.resolve("missing.sf2").toString();

        assertThatThrownBy(() -> AudioRenderer.loadSoundbank(missing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("polyphon.midi.soundbank").hasMessageContaining(missing);
    }

    /** A piano playing a low C every beat of the first {@code playedBars} of {@code bars} 4/4 bars. */
    private Piece piano(int bpm, int playedBars, int bars) {
        MidiBuilder file = new MidiBuilder(TPQ).timeSignature(4, 4, 0).tempo(60_000_000 / bpm, 0).track().program(0, 0, 0);
        for (int beat = 0; beat < 4 * playedBars; beat++) file.note(0, 48, 100, beat * TPQ, beat * TPQ + TPQ / 2);
        return parser.parse(file.bytes()).window(0, bars); // pads with empty bars
    }

    private Piece piano(int bpm, int bars) {
        return piano(bpm, bars, bars);
    }
}
