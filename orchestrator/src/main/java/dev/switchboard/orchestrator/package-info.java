/**
 * The orchestrator: HTTP API, atomic fan-out of jobs to task topics, job status view, callbacks.
 *
 * <p>Shell module for now: its own issue fills it in.
 */
package dev.switchboard.orchestrator;
