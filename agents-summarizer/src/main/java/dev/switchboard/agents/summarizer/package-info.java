/**
 * The {@code summary} agent: a summary with key points.
 *
 * <p>Shell module for now: its own issue fills it in.
 */
package dev.switchboard.agents.summarizer;
