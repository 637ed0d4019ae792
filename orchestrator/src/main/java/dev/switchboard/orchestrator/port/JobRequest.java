package dev.switchboard.orchestrator.port;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A validated submit request. {@code requestHash} identifies it for idempotency checks. */
public record JobRequest(String text, String contentType, List<String> agents, String callbackUrl,
                         Duration deadline, Map<String, String> metadata, String requestHash) {
}
