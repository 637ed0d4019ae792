package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.observability.tracing.LogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The launcher's logback.xml: job, task and trace ids in every line, and {@code SWITCHBOARD_LOG_FORMAT=json} JSON lines. */
class LogFormatTest {

    @Test
    void shouldWriteJsonLinesWithTheLogContextWhenAskedTo() throws Exception {
        // Given the launcher's logging configured with SWITCHBOARD_LOG_FORMAT=json
        String line = logOneLine("json");

        // Then the line is one JSON object with the message and the job, task and trace ids
        JsonNode json = Json.mapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("message").asText()).isEqualTo("task done");
        assertThat(json.path("mdc").path("jobId").asText()).isEqualTo("job-1");
        assertThat(json.path("mdc").path("taskId").asText()).isEqualTo("task-1");
        assertThat(json.path("mdc").path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void shouldShowTheIdsInTheTextPatternByDefault() throws Exception {
        // Given the launcher's logging with no format set; When a task logs
        String line = logOneLine(null);

        // Then the line names the job, task and trace
        assertThat(line).contains("INFO").contains("job=job-1 task=task-1 trace=4bf92f3577b34da6a3ce929d0e0e4736 - task done");
    }

    private static String logOneLine(String format) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the MDC the services write (slf4j's), as in a process
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("SWITCHBOARD_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            Logger log = context.getLogger("dev.switchboard.test");
            try (LogContext job = LogContext.put(LogContext.JOB_ID, "job-1");
                 LogContext task = LogContext.put(LogContext.TASK_ID, "task-1");
                 LogContext trace = LogContext.put(LogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736")) {
                log.info("task done");
            }
        } finally {
            context.stop();
            System.setErr(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        return lines[0];
    }

    @Test
    void shouldRefuseALogFormatThatWouldLeaveTheProcessSilent() {
        // Given the two formats logback.xml has an appender for, and values it has none for
        assertThat(Main.logFormatProblem(null)).isNull();
        assertThat(Main.logFormatProblem("text")).isNull();
        assertThat(Main.logFormatProblem("json")).isNull();

        // Then any other value stops the start with a message naming the setting, instead of a process with no logs
        for (String bad : new String[] {"JSON", "", "xml", "${x}"}) {
            assertThat(Main.logFormatProblem(bad)).as(bad).contains("SWITCHBOARD_LOG_FORMAT").contains("text or json");
        }
    }
}
