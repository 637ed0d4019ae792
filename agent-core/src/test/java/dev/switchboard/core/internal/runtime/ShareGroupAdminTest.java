package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class ShareGroupAdminTest {

    @Test
    void shouldAllowTwoDeliveriesMoreThanMaxCrashesSoThatAFailedPoisonDeliveryIsTriedAgain() {
        // Given max crashes of 1, 3 and the largest share mode allows
        // Then the broker allows the poison delivery and one spare, within its default maximum of 10
        assertThat(ShareGroupAdmin.deliveryCountLimit(1)).isEqualTo(3);
        assertThat(ShareGroupAdmin.deliveryCountLimit(3)).isEqualTo(5);
        assertThat(ShareGroupAdmin.deliveryCountLimit(WorkerConfig.SHARE_MAX_CRASHES)).isEqualTo(10);
    }

    @Test
    void shouldSplitTheBacklogAmongTheMembersRoundingUp() {
        // Given a backlog of 10 records
        // Then each of 3 members reports 4, a lone member all of it, and no member count reads as one
        assertThat(ShareGroupAdmin.share(10, 3)).isEqualTo(4);
        assertThat(ShareGroupAdmin.share(10, 1)).isEqualTo(10);
        assertThat(ShareGroupAdmin.share(10, 0)).isEqualTo(10);
        assertThat(ShareGroupAdmin.share(0, 3)).isZero();
    }
}
