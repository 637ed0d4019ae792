package dev.switchboard.contracts.config;

/** A setting is missing, malformed or contradicts another. The message names the variable to change. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
