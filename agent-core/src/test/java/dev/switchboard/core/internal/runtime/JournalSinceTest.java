package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Task;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Where a task attempt reads its call journal from: not from the job's submit time when the job queued for hours. */
class JournalSinceTest {
    private static final Instant SUBMITTED = Instant.parse("2026-01-01T08:00:00Z");
    private static final Instant ENQUEUED = SUBMITTED.plus(Duration.ofHours(5));
    private final Task first = new Task(1, UUID.randomUUID(), UUID.randomUUID(), "a", 1, Document.ofText("d"), null,
            SUBMITTED, SUBMITTED.plus(Duration.ofDays(1)));

    private static ConsumerRecord<String, byte[]> record(Instant timestamp, String journalSince) {
        RecordHeaders headers = new RecordHeaders();
        if (journalSince != null) {
            headers.add(JournalSince.HEADER, journalSince.getBytes(StandardCharsets.US_ASCII));
        }
        return new ConsumerRecord<>("t", 0, 0, timestamp.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0, "k", new byte[0],
                headers, Optional.empty());
    }

    @Test
    void shouldReadAFirstAttemptsJournalFromWhenItsRecordWasEnqueued() {
        // Given a task record enqueued five hours after its job was submitted (a long queue)
        // When its attempt (or its redelivery after a crash) reads the journal
        Instant since = JournalSince.of(record(ENQUEUED, null), first);

        // Then it reads from the record's time, before any call of the task, not from the submit time
        assertThat(since).isEqualTo(ENQUEUED);
    }

    @Test
    void shouldReadARetrysJournalFromWhereTheFailedAttemptRead() {
        // Given a retry record published an hour after the failed attempt began reading at ENQUEUED
        Instant failedAttemptSince = ENQUEUED;
        ConsumerRecord<String, byte[]> retry = record(ENQUEUED.plus(Duration.ofHours(1)),
                new String(JournalSince.encode(failedAttemptSince), StandardCharsets.US_ASCII));

        // When the retry reads the journal
        // Then it reads from the header: every earlier attempt's calls are after it
        assertThat(JournalSince.of(retry, first.nextAttempt())).isEqualTo(failedAttemptSince);
    }

    @Test
    void shouldFallBackToTheSubmitTimeForARetryWithoutTheHeader() {
        // Given a retry record from a version that did not write the header
        // When it is read / Then the scan starts at the submit time, as before
        assertThat(JournalSince.of(record(ENQUEUED, null), first.nextAttempt())).isEqualTo(SUBMITTED);
    }

    @Test
    void shouldKeepAForeignHeaderWithinTheSubmitTimeAndTheRecordsTime() {
        // Given headers far before the submit time, after the record, and unreadable
        ConsumerRecord<String, byte[]> early = record(ENQUEUED, "0");
        ConsumerRecord<String, byte[]> late = record(ENQUEUED, Long.toString(ENQUEUED.plus(Duration.ofDays(9)).toEpochMilli()));
        ConsumerRecord<String, byte[]> garbage = record(ENQUEUED, "yesterday");

        // When they are read / Then the scan stays within [submit time, record time]
        assertThat(JournalSince.of(early, first.nextAttempt())).isEqualTo(SUBMITTED);
        assertThat(JournalSince.of(late, first.nextAttempt())).isEqualTo(ENQUEUED);
        assertThat(JournalSince.of(garbage, first.nextAttempt())).isEqualTo(SUBMITTED);
    }
}
