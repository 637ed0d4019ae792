package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.AgentResult;
import java.util.Optional;

/**
 * Turns one agent type's output into a sentence of a report's synthesis. Register one per agent
 * type; a type without a contributor still appears in the report's {@code results} verbatim.
 */
public interface SynthesisContributor {

    /** The agent type this contributor reads, e.g. {@code sentiment}. */
    String agent();

    /** A sentence about an OK result, or empty when there is nothing worth saying. */
    Optional<String> contribute(AgentResult result);
}
