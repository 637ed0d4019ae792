package dev.switchboard.core.testagents;

/** Output of the test agents. */
public record Echo(String text, int attempt) {
}
