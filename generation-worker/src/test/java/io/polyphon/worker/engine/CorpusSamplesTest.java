package io.polyphon.worker.engine;

import io.polyphon.midi.Corpus;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.TrackAttributes;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.NoteLength;
import io.polyphon.mmm.request.TrackAction;
import io.polyphon.mmm.request.TrackRequest;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of samples from corpus songs with the bundled model, over every kind of request: each one is valid, and
 * the test reports how often a generated track's measured attributes land within one level of the request.
 */
class CorpusSamplesTest {

    private static final String[] SONGS = {"songs/6338816_Etude_No._4.mid", "songs/6354774_Macabre_Waltz.mid",
            "songs/POP909_008.mid", "songs/I_Gotta_Feeling.mid", "songs/Funkytown.mid"};
    private static final int SAMPLES_PER_REQUEST = 10;

    private static OnnxLanguageModel model;
    private static GenerationEngine engine;

    @BeforeAll
    static void load() {
        model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU);
        engine = new GenerationEngine(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<GenerationRequest> requests(Piece piece, long seed) {
        int tracks = piece.tracks().size();
        int last = tracks;
        Controls dense = new Controls(7, null, null, null, null, null);
        Controls shaped = new Controls(null, 1, 2, NoteLength.EIGHTH, NoteLength.QUARTER, 2);
        List<TrackRequest> multi = tracks == 1
                ? List.of(TrackRequest.infill(1, List.of(1, 4, 7)))
                : tracks == 2
                ? List.of(TrackRequest.infill(1, List.of(1, 4)), TrackRequest.infill(2, List.of(2, 7)))
                : List.of(TrackRequest.infill(1, List.of(1, 4)), TrackRequest.infill(last, List.of(2, 7)),
                        TrackRequest.ignore(2));
        return List.of(
                request(seed, List.of(TrackRequest.infill(1, List.of(2, 3))), List.of()),
                request(seed, List.of(TrackRequest.infill(last, List.of(5, 6, 7, 8))), List.of()),
                request(seed, List.of(new TrackRequest(1, TrackAction.REGENERATE, List.of(), shaped, 1.2)), List.of()),
                request(seed, List.of(), List.of(new NewTrack(33, false, shaped, null))),
                request(seed, List.of(), List.of(new NewTrack(0, true, dense, 0.9))),
                request(seed, multi, List.of()));
    }

    private static GenerationRequest request(long seed, List<TrackRequest> tracks, List<NewTrack> added) {
        return new GenerationRequest(SAMPLES_PER_REQUEST, seed, 1.0, tracks, added, 0);
    }

    @Test
    void everySampleOfEveryKindOfRequestIsValid() {
        MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
        AttributeFeatures features = new AttributeFeatures(model.metadata().densityTable());
        int samples = 0;
        int attributeChecks = 0;
        int withinOneLevel = 0;
        long start = System.nanoTime();
        for (String song : SONGS) {
            Piece piece = parser.parse(Corpus.read(song)).window(0, 8);
            for (GenerationRequest request : requests(piece, song.hashCode())) {
                for (GeneratedSample sample : engine.generate(piece, request, 0, request.count(), GenerationListener.NONE)) {
                    SampleChecks.assertValid(piece, request, sample.piece());
                    samples++;
                    for (int k = 0; k < request.newTracks().size(); k++) {
                        Controls c = request.newTracks().get(k).controls();
                        Track track = sample.piece().tracks().get(piece.tracks().size() + k);
                        TrackAttributes measured = features.of(sample.piece(), track);
                        if (c.density() != null) {
                            assertRequestedTokenPresent(sample, TokenType.DENSITY_LEVEL, c.density() - 1);
                            attributeChecks++;
                            if (Math.abs(measured.density() - (c.density() - 1)) <= 1) withinOneLevel++;
                        }
                        if (c.maxPolyphony() != null) {
                            assertRequestedTokenPresent(sample, TokenType.MAX_POLYPHONY, c.maxPolyphony() - 1);
                            attributeChecks++;
                            if (Math.abs(measured.maxPolyphony() - (c.maxPolyphony() - 1)) <= 1) withinOneLevel++;
                        }
                        if (c.maxDuration() != null) {
                            assertRequestedTokenPresent(sample, TokenType.MAX_NOTE_DURATION, c.maxDuration().ordinal());
                            attributeChecks++;
                            if (Math.abs(measured.maxDuration() - c.maxDuration().ordinal()) <= 1) withinOneLevel++;
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("corpus samples: %d valid samples in %.1f s; measured attribute within one level of the "
                + "request in %d of %d checks (%.0f %%)%n", samples, seconds, withinOneLevel, attributeChecks,
                100.0 * withinOneLevel / Math.max(1, attributeChecks));
        assertThat(samples).isEqualTo(SONGS.length * 6 * SAMPLES_PER_REQUEST);
    }

    private static void assertRequestedTokenPresent(GeneratedSample sample, TokenType type, int value) {
        assertThat(sample.steps()).allSatisfy(step -> assertThat(step.all()).contains(new Token(type, value)));
    }
}
