package io.polyphon.gateway.midi;

import io.polyphon.mmm.piece.Piece;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** The MIDI service, as the gateway uses it: files become pieces, pieces are edited or rendered back into files. */
public final class MidiClient {

    private static final MediaType AUDIO_MIDI = MediaType.parseMediaType("audio/midi");

    private final RestClient http;

    public MidiClient(RestClient http) {
        this.http = http;
    }

    /** A normalized piece and its summary (tracks, bars, measured controls). */
    public record InspectedPiece(JsonNode summary, Piece piece) {
    }

    /** A track to add: a General MIDI program, or a drum kit. */
    public record AddedTrack(int program, boolean drum) {
    }

    private record Edit(Piece piece, List<Integer> dropTracks, List<AddedTrack> addTracks) {
    }

    /** Parses and normalizes a MIDI file; a refused file comes back as the MIDI service's problem. */
    public InspectedPiece inspect(byte[] midi) {
        return http.post().uri("/pieces/inspect").contentType(AUDIO_MIDI).body(midi)
                .retrieve().body(InspectedPiece.class);
    }

    public InspectedPiece edit(Piece piece, List<Integer> dropTracks, List<AddedTrack> addTracks) {
        return http.post().uri("/pieces/edit").contentType(MediaType.APPLICATION_JSON)
                .body(new Edit(piece, dropTracks, addTracks)).retrieve().body(InspectedPiece.class);
    }

    /** The file's normalized piece (only {@code tracks}, numbered from 1, if given) played to WAV audio. */
    public byte[] audio(byte[] midi, List<Integer> tracks) {
        String query = tracks == null || tracks.isEmpty() ? ""
                : "?tracks=" + String.join(",", tracks.stream().map(String::valueOf).toList());
        return http.post().uri("/pieces/audio" + query).contentType(AUDIO_MIDI).body(midi)
                .retrieve().body(byte[].class);
    }

    public byte[] render(Piece piece) {
        return http.post().uri("/pieces/render").contentType(MediaType.APPLICATION_JSON).body(piece)
                .retrieve().body(byte[].class);
    }
}
