package dev.switchboard.bench;

import java.util.List;
import java.util.Set;

/**
 * A way jobs get into Switchboard, measured by {@link FrontDoorBench}: one HTTP request per job, a Kafka record per job,
 * or a batch of jobs per HTTP request.
 */
interface FrontDoor {
    /** Submits {@code jobs} jobs as fast as this door takes them; returns their job ids once every one was accepted. */
    Set<String> flood(int jobs) throws Exception;

    /** Submits {@link #unit()} jobs now (one request, one record, one batch); returns their job ids once accepted. */
    List<String> submitUnit() throws Exception;

    /** How many jobs {@link #submitUnit()} sends: the paced latency run sends one unit per tick. */
    int unit();
}
