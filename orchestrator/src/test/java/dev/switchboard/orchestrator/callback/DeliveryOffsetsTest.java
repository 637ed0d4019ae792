package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeliveryOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("switchboard.reports", 0);
    private static final TopicPartition P1 = new TopicPartition("switchboard.reports", 1);

    @Test
    void shouldNeverCommitPastARecordWhoseDeliveryHasNotEnded() {
        // Given records 10, 11, 12 of one partition handed out, and 11 and 12 ended
        DeliveryOffsets offsets = new DeliveryOffsets();
        offsets.started(P0, 10);
        offsets.started(P0, 11);
        offsets.started(P0, 12);
        offsets.ended(P0, 11);
        offsets.ended(P0, 12);

        // Then nothing moves while 10 is open
        assertThat(offsets.toCommit(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));
        offsets.committed(offsets.toCommit(List.of(P0)));
        assertThat(offsets.toCommit(List.of(P0))).isEmpty();
        assertThat(offsets.open()).isEqualTo(1);

        // When 10 ends, the partition commits past all three
        offsets.ended(P0, 10);
        assertThat(offsets.toCommit(List.of(P0))).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void shouldTrackPartitionsApartAndForgetRevokedOnes() {
        DeliveryOffsets offsets = new DeliveryOffsets();
        offsets.started(P0, 5);
        offsets.started(P1, 7);
        offsets.ended(P1, 7);

        assertThat(offsets.toCommit(List.of(P0, P1))).containsOnly(Map.entry(P0, new OffsetAndMetadata(5)),
                Map.entry(P1, new OffsetAndMetadata(8)));

        offsets.forget(List.of(P0));
        offsets.ended(P0, 5);
        assertThat(offsets.open()).isZero();
        assertThat(offsets.toCommit(List.of(P0, P1))).containsOnlyKeys(P1);
    }
}
