package dev.switchboard.core.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.AgentInvocation;
import dev.switchboard.core.runtime.FailureClassifier;
import dev.switchboard.core.runtime.FailureRoute;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.TaskException;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.RetryTier;
import dev.switchboard.core.config.LlmPrices;
import dev.switchboard.core.internal.llm.JournalStore;
import dev.switchboard.core.internal.llm.TaskData;
import dev.switchboard.core.internal.llm.TaskJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import dev.switchboard.observability.tracing.LogContext;
import dev.switchboard.observability.tracing.SpanScope;

/**
 * Turns one task record into its outputs: reads it, checks the deadline, runs the agent, and
 * publishes an OK result, a retry, or a dead letter with a FAILED result, each with a job event.
 * Whatever the agent throws, {@link Error}s included, is that task's failure; so is an output too
 * large for the results topic. Returns only when the broker has every output; throws only when
 * the outputs could not be written. The task's model calls are in the call journal before any output is published; a
 * journal entry that cannot be written is an output that cannot be written (the record is redelivered).
 */
final class TaskProcessor implements RecordHandler {
    private static final Logger log = LoggerFactory.getLogger(TaskProcessor.class);
    /** How long the outputs wait for the call journal's entries (the producer's delivery timeout is 2 minutes). */
    private static final Duration JOURNAL_TIMEOUT = Duration.ofMinutes(2);

    private final Agent<?> agent;
    private final AgentTopics topics;
    private final LlmGateway gateway;
    private final OutputPublisher publisher;
    private final FailureClassifier classifier;
    private final TaskMetrics metrics;
    private final Clock clock;
    private final Logger agentLog;
    private final JournalStore journal;
    private final LlmPrices prices;

    TaskProcessor(Agent<?> agent, AgentTopics topics, LlmGateway gateway, OutputPublisher publisher,
                  FailureClassifier classifier, TaskMetrics metrics, Clock clock) {
        this(agent, topics, gateway, publisher, classifier, metrics, clock, null, LlmPrices.NONE);
    }

    /** With a call journal ({@code null}: none) and the price table for the results' usage. */
    TaskProcessor(Agent<?> agent, AgentTopics topics, LlmGateway gateway, OutputPublisher publisher,
                  FailureClassifier classifier, TaskMetrics metrics, Clock clock, JournalStore journal, LlmPrices prices) {
        this.journal = journal;
        this.prices = prices;
        this.agent = agent;
        this.topics = topics;
        this.gateway = gateway;
        this.publisher = publisher;
        this.classifier = classifier;
        this.metrics = metrics;
        this.clock = clock;
        this.agentLog = LoggerFactory.getLogger("dev.switchboard.agent." + agent.name());
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record, boolean mayHaveRunBefore)
            throws InterruptedException, ExecutionException {
        long start = System.nanoTime();
        metrics.started();
        try (SpanScope attempt = AttemptSpan.start(record, agent.name());
             LogContext job = LogContext.put(LogContext.JOB_ID, record.key())) {
            Optional<Task> task = read(record);
            if (task.isPresent()) {
                AttemptSpan.describe(task.get());
                try (LogContext t = LogContext.put(LogContext.TASK_ID, task.get().taskId())) {
                    run(record, task.get(), mayHaveRunBefore);
                }
            }
        } finally {
            metrics.finished(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public void poison(ConsumerRecord<String, byte[]> record, int crashes) throws InterruptedException, ExecutionException {
        Instant now = clock.instant();
        String message = "The record was in flight during " + crashes + " process crashes; it is set aside so the partition moves on";
        Optional<Task> task = parse(record);
        int attempts = task.map(Task::attempt).orElse(0);
        OutputPublisher.Batch batch = publisher.batch(record).poison(topics.deadLetters(), message, attempts, crashes, now);
        task.ifPresent(t -> resultIfItFits(batch, t,
                AgentResult.failed(t, ErrorInfo.of(ErrorType.POISON_RECORD, message), null, null, now, now),
                JobEvent.ofTask(t, JobEvent.Type.TASK_DEAD_LETTERED, ErrorType.POISON_RECORD.name(), now)));
        batch.await();
        metrics.deadLettered(ErrorType.POISON_RECORD.name());
        metrics.failed();
    }

    private Optional<Task> parse(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.ofNullable(topics.tasks().valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            return Optional.empty();
        }
    }

    private Optional<Task> read(ConsumerRecord<String, byte[]> record) throws InterruptedException, ExecutionException {
        try {
            if (record.value() == null) {
                throw new SerializationException("Record on " + record.topic() + " has no value");
            }
            return Optional.of(topics.tasks().valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            log.warn("Unreadable task at {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
                    topics.deadLetters(), e.getMessage());
            publisher.batch(record).deadLetter(topics.deadLetters(), e, 0, clock.instant()).await();
            metrics.deadLettered(ErrorType.UNREADABLE_TASK.name());
            return Optional.empty();
        }
    }

    private void run(ConsumerRecord<String, byte[]> record, Task task, boolean mayHaveRunBefore)
            throws InterruptedException, ExecutionException {
        Instant started = clock.instant();
        if (!task.agent().equals(agent.name())) {
            fail(record, task, new NonRetriableTaskException(ErrorType.INVALID_INPUT,
                    "Task is for agent '" + task.agent() + "' but arrived on " + record.topic()), started, null);
            return;
        }
        if (task.isPastDeadline(started)) {
            AgentResult result = AgentResult.failed(task, ErrorInfo.of(ErrorType.DEADLINE_EXCEEDED,
                    "Job deadline " + task.deadline() + " passed before the task started"), null, null, started, started);
            publisher.batch(record).result(result)
                    .event(JobEvent.ofTask(task, JobEvent.Type.TASK_FAILED, ErrorType.DEADLINE_EXCEEDED.name(), started)).await();
            metrics.failed();
            return;
        }
        // a retry, or a record in flight at an earlier owner, may have paid for model calls: replay them
        TaskJournal calls = TaskJournal.of(journal, task.jobId(), task.taskId(), JournalSince.of(record, task),
                mayHaveRunBefore || task.attempt() > 1, prices, clock);
        AgentInvocation<?> invocation = AgentInvocation.of(agent, TaskData.of(task, calls), gateway, clock, agentLog);
        LlmGateway.Client llm = invocation.llm();
        JsonNode json;
        String headline;
        try (MDC.MDCCloseable j = MDC.putCloseable("jobId", task.jobId().toString());
             MDC.MDCCloseable t = MDC.putCloseable("taskId", task.taskId().toString());
             MDC.MDCCloseable a = MDC.putCloseable("agent", agent.name())) {
            Object output = invocation.call();
            if (output == null) {
                throw new NonRetriableTaskException(ErrorType.AGENT_ERROR, "Agent " + agent.name() + " returned no output");
            }
            json = Json.toTree(output);
            headline = headline(invocation, output).orElse(null);
        } catch (Throwable e) {
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new AbandonedTaskException(e);
            }
            journaled(calls);
            fail(record, task, e instanceof Error crash ? crashed(crash) : e, started, llm);
            return;
        }
        journaled(calls);
        Instant finished = clock.instant();
        OutputPublisher.Batch batch;
        try {
            batch = publisher.batch(record).result(AgentResult.ok(task, json, headline, llm.modelName(), llm.usage(), started, finished));
        } catch (OutputTooLargeException e) {
            fail(record, task, e, started, llm);
            return;
        }
        batch.event(JobEvent.ofTask(task, JobEvent.Type.TASK_COMPLETED, null, finished)).await();
        metrics.completed();
    }

    /** Waits until the journal has the task's model calls: only then may its outputs be published. */
    private static void journaled(TaskJournal calls) throws InterruptedException, ExecutionException {
        try {
            calls.awaitWritten(JOURNAL_TIMEOUT);
        } catch (TimeoutException e) {
            throw new ExecutionException("The call journal did not take the task's model calls within " + JOURNAL_TIMEOUT, e);
        }
    }

    /** The agent's headline for the output it just gave (bounded in {@link AgentResult}); one that throws is left out. */
    @SuppressWarnings("unchecked")
    private static <O> java.util.Optional<String> headline(AgentInvocation<O> invocation, Object output) {
        return invocation.headline((O) output);
    }

    /** An {@link Error} thrown by the agent (stack overflow, out of memory, an assertion) fails that task only. */
    private NonRetriableTaskException crashed(Error error) {
        log.warn("Agent {} crashed on a task: {}", agent.name(), error.toString());
        return new NonRetriableTaskException(ErrorType.AGENT_CRASHED, "Agent " + agent.name() + " crashed: " + error, error);
    }

    private void fail(ConsumerRecord<String, byte[]> record, Task task, Throwable failure, Instant started, LlmGateway.Client llm)
            throws InterruptedException, ExecutionException {
        Instant now = clock.instant();
        Throwable error = failure;
        FailureRoute route = classifier.classify(error);
        AttemptSpan.failed(error, route.name());
        Optional<RetryTier> tier = route == FailureRoute.RETRY ? topics.tierAfter(task.attempt()) : Optional.empty();
        if (tier.isPresent()) {
            Instant due = now.plus(tier.get().delay());
            try {
                OutputPublisher.Batch batch = publisher.batch(record).retry(tier.get(), task.nextAttempt(), due,
                        JournalSince.of(record, task));
                log.info("Task {} of job {} failed transiently on attempt {} ({}); retrying via {} at {}",
                        task.taskId(), task.jobId(), task.attempt(), error.toString(), tier.get().topic(), due);
                batch.event(JobEvent.ofTask(task, JobEvent.Type.TASK_RETRY_SCHEDULED, tier.get().label(), now)).await();
                metrics.retried();
                return;
            } catch (OutputTooLargeException tooLarge) {
                error = tooLarge; // the retry copy would not fit: dead-letter it instead
                route = FailureRoute.DEAD_LETTER;
            }
        }
        String type = route == FailureRoute.RETRY ? ErrorType.RETRIES_EXHAUSTED.name()
                : error instanceof TaskException te ? te.errorType() : ErrorType.AGENT_ERROR.name();
        String message = DlqHeaders.truncate(String.valueOf(error.getMessage()));
        log.warn("Task {} of job {} failed on attempt {} ({}: {}); dead-lettered to {}",
                task.taskId(), task.jobId(), task.attempt(), type, message, topics.deadLetters());
        AgentResult result = AgentResult.failed(task, new ErrorInfo(type, message),
                llm == null ? null : llm.modelName(), llm == null ? null : llm.usage(), started, now);
        OutputPublisher.Batch batch = publisher.batch(record).deadLetter(topics.deadLetters(), error, type, task.attempt(), now);
        resultIfItFits(batch, task, result, JobEvent.ofTask(task, JobEvent.Type.TASK_DEAD_LETTERED, type, now));
        batch.await();
        metrics.deadLettered(type);
        metrics.failed();
    }

    /**
     * Adds the FAILED result and its event to a batch that already holds the dead letter. A hostile task can make
     * even a FAILED result too large (a 2 MB agent name): then the dead letter (truncated to fit) is all it gets.
     */
    private void resultIfItFits(OutputPublisher.Batch batch, Task task, AgentResult result, JobEvent event) {
        try {
            batch.result(result).event(event);
        } catch (OutputTooLargeException e) {
            log.warn("The FAILED result of task {} would not fit its topic; only dead-lettered: {}", task.taskId(), e.getMessage());
        }
    }
}
