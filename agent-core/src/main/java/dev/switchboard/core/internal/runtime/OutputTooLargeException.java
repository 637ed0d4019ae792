package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.contracts.message.ErrorType;

/** A record a task would write is larger than its topic takes: nothing of it was sent. */
final class OutputTooLargeException extends NonRetriableTaskException {
    OutputTooLargeException(String topic, int bytes, int limit) {
        super(ErrorType.OUTPUT_TOO_LARGE, "The record for " + topic + " would be " + bytes + " bytes; Switchboard's topics take "
                + "values of at most " + limit + " bytes (defaults.maxMessageBytes in topics.yaml, less room for headers)");
    }
}
