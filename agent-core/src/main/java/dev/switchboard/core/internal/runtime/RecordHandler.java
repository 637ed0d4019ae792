package dev.switchboard.core.internal.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Processes one task record completely; returns when its outputs are durable. */
@FunctionalInterface
interface RecordHandler {
    void handle(ConsumerRecord<String, byte[]> record) throws Exception;
}
