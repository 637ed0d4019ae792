/**
 * What every Switchboard process shares to be operated (issue 16): the management port, the Prometheus registry,
 * OpenTelemetry tracing through Kafka record headers, and the log context. Services depend on it; it depends on
 * contracts only.
 */
package dev.switchboard.observability;
