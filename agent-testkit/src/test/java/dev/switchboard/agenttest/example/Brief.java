package dev.switchboard.agenttest.example;

/** The output of {@link BriefAgent}. */
public record Brief(String text) {
}
