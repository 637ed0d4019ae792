package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.Json;
import dev.switchboard.orchestrator.port.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SSE frame of an event, serialised once however many streams send it: the view hands the same event to every
 * stream of its job in turn (on its updater thread), so the last event's frame is kept and handed out again.
 */
final class EventFrames {
    private record Frame(StoredEvent event, byte[] bytes) {
    }

    private final AtomicReference<Frame> last = new AtomicReference<>();

    byte[] frame(StoredEvent e) {
        Frame kept = last.get();
        if (kept != null && kept.event() == e) {
            return kept.bytes();
        }
        byte[] bytes = ("id: " + e.offset() + "\nevent: " + e.event().type().name() + "\ndata: " + Json.toString(e.event()) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        last.set(new Frame(e, bytes));
        return bytes;
    }
}
