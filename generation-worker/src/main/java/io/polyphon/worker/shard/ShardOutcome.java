package io.polyphon.worker.shard;

/**
 * What became of one shard command.
 *
 * @param published samples published for it
 * @param cancelled whether it stopped (or never started) because its job was cancelled
 */
public record ShardOutcome(String jobId, int shardIndex, int published, boolean cancelled) {
}
