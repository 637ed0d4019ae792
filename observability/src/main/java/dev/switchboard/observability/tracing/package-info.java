/**
 * One trace per job (issue 16, decision 0028): the process's OpenTelemetry ({@link dev.switchboard.observability.tracing.Tracing}),
 * W3C trace context through Kafka record headers and HTTP headers, spans made current with their ids in the log context.
 */
package dev.switchboard.observability.tracing;
