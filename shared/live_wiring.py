"""The live publisher as every service and worker needs it: watching for a broker that forgot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.live import BrokerResetWatch, LivePublisher
from shared.settings import Settings


def watched_publisher(
    settings: Settings,
    producer: AIOKafkaProducer,
    watcher: AIOKafkaConsumer,
    source: str,
    on_reconnect: Callable[[], Awaitable[None]] | None = None,
) -> LivePublisher:
    """A LivePublisher on live.updates that notices a broker reset at once (the embedded broker
    forgets everything when it restarts), recreates the topics and republishes its channels.

    `watcher` is a started consumer outside any group (it only asks for end offsets);
    `on_reconnect` replaces the default topic creation when a service needs more.
    """
    return LivePublisher(
        producer,
        settings.topic("live.updates"),
        source,
        on_reconnect=on_reconnect or (lambda: ensure_topics(settings, CONTRACT_TOPICS)),
        reset_watch=BrokerResetWatch(watcher, settings.topic("live.updates")),
    )
