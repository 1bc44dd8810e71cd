package io.polyphon.storage.job;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One owner's job creations, one at a time across every storage instance, so the quota check and the insert it
 * allows are one step: a lease document per owner ({@code quotaLeases}, {@code _id} the owner) taken with a
 * conditional upsert and given back after. It needs no transaction, so the embedded MongoDB-wire server holds it as
 * MongoDB does. A holder that dies leaves its lease to expire ({@link #LEASE}), far longer than a create takes.
 */
final class QuotaLeases {

    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MongoCollection<Document> leases;
    private final Clock clock;
    // creates of one owner in this instance queue here first, so only other instances contend for the document
    private final Object[] stripes = new Object[64];

    QuotaLeases(MongoDatabase database, Clock clock) {
        this.leases = database.getCollection("quotaLeases");
        this.clock = clock;
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    }

    /** Runs {@code work} holding the owner's lease; waits for it up to {@link #WAIT}, then refuses (busy). */
    <T> T holding(String owner, Supplier<T> work) {
        synchronized (stripes[Math.floorMod(owner.hashCode(), stripes.length)]) {
            return leased(owner, work);
        }
    }

    private <T> T leased(String owner, Supplier<T> work) {
        String holder = UUID.randomUUID().toString();
        long deadline = clock.millis() + WAIT.toMillis();
        while (!take(owner, holder)) {
            if (clock.millis() > deadline) throw new IllegalStateException("the quota of " + owner + " stayed held");
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the quota of " + owner, e);
            }
        }
        try {
            return work.get();
        } finally {
            leases.deleteOne(Filters.and(Filters.eq("_id", owner), Filters.eq("holder", holder)));
        }
    }

    /** Takes the lease if nobody holds it or its holder's time is up; an existing live lease makes the upsert a duplicate. */
    private boolean take(String owner, String holder) {
        long now = clock.millis();
        try {
            leases.findOneAndUpdate(Filters.and(Filters.eq("_id", owner), Filters.lt("until", new Date(now))),
                    Updates.combine(Updates.set("holder", holder), Updates.set("until", new Date(now + LEASE.toMillis()))),
                    new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoCommandException e) {
            if (ErrorCategory.fromErrorCode(e.getErrorCode()) == ErrorCategory.DUPLICATE_KEY) return false;
            throw e;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) return false;
            throw e;
        }
    }
}
