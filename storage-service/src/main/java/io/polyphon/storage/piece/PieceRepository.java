package io.polyphon.storage.piece;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.polyphon.contract.Messages;
import io.polyphon.mmm.piece.Piece;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pieces in MongoDB: the {@link Piece} as a document in its contract JSON form (so it reads back equal), the
 * original upload's bytes if there was one, and what the gateway shows in lists. Every read names the owner, so
 * another owner's piece is simply not found.
 */
public final class PieceRepository {

    private static final Bson LIST_FIELDS = Projections.exclude("piece", "midi");

    private final MongoCollection<Document> pieces;

    public PieceRepository(MongoDatabase database) {
        this.pieces = database.getCollection("pieces");
        pieces.createIndex(Indexes.ascending("ownerKeyId", "createdAt"));
    }

    /** Stores a new piece; {@code midi} is the uploaded file, or null for a piece made by editing another. */
    public void insert(PieceDetail piece, byte[] midi) {
        @SuppressWarnings("unchecked")
        Map<String, Object> notes = Messages.json().convertValue(piece.piece(), Map.class);
        pieces.insertOne(new Document("_id", piece.id()).append("ownerKeyId", piece.ownerKeyId())
                .append("name", piece.name()).append("createdAt", Date.from(piece.createdAt()))
                .append("parentPieceId", piece.parentPieceId())
                .append("summary", piece.summary() == null ? null : new Document(piece.summary()))
                .append("piece", new Document(notes)).append("midi", midi == null ? null : new Binary(midi)));
    }

    public Optional<PieceDetail> find(String id, String owner) {
        return Optional.ofNullable(pieces.find(owned(id, owner)).projection(Projections.exclude("midi")).first())
                .map(d -> {
                    PieceView view = view(d);
                    Piece piece = Messages.json().convertValue(d.get("piece", Document.class), Piece.class);
                    return new PieceDetail(view.id(), view.ownerKeyId(), view.name(), view.createdAt(),
                            view.parentPieceId(), view.summary(), piece);
                });
    }

    /** The uploaded MIDI file of the owner's piece; empty if there is no such piece or it was made by an edit. */
    public Optional<byte[]> midi(String id, String owner) {
        Document d = pieces.find(owned(id, owner)).projection(Projections.include("midi")).first();
        return Optional.ofNullable(d == null ? null : d.get("midi", Binary.class)).map(Binary::getData);
    }

    /** The owner's pieces, newest first. */
    public List<PieceView> page(String owner, int skip, int limit) {
        List<PieceView> page = new ArrayList<>();
        for (Document d : pieces.find(Filters.eq("ownerKeyId", owner)).projection(LIST_FIELDS)
                .sort(Sorts.descending("createdAt", "_id")).skip(skip).limit(limit)) {
            page.add(view(d));
        }
        return page;
    }

    /** Renames the owner's piece; the renamed view, or empty if there is no such piece. */
    public Optional<PieceView> rename(String id, String owner, String name) {
        return Optional.ofNullable(pieces.findOneAndUpdate(owned(id, owner), Updates.set("name", name),
                new FindOneAndUpdateOptions().projection(LIST_FIELDS).returnDocument(ReturnDocument.AFTER)))
                .map(PieceRepository::view);
    }

    /**
     * Deletes the owner's piece, its notes and its uploaded file; false if there was no such piece. Jobs and samples
     * made from it are documents of their own (each sample has its own MIDI file), so they stay readable, and a
     * piece edited from it keeps naming it as its parent.
     */
    public boolean delete(String id, String owner) {
        return pieces.deleteOne(owned(id, owner)).getDeletedCount() > 0;
    }

    public long count(String owner) {
        return pieces.countDocuments(Filters.eq("ownerKeyId", owner));
    }

    private static Bson owned(String id, String owner) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("ownerKeyId", owner));
    }

    @SuppressWarnings("unchecked")
    private static PieceView view(Document d) {
        return new PieceView(d.getString("_id"), d.getString("ownerKeyId"), d.getString("name"),
                d.getDate("createdAt").toInstant(), d.getString("parentPieceId"), d.get("summary", Map.class));
    }
}
