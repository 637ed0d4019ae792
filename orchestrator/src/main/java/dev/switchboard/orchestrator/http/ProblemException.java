package dev.switchboard.orchestrator.http;

/** Ends a request with a problem answer. Thrown by validation and handlers; mapped in one place. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(Problem.of(400, slug, "Bad request", detail));
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(Problem.of(422, slug, "Unprocessable request", detail));
    }

    public Problem problem() {
        return problem;
    }
}
