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
 * Pieces in MongoDB, in two collections: {@code pieces} holds what a list shows (owner, name, dates, lineage,
 * summary), a few hundred bytes each, and {@code pieceContents} the heavy parts under the same {@code _id}: the
 * {@link Piece} in its contract JSON form (so it reads back equal) and the upload's bytes. A list then reads only
 * small documents: the embedded MongoDB-wire server ignores every index but unique ones and scans what it lists, and
 * scanning whole pieces made a list of one take seconds. MongoDB serves the list from the (owner, newest) index.
 * Every read names the owner, so another owner's piece is simply not found. Point reads go by {@code _id} alone (the
 * one filter the embedded server answers from an index) and check the owner after.
 */
public final class PieceRepository {

    // a piece stored before the contents had a collection of their own keeps them in its listing document
    private static final Bson LIST_FIELDS = Projections.exclude("piece", "midi");
    private static final Bson NEWEST_FIRST = Sorts.descending("createdAt", "_id");

    private final MongoCollection<Document> pieces;
    private final MongoCollection<Document> contents;

    public PieceRepository(MongoDatabase database) {
        this.pieces = database.getCollection("pieces");
        this.contents = database.getCollection("pieceContents");
        pieces.createIndex(Indexes.compoundIndex(Indexes.ascending("ownerKeyId"), Indexes.descending("createdAt", "_id")));
    }

    /** Stores a new piece; {@code midi} is the uploaded file, or null for a piece made by editing another. */
    public void insert(PieceDetail piece, byte[] midi) {
        @SuppressWarnings("unchecked")
        Map<String, Object> notes = Messages.json().convertValue(piece.piece(), Map.class);
        // contents first: a listed piece always has them (a crash in between leaves contents nobody lists)
        contents.insertOne(new Document("_id", piece.id()).append("piece", new Document(notes))
                .append("midi", midi == null ? null : new Binary(midi)));
        pieces.insertOne(new Document("_id", piece.id()).append("ownerKeyId", piece.ownerKeyId())
                .append("name", piece.name()).append("createdAt", Date.from(piece.createdAt()))
                .append("parentPieceId", piece.parentPieceId())
                .append("summary", piece.summary() == null ? null : new Document(piece.summary())));
    }

    public Optional<PieceDetail> find(String id, String owner) {
        return listing(id, owner).map(d -> {
            PieceView view = view(d);
            Document content = content(id, "piece");
            Piece piece = Messages.json().convertValue(content.get("piece", Document.class), Piece.class);
            return new PieceDetail(view.id(), view.ownerKeyId(), view.name(), view.createdAt(),
                    view.parentPieceId(), view.summary(), piece);
        });
    }

    /** The uploaded MIDI file of the owner's piece; empty if there is no such piece or it was made by an edit. */
    public Optional<byte[]> midi(String id, String owner) {
        return listing(id, owner).map(d -> content(id, "midi").get("midi", Binary.class)).map(Binary::getData);
    }

    /** The owner's listing document, by {@code _id} alone; the owner is checked here. */
    private Optional<Document> listing(String id, String owner) {
        return Optional.ofNullable(pieces.find(Filters.eq("_id", id)).projection(LIST_FIELDS).first())
                .filter(d -> owner.equals(d.getString("ownerKeyId")));
    }

    /** The piece's contents with {@code field}: from its own document, else (stored before) from the listing's. */
    private Document content(String id, String field) {
        Document content = contents.find(Filters.eq("_id", id)).projection(Projections.include(field)).first();
        if (content != null) return content;
        Document old = pieces.find(Filters.eq("_id", id)).projection(Projections.include(field)).first();
        return old != null ? old : new Document();
    }

    /** The owner's pieces, newest first. */
    public List<PieceView> page(String owner, int skip, int limit) {
        List<PieceView> page = new ArrayList<>();
        for (Document d : pieces.find(Filters.eq("ownerKeyId", owner)).projection(LIST_FIELDS)
                .sort(NEWEST_FIRST).skip(skip).limit(limit)) {
            page.add(view(d));
        }
        return page;
    }

    /** Renames the owner's piece; the renamed view, or empty if there is no such piece. */
    public Optional<PieceView> rename(String id, String owner, String name) {
        // a piece's owner never changes, so checking it first and then updating by _id is as good as one filter
        if (listing(id, owner).isEmpty()) return Optional.empty();
        return Optional.ofNullable(pieces.findOneAndUpdate(Filters.eq("_id", id), Updates.set("name", name),
                new FindOneAndUpdateOptions().projection(LIST_FIELDS).returnDocument(ReturnDocument.AFTER)))
                .map(PieceRepository::view);
    }

    /**
     * Deletes the owner's piece, its notes and its uploaded file; false if there was no such piece. Jobs and samples
     * made from it are documents of their own (each sample has its own MIDI file), so they stay readable, and a
     * piece edited from it keeps naming it as its parent.
     */
    public boolean delete(String id, String owner) {
        if (listing(id, owner).isEmpty()) return false;
        boolean deleted = pieces.deleteOne(Filters.eq("_id", id)).getDeletedCount() > 0;
        contents.deleteOne(Filters.eq("_id", id));
        return deleted;
    }

    public long count(String owner) {
        return pieces.countDocuments(Filters.eq("ownerKeyId", owner));
    }

    @SuppressWarnings("unchecked")
    private static PieceView view(Document d) {
        return new PieceView(d.getString("_id"), d.getString("ownerKeyId"), d.getString("name"),
                d.getDate("createdAt").toInstant(), d.getString("parentPieceId"), d.get("summary", Map.class));
    }
}
