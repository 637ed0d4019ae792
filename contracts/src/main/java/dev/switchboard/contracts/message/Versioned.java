package dev.switchboard.contracts.message;

/** Every Switchboard message carries the schema version it was written with. */
public interface Versioned {
    /** The version this code writes. Readers accept any version up to it. */
    int CURRENT_VERSION = 1;

    int version();
}
