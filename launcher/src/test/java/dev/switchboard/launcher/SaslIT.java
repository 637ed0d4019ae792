package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SASL/PLAIN cluster: the services connect with credentials from SWITCHBOARD_KAFKA_*; a wrong password is refused clearly. */
class SaslIT {
    private static final String PASSWORD = "sasl-pw-5c1e";

    @Test
    void shouldRunAJobOnASaslClusterAndRefuseAWrongPassword(@TempDir Path dir) throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            runOnSaslCluster(dir);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(PASSWORD)
                || e.getThrowableProxy() != null && ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()).contains(PASSWORD));
    }

    private void runOnSaslCluster(Path dir) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().saslPlainUser("switchboard", PASSWORD).build().start()) {
            Map<String, String> sasl = EmbeddedKafkaCluster.saslClientProperties("switchboard", PASSWORD);
            Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0)
                    .set("SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", sasl.get("security.protocol"))
                    .set("SWITCHBOARD_KAFKA_SASL_MECHANISM", sasl.get("sasl.mechanism"))
                    .set("SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG", sasl.get("sasl.jaas.config"));
            try (Stack stack = Stack.start(settings, dir, kafka.bootstrapServers())) {
                ApiClient api = new ApiClient(stack.url(), null);
                String job = api.submit("Authenticated clusters work the same way.", null);
                assertThat(api.awaitReport(job, Duration.ofSeconds(60))).get().extracting(Report::status).isEqualTo(Report.Status.COMPLETED);
            }

            try (Processes processes = new Processes(dir)) {
                Map<String, String> wrong = Map.of(
                        "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "SWITCHBOARD_KAFKA_SASL_MECHANISM", "PLAIN",
                        "SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG", EmbeddedKafkaCluster.saslClientProperties("switchboard", "not-the-password")
                                .get("sasl.jaas.config"));
                Process check = processes.start("wrong-password", wrong, "topics", "check", "--bootstrap-servers", kafka.bootstrapServers());
                assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String out = processes.log("wrong-password");
                assertThat(check.exitValue()).as(out).isEqualTo(1);
                assertThat(out).contains("Authentication failed").doesNotContain("not-the-password");
            }
        }
    }
}
