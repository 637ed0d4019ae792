package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.Budget;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated submit request. {@code requestHash} identifies it for idempotency checks. {@code budget} is the job's token
 * budget ({@code null}: none), the caller's default already applied.
 */
public record JobRequest(String text, String contentType, List<String> agents, String callbackUrl,
                         Duration deadline, Map<String, String> metadata, String requestHash, Budget budget) {

    /** A request without a budget. */
    public JobRequest(String text, String contentType, List<String> agents, String callbackUrl, Duration deadline,
                      Map<String, String> metadata, String requestHash) {
        this(text, contentType, agents, callbackUrl, deadline, metadata, requestHash, null);
    }
}
