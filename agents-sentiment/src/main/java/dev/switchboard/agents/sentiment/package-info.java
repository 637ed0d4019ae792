/**
 * The {@code sentiment} agent: label, score and confidence of a document's sentiment.
 *
 * <p>Shell module for now: its own issue fills it in.
 */
package dev.switchboard.agents.sentiment;
