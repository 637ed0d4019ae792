package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.SynthesisTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * 'up' in-process with its embedded broker: three documents over HTTP, three reports; a restart keeps them, and the
 * dashboard works there without keys.
 */
class LauncherUpIT {

    @Test
    void shouldAnswerThreeDocumentsWithThreeReportsAndKeepThemAcrossARestart(@TempDir Path dataDir) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (Stack stack = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0), dataDir, null)) {
            ApiClient api = new ApiClient(stack.url(), null);
            for (String sample : DemoCommand.BUNDLED) {
                jobs.add(api.submit(Files.readString(Path.of("..", "samples", sample), StandardCharsets.UTF_8), null));
            }
            for (String job : jobs) {
                Optional<Report> report = api.awaitReport(job, Duration.ofSeconds(60));
                assertThat(report).isPresent();
                assertThat(report.get().status()).isEqualTo(Report.Status.COMPLETED);
                assertThat(report.get().results()).containsOnlyKeys("sentiment", "entities", "summary", Report.SYNTHESIS_AGENT);
                // offline, the synthesis agent writes the headline template: the report's synthesis is its text
                assertThat(report.get().synthesis()).contains("Overall sentiment").contains("Summary:")
                        .isEqualTo(headlineTemplate(report.get()))
                        .isEqualTo(report.get().results().get(Report.SYNTHESIS_AGENT).output().path(Report.SYNTHESIS_TEXT_FIELD).asText());
            }
        }
        try (Stack restarted = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0), dataDir, null)) {
            ApiClient api = new ApiClient(restarted.url(), null);
            for (String job : jobs) {
                assertThat(api.awaitReport(job, Duration.ofSeconds(30))).as("report of " + job + " after restart").isPresent();
            }
            assertDashboardWorksWithoutKeys(restarted.url(), jobs);
        }
    }

    /**
     * Keyless loopback mode in a real browser: the dashboard lists the jobs with no sign-in, and a document submitted
     * from its page (a same-origin POST, which carries {@code Origin}) passes the keyless guard and completes.
     */
    private static void assertDashboardWorksWithoutKeys(String url, List<String> jobs) {
        WebDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(url + "/ui/#/jobs");
            for (String job : jobs) {
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), job));
            }
            assertThat(browser.findElement(By.id("login")).isDisplayed()).as("sign-in dialog without keys").isFalse();

            browser.findElement(By.cssSelector("#nav a[data-route=submit]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("document"))).sendKeys("A calm and pleasant morning.");
            browser.findElement(By.id("submit")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-status"), "COMPLETED"));
            assertThat(browser.findElement(By.id("login")).isDisplayed()).as("sign-in dialog without keys").isFalse();
        } finally {
            browser.quit();
        }
    }

    private static String headlineTemplate(Report report) {
        SynthesisTemplate template = new SynthesisTemplate();
        for (String agent : List.of("sentiment", "entities", "summary")) {
            template.answered(agent, report.results().get(agent).findHeadline());
        }
        return template.text();
    }
}
