package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (issue 18): headless Chromium logs in with an admin key, submits a hostile document
 * through the Submit page, sees the job PARTIAL with sentiment failed, inspects and replays the dead letter once the
 * model is fixed, and sees the job page reach COMPLETED, revision 2. Model output and the document show as text, never
 * as markup. Each page's screenshot goes to {@code target/screenshots/<page>.png}.
 */
class DashboardIT {
    private static final String ADMIN = "dashboard-it-admin-key-5c2e8a1f9b3d";
    private static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1\">";
    private static final String HOSTILE_JSON = HOSTILE.replace("\"", "\\\"");
    private static final Path SHOTS = Path.of("target", "screenshots");

    @Test
    void shouldLogInSubmitAndReplayADeadLetterThroughTheDashboard(@TempDir Path dir) throws Exception {
        // Given a stack with an admin key and a model that answers garbage to the sentiment agent
        AtomicBoolean broken = new AtomicBoolean(true);
        try (ScriptedOpenAiServer llm = ScriptedOpenAiServer.start()) {
            llm.otherwise(r -> r.systemMessage().contains("sentiment analyst")
                    ? Reply.content(broken.get() ? "Feelings cannot be put into JSON." : "{\"label\":\"positive\",\"score\":0.8,\"confidence\":0.9}")
                    : r.systemMessage().contains("named entities") ? Reply.content("{\"entities\":[]}")
                    : r.systemMessage().contains("Master Agent") ? Reply.content("{\"text\":\"Quoted: " + HOSTILE_JSON + "\"}")
                    : Reply.content("{\"summary\":\"It quotes " + HOSTILE_JSON + "\",\"keyPoints\":[\"" + HOSTILE_JSON + "\"]}"));
            Settings settings = new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0).set("SWITCHBOARD_ADMIN_API_KEYS", ADMIN)
                    .set("SWITCHBOARD_LLM_PROVIDER", "openai").set("SWITCHBOARD_LLM_BASE_URL", llm.baseUrl());
            Files.createDirectories(SHOTS);
            try (Stack stack = Stack.start(settings, dir, null)) {
                WebDriver browser = Chromium.start();
                try {
                    Page page = new Page(browser);

                    // When the dashboard is opened, Then it asks for the key; signing in keeps it in this tab only
                    browser.get(stack.url() + "/ui/");
                    page.visible(By.id("login-key")).sendKeys(ADMIN);
                    page.shoot("login");
                    browser.findElement(By.id("login-submit")).click();
                    page.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login")));
                    assertThat(page.script("return sessionStorage.getItem('switchboard.apiKey')")).isEqualTo(ADMIN);
                    assertThat(page.script("return localStorage.getItem('switchboard.apiKey')")).isNull();

                    // When a hostile document is submitted through the Submit page
                    browser.findElement(By.cssSelector("#nav a[data-route=submit]")).click();
                    page.visible(By.cssSelector("#agents-pick input[value=sentiment]"));
                    browser.findElement(By.id("document")).sendKeys("A lovely day at the seaside. " + HOSTILE);
                    page.shoot("submit");
                    browser.findElement(By.id("submit")).click();
                    page.until(ExpectedConditions.urlMatches("#/jobs/[0-9a-f-]{36}$"));
                    String job = browser.getCurrentUrl().replaceAll(".*#/jobs/", "");

                    // Then its page shows it PARTIAL, revision 1, sentiment failed, and the echoed markup as text
                    page.text(By.id("job-status"), "PARTIAL", Duration.ofSeconds(60));
                    page.text(By.id("report-revision"), "revision 1", Duration.ofSeconds(5));
                    page.text(By.cssSelector("[data-agent=sentiment] h3"), "FAILED", Duration.ofSeconds(5));
                    page.text(By.id("events"), "TASK_DEAD_LETTERED", Duration.ofSeconds(10));
                    page.text(By.id("report"), HOSTILE, Duration.ofSeconds(5));
                    page.assertNoMarkupRan();
                    page.shoot("job-partial");

                    // When the dead letter is inspected on the Dead letters page
                    browser.findElement(By.cssSelector("#nav a[data-route=dlq]")).click();
                    By row = By.xpath("//tr[starts-with(@data-ref,'sentiment:')][.//a[contains(@href,'" + job + "')]]");
                    page.visible(row).findElement(By.cssSelector("button.inspect")).click();

                    // Then the task's document shows as text: no img element
                    page.text(By.id("dlq-document"), HOSTILE, Duration.ofSeconds(10));
                    page.assertNoMarkupRan();
                    page.shoot("dlq");

                    // When the model is fixed, a dry run tried and the dead letter replayed from the page
                    broken.set(false);
                    browser.findElement(row).findElement(By.cssSelector("button.dry-run")).click();
                    page.text(By.id("dlq-outcome"), "Would send 1, skipped 0.", Duration.ofSeconds(10));
                    browser.findElement(row).findElement(By.cssSelector("button.replay")).click();
                    page.text(By.id("dlq-outcome"), "Sent 1, skipped 0.", Duration.ofSeconds(10));
                    browser.findElement(By.cssSelector("#dlq-outcome .sent a")).click();

                    // Then the job's page follows it to COMPLETED, revision 2, sentiment OK, usage shown
                    page.text(By.id("job-status"), "COMPLETED", Duration.ofSeconds(30));
                    page.text(By.id("report-revision"), "revision 2", Duration.ofSeconds(5));
                    page.text(By.cssSelector("[data-agent=sentiment] h3"), "OK", Duration.ofSeconds(5));
                    page.text(By.id("events"), "REPORT_AMENDED", Duration.ofSeconds(10));
                    page.text(By.id("report"), HOSTILE, Duration.ofSeconds(5));
                    page.text(By.cssSelector("#report table.usage"), "total", Duration.ofSeconds(5));
                    page.assertNoMarkupRan();
                    page.shoot("job");
                    browser.manage().window().setSize(new Dimension(420, 900));
                    page.shoot("job-narrow");
                    browser.manage().window().setSize(new Dimension(1280, 900));

                    // And the jobs list shows it newest first, completed; the agents page its live instances
                    browser.findElement(By.cssSelector("#nav a[data-route=jobs]")).click();
                    page.text(By.id("jobs"), job, Duration.ofSeconds(10));
                    page.text(By.id("jobs"), "COMPLETED", Duration.ofSeconds(10));
                    page.shoot("jobs");

                    // When the status filter is set, Then only jobs of that status are listed
                    new Select(browser.findElement(By.id("status-filter"))).selectByValue("PARTIAL");
                    page.text(By.id("jobs"), "No job has that status.", Duration.ofSeconds(10));
                    new Select(browser.findElement(By.id("status-filter"))).selectByValue("COMPLETED");
                    page.text(By.id("jobs"), job, Duration.ofSeconds(10));
                    assertThat(browser.findElements(By.cssSelector("#jobs tbody tr td:nth-child(2)"))).extracting(WebElement::getText)
                            .isNotEmpty().containsOnly("COMPLETED");

                    // And the agents page shows each type's queue signals from the heartbeats: lag and in-flight numbers
                    browser.findElement(By.cssSelector("#nav a[data-route=agents]")).click();
                    page.text(By.id("agents"), "live instance", Duration.ofSeconds(10));
                    page.until(ExpectedConditions.textMatches(By.cssSelector("#agents dl.signals"),
                            Pattern.compile("Lag\\s+\\d+ records\\s+Oldest task\\s+(—|[\\d.]+ s)\\s+In flight\\s+\\d+")));
                    page.shoot("agents");

                    // And a job page for an id nobody knows says so and stops asking
                    browser.get(stack.url() + "/ui/#/jobs/00000000-0000-4000-8000-000000000000");
                    page.text(By.tagName("main"), "(404)", Duration.ofSeconds(10));
                    page.text(By.id("job-status"), "not found", Duration.ofSeconds(5));

                    // And the event-stream reader joins frames split across chunks (a CRLF too), drops a frame over its
                    // cap, and backs off between 500 ms and 30 s
                    Object read = ((JavascriptExecutor) browser).executeAsyncScript("""
                            const done = arguments[arguments.length - 1];
                            import(location.origin + '/ui/js/sse.js').then(async ({frames, backoff}) => {
                              const chunks = ['id: 1\\r', '\\ndata: a\\r\\n\\r', '\\nid: 2\\ndata: b\\n', '\\n', 'data: ' + 'x'.repeat(64)];
                              const body = new ReadableStream({start(c) {
                                for (const x of chunks) c.enqueue(new TextEncoder().encode(x));
                                c.close();
                              }});
                              const out = [];
                              try {
                                for await (const f of frames(body, () => {}, 32)) out.push(f.id + '=' + f.data);
                              } catch (e) {
                                out.push('dropped');
                              }
                              const first = backoff(0, 1), late = backoff(1000, 12);
                              out.push(first >= 500 && first <= 1000, late >= 15000 && late <= 30000);
                              done(out.join(','));
                            }).catch(e => done(String(e)));""");
                    assertThat(read).isEqualTo("1=a,2=b,dropped,true,true");

                    // When the user signs out, Then the key leaves both storages and the next call asks for one,
                    // the page stopped behind the dialog
                    browser.findElement(By.id("sign-out")).click();
                    assertThat(page.script("return [sessionStorage.getItem('switchboard.apiKey'), localStorage.getItem('switchboard.apiKey')]"))
                            .asList().containsOnlyNulls();
                    page.visible(By.id("login-key"));
                    page.visible(By.id("stopped"));

                    // When the user signs in ticking "remember", Then the key is in localStorage only; signing out removes it
                    browser.findElement(By.id("login-key")).sendKeys(ADMIN);
                    browser.findElement(By.id("login-remember")).click();
                    browser.findElement(By.id("login-submit")).click();
                    page.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login")));
                    page.text(By.id("job-status"), "not found", Duration.ofSeconds(10));
                    assertThat(page.script("return localStorage.getItem('switchboard.apiKey')")).isEqualTo(ADMIN);
                    assertThat(page.script("return sessionStorage.getItem('switchboard.apiKey')")).isNull();
                    browser.findElement(By.id("sign-out")).click();
                    assertThat(page.script("return [sessionStorage.getItem('switchboard.apiKey'), localStorage.getItem('switchboard.apiKey')]"))
                            .asList().containsOnlyNulls();
                    page.visible(By.id("login-key"));

                    // And the key never went into a URL, and the page broke no rule of its Content-Security-Policy
                    assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN);
                    List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage)
                            .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught")).toList();
                    assertThat(problems).isEmpty();
                } finally {
                    browser.quit();
                }
            }
        }
    }

    /** Explicit waits and screenshots on one browser. */
    private record Page(WebDriver browser) {
        WebElement visible(By by) {
            return until(ExpectedConditions.visibilityOfElementLocated(by));
        }

        void text(By by, String text, Duration within) {
            new WebDriverWait(browser, within).withMessage(() -> "'" + text + "' in " + by + "; page says: "
                    + browser.findElement(By.tagName("main")).getText())
                    .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        }

        <T> T until(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
            return new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition);
        }

        /** The hostile markup stayed text: no img, no element with an onerror attribute, its flag never set. */
        void assertNoMarkupRan() {
            assertThat(browser.findElements(By.tagName("img"))).isEmpty();
            assertThat(script("return document.querySelectorAll('[onerror]').length")).isEqualTo(0L);
            assertThat(script("return typeof window.__pwned")).isEqualTo("undefined");
        }

        Object script(String js) {
            return ((JavascriptExecutor) browser).executeScript(js);
        }

        void shoot(String name) throws IOException {
            Files.write(SHOTS.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
    }
}
