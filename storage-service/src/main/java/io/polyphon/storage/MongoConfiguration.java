package io.polyphon.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.polyphon.storage.audit.AuditLog;
import io.polyphon.storage.job.JobMeters;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.key.KeyRepository;
import io.polyphon.storage.piece.PieceRepository;
import io.polyphon.storage.sample.SampleRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The MongoDB client and the repositories on it: the one place the service meets its database. Each repository
 * makes its indexes when it is created (creating an existing index is a no-op).
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(StorageProperties properties, MeterRegistry registry) {
        // every command timed, failures apart (mongodb_driver_commands_seconds{status="FAILED"}): storage's errors
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(properties.mongoUri()))
                .addCommandListener(new MongoMetricsCommandListener(registry)).build());
    }

    @Bean
    MongoDatabase database(MongoClient client, StorageProperties properties) {
        return client.getDatabase(properties.database());
    }

    @Bean
    JobRepository jobRepository(MongoDatabase database, MeterRegistry registry) {
        return new JobRepository(database, new JobMeters(registry));
    }

    @Bean
    SampleRepository sampleRepository(MongoDatabase database) {
        return new SampleRepository(database);
    }

    @Bean
    AuditLog auditLog(MongoDatabase database, Clock clock) {
        return new AuditLog(database, clock);
    }

    @Bean
    KeyRepository keyRepository(MongoDatabase database) {
        return new KeyRepository(database);
    }

    @Bean
    PieceRepository pieceRepository(MongoDatabase database) {
        return new PieceRepository(database);
    }

    /**
     * MongoDB dates hold milliseconds, so the service's clock ticks in them: a time an answer shows when something is
     * created is the time every later read shows.
     */
    @Bean
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }
}
