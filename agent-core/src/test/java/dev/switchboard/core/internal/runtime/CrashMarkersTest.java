package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CrashMarkersTest {

    @Test
    void shouldCountOneMoreCrashForEveryRecordAnOwnerWasRunningWhenItDied() {
        // Given an owner that committed while running 41 (never crashed before) and 42 (in flight during 2 crashes)
        String committed = CrashMarkers.fromCommitted("sb1;R;42=1", 40).encode(CrashMarkers.State.RUNNING, List.of(41L, 42L), 41);
        assertThat(committed).isEqualTo("sb1;R;41=0,42=2;");

        // When the next owner reads it
        CrashMarkers next = CrashMarkers.fromCommitted(committed, 41);

        // Then both were in flight during one more crash
        assertThat(next.crashes(41)).isEqualTo(1);
        assertThat(next.crashes(42)).isEqualTo(3);
        assertThat(next.crashes(43)).isZero();
    }

    @Test
    void shouldCarryTheCountsOfSuspectsNotYetRunningWithoutCountingACrashForThem() {
        // Given a new owner that knows 41 and 42 crashed once, and runs 41 alone while 42 waits
        CrashMarkers markers = CrashMarkers.fromCommitted("sb1;R;41=0,42=0", 41);
        String committed = markers.encode(CrashMarkers.State.RUNNING, List.of(41L), 41);
        assertThat(committed).isEqualTo("sb1;R;41=1;42=1");

        // When this owner dies too
        CrashMarkers next = CrashMarkers.fromCommitted(committed, 41);

        // Then 41 was in flight during a second crash; 42, which was not running, keeps its one
        assertThat(next.crashes(41)).isEqualTo(2);
        assertThat(next.crashes(42)).isEqualTo(1);
    }

    @Test
    void shouldCountNoCrashForRecordsHandedOverOnPurpose() {
        CrashMarkers next = CrashMarkers.fromCommitted("sb1;H;41=0,42=2", 41);

        assertThat(next.crashes(41)).isZero();
        assertThat(next.crashes(42)).isEqualTo(2);
    }

    @Test
    void shouldSayARecordListedInFlightMayHaveRunBeforeWhetherItsOwnerDiedOrHandedItOver() {
        // Given one owner that died and one that handed its partition over, each with 41 and 42 in flight
        CrashMarkers died = CrashMarkers.fromCommitted("sb1;R;41=0,42=0", 41);
        CrashMarkers handedOver = CrashMarkers.fromCommitted("sb1;H;41=0,42=0", 41);

        // Then both records may have run before (their model calls may be journaled), and the next one may not
        assertThat(died.wasInFlight(41)).isTrue();
        assertThat(handedOver.wasInFlight(42)).isTrue();
        assertThat(handedOver.wasInFlight(43)).isFalse();
        assertThat(CrashMarkers.fromCommitted("sb1;H;40=0", 41).wasInFlight(40)).isFalse();
        // and a finished record no longer is
        handedOver.finished(42);
        assertThat(handedOver.wasInFlight(42)).isFalse();
    }

    @Test
    void shouldForgetFinishedRecordsAndOffsetsBelowTheCommitPoint() {
        CrashMarkers markers = CrashMarkers.fromCommitted("sb1;R;10=0,11=0", 11);
        assertThat(markers.crashes(10)).isZero();
        assertThat(markers.crashes(11)).isEqualTo(1);

        markers.finished(11);

        assertThat(markers.isEmpty()).isTrue();
        assertThat(markers.encode(CrashMarkers.State.RUNNING, List.of(), 12)).isEmpty();
    }

    @Test
    void shouldTrustNoneOfAForeignOrTornValue() {
        for (String foreign : new String[] {null, "", "hello", "sb1;R;", "sb1;R;;", "sb1;X;1=1", "sb1;R;1=x", "sb1;R;=1",
                "sb1;R;5=1,garbage", "sb2;R;1=1", "sb1;R;1=1;2=1;3=1", "sb1;R;1=-5"}) {
            assertThat(CrashMarkers.fromCommitted(foreign, 0).isEmpty()).as(String.valueOf(foreign)).isTrue();
        }
    }

    @Test
    void shouldStayWithinKafkasMetadataLimitKeepingTheLowestOffsets() {
        List<Long> inFlight = LongStream.range(1_000_000_000L, 1_000_001_000L).boxed().toList();

        String metadata = CrashMarkers.none().encode(CrashMarkers.State.RUNNING, inFlight, 0);

        assertThat(metadata.length()).isLessThanOrEqualTo(CrashMarkers.MAX_METADATA_CHARS);
        assertThat(metadata).startsWith("sb1;R;1000000000=0,1000000001=0");
        assertThat(CrashMarkers.fromCommitted(metadata, 0).crashes(1_000_000_000L)).isEqualTo(1);
    }
}
