#!/bin/sh
# Creates Polyphon's Kafka topics before the services create them on their own, and widens them.
#
# Why: the Spring Cloud Stream Kafka binder creates a missing topic with ONE partition, and a topic's
# partitions cap how many consumers of one group can work at once. With one partition on shards.bulk a
# single worker generates however many run, and KEDA will not scale past the partition count either.
#
# Idempotent, so it runs on every install and upgrade (the Helm chart's topics Job, and compose's kafka-init).
# It never narrows a topic. Widening one moves where job ids hash to, so widen while no job is running.
#
# Settings: BOOTSTRAP (host:port,...), PARTITIONS, REPLICATION_FACTOR (empty: the broker's default).
set -eu
: "${BOOTSTRAP:?set BOOTSTRAP}" "${PARTITIONS:?set PARTITIONS}"
topics=/opt/kafka/bin/kafka-topics.sh
configs=/opt/kafka/bin/kafka-configs.sh
replication=${REPLICATION_FACTOR:+--replication-factor $REPLICATION_FACTOR}

until $topics --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; do
  echo "waiting for Kafka at $BOOTSTRAP"
  sleep 3
done

# ensure TOPIC [--config k=v ...]: the topic exists with at least PARTITIONS partitions
ensure() {
  topic=$1
  shift
  # shellcheck disable=SC2086 # $replication is two words or none
  $topics --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$topic" --partitions "$PARTITIONS" $replication "$@"
  have=$($topics --bootstrap-server "$BOOTSTRAP" --describe --topic "$topic" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)
  if [ "$have" -lt "$PARTITIONS" ]; then
    echo "$topic: $have partitions, widening to $PARTITIONS"
    $topics --bootstrap-server "$BOOTSTRAP" --alter --topic "$topic" --partitions "$PARTITIONS"
  fi
}

# The topics of shared-schema's io.polyphon.contract.Topics (a test keeps this list and that class in step).
ensure jobs.requested
ensure shards.interactive
ensure shards.bulk
ensure shards.generated
# Advisory step progress of running shards: worth nothing after an hour.
ensure shards.progress --config retention.ms=3600000
ensure samples.rendered
# The planner's verdicts, for storage (the only writer of jobs.progress).
ensure jobs.planned
ensure jobs.progress
# Compacted: a starting worker reads it whole to learn which jobs were cancelled.
ensure jobs.control --config cleanup.policy=compact
# ...also where a service created it first, without the setting.
$configs --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name jobs.control \
  --add-config cleanup.policy=compact

echo "topics ready"
