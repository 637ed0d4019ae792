package dev.switchboard.orchestrator.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's static files (decision 0033): {@code GET /} (a page of links), {@code GET /ui} (redirects to
 * {@code /ui/}), {@code /ui/} ({@code index.html}) and {@code /ui/<file>}, read from the classpath directory
 * {@value #ROOT}. Only names of known types, never a directory, never a {@code .} or {@code ..} segment; anything
 * else is a 404 problem. The files hold no data, so they need no API key (the page asks for one and sends it with
 * {@code fetch()}); every answer carries a strict Content-Security-Policy.
 */
final class DashboardAssets {
    static final String ROOT = "switchboard-ui";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'"
            + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");
    private static final String HOME = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Switchboard</title></head>
            <body><h1>Switchboard</h1><ul>
            <li><a href="/ui/">Dashboard</a></li>
            <li><a href="/openapi.json">OpenAPI document</a></li>
            <li><a href="/health/ready">Readiness</a></li>
            </ul></body></html>
            """;

    private DashboardAssets() {
    }

    /** Whether {@code path} is one of the dashboard's (keyless) paths. */
    static boolean serves(String path) {
        return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/");
    }

    /** The request-metrics tag of a dashboard path: one per kind, never one per file. */
    static Optional<String> metricRoute(String path) {
        if (path.equals("/")) {
            return Optional.of("/");
        }
        return serves(path) ? Optional.of("/ui") : Optional.empty();
    }

    static void home(Context ctx) {
        secure(ctx);
        ctx.status(200).contentType(TYPES.get("html")).result(HOME);
    }

    /** {@code /ui} and {@code /ui/}: the router treats them as one route, so the path tells them apart. */
    static void index(Context ctx) {
        secure(ctx);
        if (!ctx.path().endsWith("/")) {
            ctx.redirect("/ui/", io.javalin.http.HttpStatus.FOUND);
            return;
        }
        serve(ctx, "index.html");
    }

    static void file(Context ctx) {
        secure(ctx);
        serve(ctx, ctx.pathParam("file"));
    }

    private static void serve(Context ctx, String name) {
        String type = contentType(name).orElseThrow(DashboardAssets::notFound);
        byte[] bytes = read(name).orElseThrow(DashboardAssets::notFound);
        ctx.status(200).contentType(type).result(bytes);
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
    }

    /** The content type of a servable name: a plain relative name of a known type, else empty. */
    static Optional<String> contentType(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(name.substring(dot + 1)));
    }

    /** The file's bytes if it is a regular file under {@value #ROOT} on the classpath (never a directory listing). */
    private static Optional<byte[]> read(String name) {
        URL url = DashboardAssets.class.getResource("/" + ROOT + "/" + name);
        if (url == null || "file".equals(url.getProtocol()) && !isRegularFile(url)) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRegularFile(URL url) {
        try {
            return Files.isRegularFile(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(Problem.of(404, "not-found", "Not found", "No dashboard file by that name"));
    }
}
