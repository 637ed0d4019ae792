package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The amend window setting (decision 0025): how long a reported job's state is kept. */
class AggregatorConfigTest {
    @Test
    void shouldKeepAReportedJobForSevenDaysByDefaultAndOnlyTheGracePeriodWhenAmendingIsOff() {
        // Given the defaults, and the window set to zero from the environment
        AggregatorConfig defaults = AggregatorConfig.ofDefaults();
        AggregatorConfig off = AggregatorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGGREGATOR_AMEND_WINDOW", "0s")));

        // Then state outlives a report by the window, or by the grace period when amending is off
        assertThat(defaults.amends()).isTrue();
        assertThat(defaults.keptAfterReport()).isEqualTo(Duration.ofDays(7));
        assertThat(off.amends()).isFalse();
        assertThat(off.keptAfterReport()).isEqualTo(AggregatorConfig.GRACE.defaultValue());
    }

    @Test
    void shouldRefuseANegativeOrEndlessAmendWindowNamingTheVariable() {
        assertThatThrownBy(() -> AggregatorConfig.custom().amendWindow(Duration.ofMinutes(-1)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_AGGREGATOR_AMEND_WINDOW");
        assertThatThrownBy(() -> AggregatorConfig.custom().amendWindow(Duration.ofDays(400)).build())
                .isInstanceOf(ConfigException.class);
    }
}
