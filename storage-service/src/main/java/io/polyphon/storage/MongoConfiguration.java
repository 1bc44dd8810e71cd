package io.polyphon.storage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.sample.SampleRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The MongoDB client and the repositories on it: the one place the service meets its database. */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(StorageProperties properties) {
        return MongoClients.create(properties.mongoUri());
    }

    @Bean
    MongoDatabase database(MongoClient client, StorageProperties properties) {
        return client.getDatabase(properties.database());
    }

    @Bean
    JobRepository jobRepository(MongoDatabase database) {
        return new JobRepository(database);
    }

    @Bean
    SampleRepository sampleRepository(MongoDatabase database) {
        return new SampleRepository(database);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
