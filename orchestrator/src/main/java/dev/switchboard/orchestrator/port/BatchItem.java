package dev.switchboard.orchestrator.port;

/** One validated item of a batch submit: its request and its own idempotency key ({@code null}: none). */
public record BatchItem(JobRequest request, String idempotencyKey) {
}
