package dev.switchboard.orchestrator.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What stands in for API keys when there are none (decision 0021). Without keys the API listens on loopback only,
 * so the callers left to refuse are web pages in a browser on the same machine: a cross-site page that POSTs a
 * {@code text/plain} "simple request" (no preflight), and a page whose own name was rebound to 127.0.0.1 (DNS
 * rebinding, which passes the browser's same-origin checks). So every request must name this machine in
 * {@code Host} (when the API listens on loopback), and a browser request must come from a loopback origin.
 * Clients that are not browsers (the CLI, curl) send no {@code Origin} and no {@code Sec-Fetch-Site}: unaffected.
 * Names are matched as text, never resolved: resolving is what rebinding exploits.
 */
final class LoopbackGuard {
    /** localhost, 127.0.0.0/8, [::1]; any port. */
    private static final Pattern LOOPBACK_HOST = Pattern.compile(
            "(?:localhost|127(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}|\\[(?:::1|0:0:0:0:0:0:0:1)\\])(?::\\d{1,5})?");
    private static final Pattern LOOPBACK_ORIGIN = Pattern.compile("https?://(.+)");

    private final boolean checkHost;

    /** @param checkHost whether to require a loopback {@code Host}: only when the API listens on loopback only */
    LoopbackGuard(boolean checkHost) {
        this.checkHost = checkHost;
    }

    void check(Context ctx) {
        String host = ctx.header("Host");
        if (checkHost && host != null && !isLoopbackHost(host)) {
            throw new ProblemException(Problem.of(421, "misdirected-request", "Misdirected request",
                    "Without API keys this API answers only requests addressed to localhost, 127.0.0.1 or [::1]"));
        }
        String origin = ctx.header("Origin");
        if (origin != null && !isLoopbackOrigin(origin) || "cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            throw new ProblemException(Problem.of(403, "cross-site-request", "Cross-site request refused",
                    "Without API keys this API refuses requests from web pages of other sites; configure API keys to"
                            + " call it from elsewhere"));
        }
    }

    static boolean isLoopbackHost(String host) {
        return LOOPBACK_HOST.matcher(host.trim().toLowerCase(Locale.ROOT)).matches();
    }

    /** {@code http(s)://<loopback host>[:port]}; {@code null} (sandboxed frames, files) is not one. */
    static boolean isLoopbackOrigin(String origin) {
        var m = LOOPBACK_ORIGIN.matcher(origin.trim().toLowerCase(Locale.ROOT));
        return m.matches() && isLoopbackHost(m.group(1));
    }
}
