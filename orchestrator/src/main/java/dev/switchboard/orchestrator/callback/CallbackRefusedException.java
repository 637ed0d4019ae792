package dev.switchboard.orchestrator.callback;

/** The callback target is not allowed (SSRF guard); never retried. */
public class CallbackRefusedException extends Exception {
    public CallbackRefusedException(String message) {
        super(message);
    }
}
