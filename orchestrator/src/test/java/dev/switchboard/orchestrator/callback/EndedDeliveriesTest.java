package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EndedDeliveriesTest {
    private static final TopicPartition P0 = new TopicPartition("switchboard.reports", 0);
    private static final TopicPartition P1 = new TopicPartition("switchboard.reports", 1);

    @Test
    void shouldKeepACrashDrainedDuringARevocationOfAnotherPartitionUntilTheRunEnds() {
        // Given records 5 and 6 of P0 and 7 of P1 handed out; 5 crashed, 6 and 7 ended
        DeliveryOffsets offsets = new DeliveryOffsets();
        EndedDeliveries ended = new EndedDeliveries();
        offsets.started(P0, 5);
        offsets.started(P0, 6);
        offsets.started(P1, 7);
        ended.crashed(P0, 5, new IllegalStateException("boom"));
        ended.ended(P0, 6);
        ended.ended(P1, 7);

        // When an incremental revocation of P1 alone drains them (P0 stays assigned), and the loop drains again later
        ended.drainInto(offsets);
        offsets.forget(List.of(P1));
        ended.drainInto(offsets);

        // Then the crash is still there for the loop to end the run, and P0 is never committed past the crashed record
        assertThat(ended.crash()).hasValueSatisfying(c -> {
            assertThat(c.partition()).isEqualTo(P0);
            assertThat(c.offset()).isEqualTo(5);
            assertThat(c.failure()).hasMessage("boom");
        });
        assertThat(offsets.toCommit(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
    }

    @Test
    void shouldReportNoCrashWhenEveryDeliveryEndedNormally() {
        DeliveryOffsets offsets = new DeliveryOffsets();
        EndedDeliveries ended = new EndedDeliveries();
        offsets.started(P0, 1);
        ended.ended(P0, 1);
        ended.drainInto(offsets);
        assertThat(ended.crash()).isEmpty();
        assertThat(offsets.toCommit(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }
}
