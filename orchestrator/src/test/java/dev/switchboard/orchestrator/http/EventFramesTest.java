package dev.switchboard.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.orchestrator.port.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event is serialised once for all the streams the view hands it to (issue 14, review item 16). */
class EventFramesTest {
    private static StoredEvent event(long offset) {
        return new StoredEvent(offset, JobEvent.ofJob(UUID.randomUUID(), JobEvent.Type.SUBMITTED, null, Instant.now()));
    }

    @Test
    void shouldSerialiseAnEventOnceForEveryStreamThatSendsIt() {
        // Given the frames shared by all streams, and an event the view hands to each stream in turn
        EventFrames frames = new EventFrames();
        StoredEvent e = event(7);

        // When three streams ask for its frame, then a next event comes
        byte[] first = frames.frame(e);
        byte[] second = frames.frame(e);
        byte[] third = frames.frame(e);
        byte[] next = frames.frame(event(8));

        // Then the three share one serialised frame, and the next event has its own
        assertThat(second).isSameAs(first);
        assertThat(third).isSameAs(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("id: 7\nevent: SUBMITTED\ndata: {").endsWith("}\n\n");
        assertThat(new String(next, StandardCharsets.UTF_8)).startsWith("id: 8\n");
    }
}
