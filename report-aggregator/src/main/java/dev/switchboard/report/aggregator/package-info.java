/**
 * The report aggregator: a Kafka Streams topology that joins every result of a job into one report.
 *
 * <p>Shell module for now: its own issue fills it in.
 */
package dev.switchboard.report.aggregator;
