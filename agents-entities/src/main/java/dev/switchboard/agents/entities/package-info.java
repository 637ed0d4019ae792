/**
 * The {@code entities} agent: people, organisations, locations, dates, money and percentages.
 *
 * <p>Shell module for now: its own issue fills it in.
 */
package dev.switchboard.agents.entities;
