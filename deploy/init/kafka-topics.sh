#!/usr/bin/env bash
# Creates the contract's topics (ARCHITECTURE §3, CONTRACT "Kafka") and their dead-letter twins on a
# real Kafka cluster, then brings the settings of topics that already exist in line. Safe to re-run.
# Runs in the apache/kafka image (compose service kafka-init); on Kubernetes, Strimzi KafkaTopic
# resources do the same (deploy/k8s/operators/strimzi-topics.yaml).
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-kafka-1:9092}"
# Three brokers: every partition lives on all three, and a write (acks=all) needs two of them.
REPLICATION_FACTOR="${REPLICATION_FACTOR:-3}"
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-2}"
# Consumers of one group scale up to the partition count; keys (aggregate ids) keep their order.
PARTITIONS="${PARTITIONS:-6}"
PREFIX="${TOPIC_PREFIX:-}"
BIN="${TOOLS_DIR:-/opt/kafka/bin}"

# One writer each; keep in step with shared/kafka.py CONTRACT_TOPICS (tests/unit/test_deploy.py checks).
TOPICS=(ideas.events voting.votes voting.events exhibitions.events hackathons.events live.updates)

ensure_topic() { # name partitions key=value...
    local name="$PREFIX$1" partitions="$2"
    shift 2
    local create_args=()
    for config in "$@"; do create_args+=(--config "$config"); done
    "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
        --topic "$name" --partitions "$partitions" \
        --replication-factor "$REPLICATION_FACTOR" "${create_args[@]}"
    local joined
    joined="$(IFS=,; echo "$*")"
    "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter \
        --entity-type topics --entity-name "$name" --add-config "$joined"
}

for topic in "${TOPICS[@]}"; do
    if [[ "$topic" == live.updates ]]; then
        # key = channel, value = the channel's full state: only the newest value per key matters.
        # Short segments and a low dirty ratio let compaction run often, so that a gateway reading
        # from the beginning at start reads little more than one value per channel.
        ensure_topic "$topic" "$PARTITIONS" \
            cleanup.policy=compact \
            min.insync.replicas="$MIN_INSYNC_REPLICAS" \
            segment.ms=600000 \
            min.cleanable.dirty.ratio=0.1 \
            delete.retention.ms=3600000
    else
        # MongoDB is the source of truth; the topic keeps a week for replays and late consumers.
        ensure_topic "$topic" "$PARTITIONS" \
            cleanup.policy=delete \
            min.insync.replicas="$MIN_INSYNC_REPLICAS" \
            retention.ms=604800000
    fi
    # Poison messages, with their error, for a person to look at: kept for 30 days.
    ensure_topic "$topic.dlq" 1 \
        cleanup.policy=delete \
        min.insync.replicas="$MIN_INSYNC_REPLICAS" \
        retention.ms=2592000000
done

"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topics-with-overrides
