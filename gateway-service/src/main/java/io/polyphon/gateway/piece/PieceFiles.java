package io.polyphon.gateway.piece;

import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.storage.StorageClient;
import org.springframework.stereotype.Component;

/** A piece as a MIDI file: the original upload, or, for a piece made by an edit, the piece rendered. */
@Component
public final class PieceFiles {

    private final StorageClient storage;
    private final MidiClient midi;

    PieceFiles(StorageClient storage, MidiClient midi) {
        this.storage = storage;
        this.midi = midi;
    }

    public byte[] midi(String owner, String pieceId) {
        return storage.pieceMidi(owner, pieceId).orElseGet(() -> midi.render(storage.pieceDetail(owner, pieceId).piece()));
    }
}
