package dev.switchboard.orchestrator.port;

import java.time.LocalDate;
import java.util.List;

/** The usage port: what the jobs of each caller (API key) cost per UTC day, from the reports the read model has seen. */
public interface UsageQueries {

    /** One caller's totals on one UTC day. {@code estimatedCost} is {@code null} when no call was to a priced model. */
    record Row(String owner, LocalDate day, long jobs, long calls, long replayedCalls, long inputTokens, long outputTokens,
               Double estimatedCost) {
    }

    /** The rows of {@code owner} ({@code null}: every owner) for the days {@code from} to {@code to} (inclusive), by day then owner. */
    List<Row> usage(String owner, LocalDate from, LocalDate to);

    /** Nothing counted (tests, stand-ins). */
    UsageQueries NONE = (owner, from, to) -> List.of();
}
