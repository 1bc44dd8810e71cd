package io.polyphon.standalone.stack;

/**
 * The broker and database the services run on: in-process ones for the local stack, or any reachable Kafka and
 * MongoDB (containers in tests, a cluster's in production).
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    String mongoConnectionString();

    /** Stops what this infrastructure started; one that only points at servers started elsewhere stops nothing. */
    @Override
    void close();

    /** Servers started elsewhere, which the stack uses and leaves running. */
    static Infrastructure external(String kafkaBootstrapServers, String mongoConnectionString) {
        return new Infrastructure() {
            public String kafkaBootstrapServers() {
                return kafkaBootstrapServers;
            }

            public String mongoConnectionString() {
                return mongoConnectionString;
            }

            public void close() {
            }
        };
    }
}
