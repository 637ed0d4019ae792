package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Immutable settings of the orchestrator. Read with {@link #from(ConfigSource)}; validated in {@link Builder#build()}. */
public final class OrchestratorConfig {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
    public static final Duration MIN_DEADLINE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofHours(24);
    public static final int DEFAULT_CALLBACK_ATTEMPTS = 5;
    public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CALLBACK_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_FAN_OUT_PRODUCERS = 2;
    public static final int DEFAULT_VIEW_MAX_JOBS = 100_000;

    private final String host;
    private final int port;
    private final List<Secret> apiKeys;
    private final boolean insecure;
    private final long maxDocumentBytes;
    private final Duration defaultDeadline;
    private final Duration maxDeadline;
    private final List<String> defaultAgents;
    private final Secret callbackSecret;
    private final boolean callbackAllowPrivate;
    private final int callbackMaxAttempts;
    private final Duration callbackTimeout;
    private final Duration callbackBackoff;
    private final int fanOutProducers;
    private final int viewMaxJobs;
    private final String instanceId;

    private OrchestratorConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.apiKeys = List.copyOf(b.apiKeys);
        this.insecure = b.insecure;
        this.maxDocumentBytes = b.maxDocumentBytes;
        this.defaultDeadline = b.defaultDeadline;
        this.maxDeadline = b.maxDeadline;
        this.defaultAgents = b.defaultAgents == null ? null : List.copyOf(b.defaultAgents);
        this.callbackSecret = b.callbackSecret;
        this.callbackAllowPrivate = b.callbackAllowPrivate;
        this.callbackMaxAttempts = b.callbackMaxAttempts;
        this.callbackTimeout = b.callbackTimeout;
        this.callbackBackoff = b.callbackBackoff;
        this.fanOutProducers = b.fanOutProducers;
        this.viewMaxJobs = b.viewMaxJobs;
        this.instanceId = b.instanceId;
    }

    public static OrchestratorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@code SWITCHBOARD_ORCHESTRATOR_HOST}, {@code _PORT}, {@code SWITCHBOARD_API_KEYS} (comma-separated),
     * {@code SWITCHBOARD_MAX_DOCUMENT_BYTES}, {@code SWITCHBOARD_DEFAULT_DEADLINE}, {@code SWITCHBOARD_MAX_DEADLINE},
     * {@code SWITCHBOARD_DEFAULT_AGENTS}, {@code SWITCHBOARD_CALLBACK_SECRET}, {@code SWITCHBOARD_CALLBACK_ALLOW_PRIVATE},
     * {@code SWITCHBOARD_CALLBACK_MAX_ATTEMPTS}, {@code SWITCHBOARD_CALLBACK_TIMEOUT}, {@code SWITCHBOARD_INSECURE}.
     */
    public static OrchestratorConfig from(ConfigSource source) {
        Builder b = custom()
                .host(source.get("orchestrator.host", DEFAULT_HOST))
                .port(source.getInt("orchestrator.port", DEFAULT_PORT))
                .insecure(source.getBoolean("insecure", false))
                .maxDocumentBytes(source.getLong("max.document.bytes", DEFAULT_MAX_DOCUMENT_BYTES))
                .defaultDeadline(source.getDuration("default.deadline", DEFAULT_DEADLINE))
                .maxDeadline(source.getDuration("max.deadline", DEFAULT_MAX_DEADLINE))
                .callbackSecret(source.getSecret("callback.secret"))
                .callbackAllowPrivate(source.getBoolean("callback.allow.private", false))
                .callbackMaxAttempts(source.getInt("callback.max.attempts", DEFAULT_CALLBACK_ATTEMPTS))
                .callbackTimeout(source.getDuration("callback.timeout", DEFAULT_CALLBACK_TIMEOUT))
                .fanOutProducers(source.getInt("fan.out.producers", DEFAULT_FAN_OUT_PRODUCERS));
        source.get("api.keys").ifPresent(keys -> b.apiKeys(Arrays.stream(keys.split(","))
                .map(String::trim).filter(k -> !k.isEmpty()).map(Secret::of).toList()));
        source.get("default.agents").ifPresent(a -> b.defaultAgents(Arrays.stream(a.split(","))
                .map(String::trim).filter(k -> !k.isEmpty()).toList()));
        source.get("orchestrator.instance.id").ifPresent(b::instanceId);
        return b.build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public List<Secret> apiKeys() {
        return apiKeys;
    }

    public boolean insecure() {
        return insecure;
    }

    public long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    public Duration maxDeadline() {
        return maxDeadline;
    }

    /** Agents a job gets when it names none; {@code null} means every agent declared in topics.yaml. */
    public List<String> defaultAgents() {
        return defaultAgents;
    }

    public Secret callbackSecret() {
        return callbackSecret;
    }

    public boolean callbackAllowPrivate() {
        return callbackAllowPrivate;
    }

    public int callbackMaxAttempts() {
        return callbackMaxAttempts;
    }

    public Duration callbackTimeout() {
        return callbackTimeout;
    }

    public Duration callbackBackoff() {
        return callbackBackoff;
    }

    public int fanOutProducers() {
        return fanOutProducers;
    }

    public int viewMaxJobs() {
        return viewMaxJobs;
    }

    public String instanceId() {
        return instanceId;
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private List<Secret> apiKeys = List.of();
        private boolean insecure;
        private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private Duration defaultDeadline = DEFAULT_DEADLINE;
        private Duration maxDeadline = DEFAULT_MAX_DEADLINE;
        private List<String> defaultAgents;
        private Secret callbackSecret = Secret.empty();
        private boolean callbackAllowPrivate;
        private int callbackMaxAttempts = DEFAULT_CALLBACK_ATTEMPTS;
        private Duration callbackTimeout = DEFAULT_CALLBACK_TIMEOUT;
        private Duration callbackBackoff = DEFAULT_CALLBACK_BACKOFF;
        private int fanOutProducers = DEFAULT_FAN_OUT_PRODUCERS;
        private int viewMaxJobs = DEFAULT_VIEW_MAX_JOBS;
        private String instanceId = UUID.randomUUID().toString();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKeys(List<Secret> apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        public Builder maxDocumentBytes(long maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }

        public Builder defaultDeadline(Duration defaultDeadline) {
            this.defaultDeadline = defaultDeadline;
            return this;
        }

        public Builder maxDeadline(Duration maxDeadline) {
            this.maxDeadline = maxDeadline;
            return this;
        }

        public Builder defaultAgents(List<String> defaultAgents) {
            this.defaultAgents = defaultAgents;
            return this;
        }

        public Builder callbackSecret(Secret callbackSecret) {
            this.callbackSecret = callbackSecret == null ? Secret.empty() : callbackSecret;
            return this;
        }

        public Builder callbackAllowPrivate(boolean allow) {
            this.callbackAllowPrivate = allow;
            return this;
        }

        public Builder callbackMaxAttempts(int attempts) {
            this.callbackMaxAttempts = attempts;
            return this;
        }

        public Builder callbackTimeout(Duration timeout) {
            this.callbackTimeout = timeout;
            return this;
        }

        public Builder callbackBackoff(Duration backoff) {
            this.callbackBackoff = backoff;
            return this;
        }

        public Builder fanOutProducers(int producers) {
            this.fanOutProducers = producers;
            return this;
        }

        public Builder viewMaxJobs(int maxJobs) {
            this.viewMaxJobs = maxJobs;
            return this;
        }

        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public OrchestratorConfig build() {
            if (port < 0 || port > 65535) {
                throw new ConfigException("SWITCHBOARD_ORCHESTRATOR_PORT must be 0..65535, was " + port);
            }
            if (maxDocumentBytes < 1) {
                throw new ConfigException("SWITCHBOARD_MAX_DOCUMENT_BYTES must be positive, was " + maxDocumentBytes);
            }
            if (defaultDeadline.compareTo(MIN_DEADLINE) < 0 || defaultDeadline.compareTo(maxDeadline) > 0) {
                throw new ConfigException("SWITCHBOARD_DEFAULT_DEADLINE must lie between " + MIN_DEADLINE
                        + " and SWITCHBOARD_MAX_DEADLINE (" + maxDeadline + "), was " + defaultDeadline);
            }
            if (callbackMaxAttempts < 1) {
                throw new ConfigException("SWITCHBOARD_CALLBACK_MAX_ATTEMPTS must be at least 1, was " + callbackMaxAttempts);
            }
            if (fanOutProducers < 1 || viewMaxJobs < 1) {
                throw new ConfigException("fanOutProducers and viewMaxJobs must be positive");
            }
            if (apiKeys.isEmpty() && !insecure && !isLoopback(host)) {
                throw new ConfigException("Refusing to serve on " + host + " without API keys: set SWITCHBOARD_API_KEYS, "
                        + "bind to 127.0.0.1, or pass --insecure (SWITCHBOARD_INSECURE=true) to allow it knowingly");
            }
            return new OrchestratorConfig(this);
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new ConfigException("SWITCHBOARD_ORCHESTRATOR_HOST '" + host + "' does not resolve");
            }
        }
    }
}
