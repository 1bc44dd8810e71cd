package io.polyphon.midi.web;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.audio.Wav;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import io.polyphon.contract.InternalCredential;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {"spring.config.name=midi-service", "polyphon.midi.max-bytes=4096",
        "polyphon.midi.max-audio-seconds=30", InternalCaller.SETTING})
@Import(InternalCaller.class)
@org.springframework.cloud.stream.binder.test.EnableTestBinder
@AutoConfigureMockMvc
class PieceControllerTest {

    private static final byte[] SONG = new MidiBuilder(480).timeSignature(4, 4, 0).tempo(500_000, 0)
            .track().program(0, 33, 0).note(0, 40, 90, 0, 960).note(0, 43, 70, 1920, 2400)
            .track().note(9, 36, 100, 0, 10).note(9, 38, 100, 1920, 1930)
            .bytes();

    @Autowired
    MockMvc mvc;

    @Autowired
    org.springframework.web.context.WebApplicationContext context;

    @Autowired
    InternalCallerFilter internalCallers;

    @Test
    void aCallerWithoutTheInternalCredentialIsRefusedBeforeTheFileIsRead() throws Exception {
        MockMvc stranger = MockMvcBuilders.webAppContextSetup(context).addFilters(internalCallers).build();
        stranger.perform(post("/pieces/inspect").contentType("audio/midi").content(SONG))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("internal-credential-required"));
        stranger.perform(post("/pieces/inspect").contentType("audio/midi").content(SONG)
                        .header(InternalCredential.HEADER, InternalCaller.SECRET + "x"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void inspectsAnUploadedFile() throws Exception {
        mvc.perform(post("/pieces/inspect").contentType("audio/midi").content(SONG))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.summary.bars").value(2))
                .andExpect(jsonPath("$.summary.tracks[0].instrument").value("Electric Bass (finger)"))
                .andExpect(jsonPath("$.summary.tracks[1].drum").value(true))
                .andExpect(jsonPath("$.piece.tracks.length()").value(2));
    }

    @Test
    void inspectsAFormUpload() throws Exception {
        mvc.perform(multipart("/pieces/inspect").file(new MockMultipartFile("file", "song.mid", "audio/midi", SONG)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.summary.tracks[0].notes").value(2));
    }

    @Test
    void refusesAFileThatIsNotMidiWithAProblemBody() throws Exception {
        mvc.perform(post("/pieces/inspect").contentType("audio/midi").content("hello".getBytes()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("not-midi"))
                .andExpect(jsonPath("$.detail", containsString("MIDI header")));
    }

    @Test
    void refusesAnUploadOverTheConfiguredLimit() throws Exception {
        mvc.perform(post("/pieces/inspect").contentType("audio/midi").content(new byte[5000]))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.code").value("too-large"));
    }

    @Test
    void refusesAnUploadOfTheWrongMediaType() throws Exception {
        mvc.perform(post("/pieces/inspect").contentType(MediaType.TEXT_PLAIN).content("C D E"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported-media-type"));
    }

    @Test
    void editsAPieceByDroppingAndAddingTracks() throws Exception {
        String piece = pieceJson();
        mvc.perform(post("/pieces/edit").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"piece\":" + piece + ",\"dropTracks\":[2],\"addTracks\":[{\"program\":73}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.summary.tracks[1].instrument").value("Flute"))
                .andExpect(jsonPath("$.summary.tracks.length()").value(2));
    }

    @Test
    void refusesToDropATrackThePieceDoesNotHave() throws Exception {
        mvc.perform(post("/pieces/edit").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"piece\":" + pieceJson() + ",\"dropTracks\":[7]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("no track 7")));
    }

    @Test
    void refusesMalformedJson() throws Exception {
        mvc.perform(post("/pieces/edit").contentType(MediaType.APPLICATION_JSON).content("{\"piece\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-request"));
    }

    @Test
    void refusesAPieceWithANoteOutsideMidi() throws Exception {
        String bad = pieceJson().replace("\"pitch\":40", "\"pitch\":140");
        mvc.perform(post("/pieces/render").contentType(MediaType.APPLICATION_JSON).content(bad))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed-request"));
    }

    @Test
    void rendersAPieceAsAMidiFileThatParsesBack() throws Exception {
        byte[] midi = mvc.perform(post("/pieces/render").contentType(MediaType.APPLICATION_JSON).content(pieceJson()))
                .andExpect(status().isOk())
                .andExpect(content().contentType("audio/midi"))
                .andReturn().getResponse().getContentAsByteArray();
        MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
        assertThat(parser.parse(midi)).isEqualTo(parser.parse(SONG));
    }

    @Test
    void playsAnUploadAsAWavFileAtItsTempo() throws Exception {
        // band.mid: 8 bars of 4/4 at 96 BPM = 20 s, then the 1 s release tail
        byte[] wav = mvc.perform(post("/pieces/audio").contentType("audio/midi").content(band()))
                .andExpect(status().isOk())
                .andExpect(content().contentType("audio/wav"))
                .andReturn().getResponse().getContentAsByteArray();

        assertThat(Wav.of(wav).seconds()).isCloseTo(21.0, within(0.01));
    }

    @Test
    void playsOnlyTheChosenTracks() throws Exception {
        Wav drums = Wav.of(audio(band(), "3"));
        Wav piano = Wav.of(audio(band(), "1"));

        // hi-hats and snares are noise, a piano's chords are not (measured: about twice as many sign changes)
        assertThat(drums.zeroCrossingsPerSecond(0, 20)).isGreaterThan(1.5 * piano.zeroCrossingsPerSecond(0, 20));
    }

    @Test
    void refusesToPlayATrackThePieceDoesNotHave() throws Exception {
        mvc.perform(post("/pieces/audio").param("tracks", "1,4").contentType("audio/midi").accept("audio/wav").content(band()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("unknown-track"))
                .andExpect(jsonPath("$.detail", containsString("no track 4")));
    }

    @Test
    void refusesATrackListThatIsNotNumbers() throws Exception {
        mvc.perform(post("/pieces/audio").param("tracks", "piano").contentType("audio/midi").content(band()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown-track"));
    }

    @Test
    void refusesToPlayAFileThatIsNotMidi() throws Exception {
        mvc.perform(post("/pieces/audio").contentType("audio/midi").accept("audio/wav").content("hello".getBytes()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("not-midi"));
    }

    @Test
    void refusesToPlayAPieceLongerThanTheAudioLimit() throws Exception {
        // 4 bars at 30 BPM last 32 s; this context renders at most 30
        byte[] slow = new MidiBuilder(480).tempo(2_000_000, 0).track().note(0, 60, 90, 0, 4 * 1920).bytes();

        mvc.perform(post("/pieces/audio").contentType("audio/midi").content(slow))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("too-long-to-render"))
                .andExpect(jsonPath("$.detail", containsString("32 s")));
    }

    private byte[] audio(byte[] midi, String tracks) throws Exception {
        return mvc.perform(post("/pieces/audio").param("tracks", tracks).contentType("audio/midi").content(midi))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
    }

    private static byte[] band() throws Exception {
        return Files.readAllBytes(Path.of(System.getProperty("polyphon.home", "..")).resolve("examples/band.mid"));
    }

    private String pieceJson() throws Exception {
        String body = mvc.perform(post("/pieces/inspect").contentType("audio/midi").content(SONG))
                .andReturn().getResponse().getContentAsString();
        return body.substring(body.indexOf("\"piece\":") + 8, body.length() - 1);
    }
}
