package dev.switchboard.contracts.message;

import java.util.Objects;

/** Why a task failed: a stable machine-readable {@code type} and a human-readable message. */
public record ErrorInfo(String type, String message) {
    public ErrorInfo {
        Objects.requireNonNull(type, "error.type");
    }

    public static ErrorInfo of(ErrorType type, String message) {
        return new ErrorInfo(type.name(), message);
    }
}
