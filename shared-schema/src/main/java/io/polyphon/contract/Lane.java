package io.polyphon.contract;

/** The two shard lanes: interactive (a person waits for a few samples) is always drained before bulk. */
public enum Lane {
    INTERACTIVE(Topics.SHARDS_INTERACTIVE),
    BULK(Topics.SHARDS_BULK);

    private final String topic;

    Lane(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** The lane of a job of {@code count} samples: interactive up to {@code interactiveMax}. */
    public static Lane of(int count, int interactiveMax) {
        return count <= interactiveMax ? INTERACTIVE : BULK;
    }
}
