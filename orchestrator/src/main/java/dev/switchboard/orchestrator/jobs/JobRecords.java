package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import dev.switchboard.observability.tracing.KafkaTraceHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Every record one job writes, serialized and checked: the manifest, one task per agent of the first stage (the
 * document JSON-escaped inside it; later stages' tasks are the aggregator's to release, from the document the manifest
 * then carries, decision 0030) and the {@code SUBMITTED} event naming every agent. Made only by {@link #of}, which
 * refuses a job with any record value over {@link TopicCatalogue#maxValueBytes()}, so an oversized
 * job fails alone, before anything of it reaches Kafka.
 */
public final class JobRecords {
    /** Longest agent name topics.yaml allows; sizes the task envelope in {@link #requireDocumentLimitFits}. */
    static final int LONGEST_AGENT_NAME = 63;

    /** One record and what it is, for messages ({@code "task for agent 'sentiment'"}). */
    public record Entry(String what, ProducerRecord<String, byte[]> record) {
        public int valueBytes() {
            return record.value().length;
        }
    }

    private final JobManifest manifest;
    private final List<Entry> entries;
    private final long bytes;

    private JobRecords(JobManifest manifest, List<Entry> entries) {
        this.manifest = manifest;
        this.entries = List.copyOf(entries);
        this.bytes = entries.stream().mapToLong(Entry::valueBytes).sum();
    }

    /**
     * The records of the job {@code jobId} that {@code request} of {@code owner} asks for, submitted {@code now}: its manifest
     * staged with the workflow and the document (decision 0030). Both front doors (HTTP and the Kafka ingress) build jobs here.
     */
    public static JobRecords of(UUID jobId, JobRequest request, String owner, Instant now, TopicCatalogue topics) {
        JobManifest manifest = new JobManifest(Versioned.CURRENT_VERSION, jobId, request.agents(), now, now.plus(request.deadline()),
                request.callbackUrl(), request.metadata(), request.requestHash(), owner, request.budget());
        Document document = new Document(request.text(), request.contentType());
        return of(manifest.withWorkflow(topics.graph(), document), document, topics);
    }

    /** Serializes the job's records; throws {@link JobTooLargeException} naming the first one over the limit. */
    public static JobRecords of(JobManifest manifest, Document document, TopicCatalogue topics) {
        String key = manifest.jobId().toString();
        List<Entry> entries = new ArrayList<>();
        entries.add(entry("manifest", topics.jobs(), key, manifest, topics));
        // each task, of every stage, may spend an even share of the job's budget (decision 0024)
        Budget share = manifest.budget() == null ? null : manifest.budget().perTask(manifest.agents().size());
        for (String agent : manifest.firstStage()) {
            entries.add(entry("task for agent '" + agent + "'", taskTopic(topics, agent), key,
                    task(manifest.jobId(), agent, document, manifest.submittedAt(), manifest.deadline()).withBudget(share), topics));
        }
        JobEvent submitted = JobEvent.ofJob(manifest.jobId(), JobEvent.Type.SUBMITTED, String.join(",", manifest.agents()),
                manifest.submittedAt());
        entries.add(entry("SUBMITTED event", topics.events(), key, submitted, topics));
        return new JobRecords(manifest, entries);
    }

    /**
     * Refuses a document limit under which a plain document (ordinary text escapes about 1:1) of the
     * largest accepted size would still make a task over {@link TopicCatalogue#maxValueBytes()}.
     * Documents that escape to more (all quotes: 2:1) are refused one by one with a 413.
     */
    public static void requireDocumentLimitFits(long maxDocumentBytes, TopicCatalogue topics) {
        long envelope = taskEnvelopeBytes();
        long largestTask = maxDocumentBytes + envelope;
        if (largestTask > topics.maxValueBytes()) {
            throw new ConfigException("SWITCHBOARD_MAX_DOCUMENT_BYTES (" + maxDocumentBytes + ") is too large for the record limit:"
                    + " a plain document of that size makes a task of " + largestTask + " bytes, and a record value may have at most "
                    + topics.maxValueBytes() + " bytes (topics.yaml defaults.maxMessageBytes " + topics.maxMessageBytes() + " less "
                    + TopicCatalogue.RECORD_OVERHEAD_ALLOWANCE + " for key and headers). Lower SWITCHBOARD_MAX_DOCUMENT_BYTES to at most "
                    + (topics.maxValueBytes() - envelope) + ", or raise defaults.maxMessageBytes to at least "
                    + (largestTask + TopicCatalogue.RECORD_OVERHEAD_ALLOWANCE));
        }
    }

    /** Bytes of a serialized task beyond its document text, with the longest agent name and nanosecond timestamps. */
    static long taskEnvelopeBytes() {
        Instant t = Instant.parse("2999-12-31T23:59:59.999999999Z");
        Task empty = task(new UUID(-1, -1), "a".repeat(LONGEST_AGENT_NAME), Document.ofText(""), t, t);
        return Json.toBytes(empty).length;
    }

    private static Task task(UUID jobId, String agent, Document document, Instant submittedAt, Instant deadline) {
        return new Task(Versioned.CURRENT_VERSION, jobId, JobIds.taskId(jobId, agent), agent, 1, document, null, submittedAt, deadline);
    }

    private static Topic<String, Task> taskTopic(TopicCatalogue topics, String agent) {
        return topics.findAgent(agent).orElseGet(() -> topics.withAgent(agent).agent(agent)).tasks();
    }

    private static <V> Entry entry(String what, Topic<String, V> topic, String key, V value, TopicCatalogue topics) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        if (bytes.length > topics.maxValueBytes()) {
            throw new JobTooLargeException(what, topic.name(), bytes.length, topics.maxValueBytes(), null);
        }
        // the submit's span: the manifest and every task continue the job's trace (decision 0028)
        return new Entry(what, new ProducerRecord<>(topic.name(), null, key, bytes, KafkaTraceHeaders.ofCurrent()));
    }

    public JobManifest manifest() {
        return manifest;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Bytes of every record value of the job. */
    public long bytes() {
        return bytes;
    }
}
