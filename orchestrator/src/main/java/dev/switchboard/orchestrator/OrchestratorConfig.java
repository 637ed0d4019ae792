package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.config.Setting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Immutable settings of the orchestrator. Read with {@link #from(ConfigSource)}; built with {@link #custom()} or
 * {@link #from(OrchestratorConfig)}; validated in the constructor, each setting by its {@link Setting}.
 *
 * @param defaultAgents agents a job gets when it names none; {@code null} means every agent declared in topics.yaml
 */
public record OrchestratorConfig(String host, int port, List<Secret> apiKeys, boolean insecure, long maxDocumentBytes,
                                 Duration defaultDeadline, Duration maxDeadline, List<String> defaultAgents,
                                 Secret callbackSecret, boolean callbackAllowPrivate, int callbackMaxAttempts,
                                 Duration callbackTimeout, Duration callbackBackoff, int fanOutProducers, int viewMaxJobs,
                                 String instanceId) {
    public static final Duration MIN_DEADLINE = Duration.ofSeconds(1);
    public static final Setting<String> HOST = Setting.ofString("orchestrator.host", "127.0.0.1");
    public static final Setting<Integer> PORT = Setting.ofInt("orchestrator.port", 8080).must("0..65535", p -> p >= 0 && p <= 65535);
    public static final Setting<List<Secret>> API_KEYS = Setting.of("api.keys", List.of(),
            keys -> commaSeparated(keys).stream().map(Secret::of).toList());
    public static final Setting<Boolean> INSECURE = Setting.ofBoolean("insecure", false);
    public static final Setting<Long> MAX_DOCUMENT_BYTES = Setting.ofLong("max.document.bytes", 1024 * 1024)
            .must("positive", n -> n >= 1);
    public static final Setting<Duration> DEFAULT_DEADLINE_SETTING = Setting.ofDuration("default.deadline", Duration.ofMinutes(5));
    public static final Setting<Duration> MAX_DEADLINE = Setting.ofDuration("max.deadline", Duration.ofHours(24));
    public static final Setting<List<String>> DEFAULT_AGENTS = Setting.of("default.agents", null, OrchestratorConfig::commaSeparated);
    public static final Setting<Secret> CALLBACK_SECRET = Setting.ofSecret("callback.secret");
    public static final Setting<Boolean> CALLBACK_ALLOW_PRIVATE = Setting.ofBoolean("callback.allow.private", false);
    public static final Setting<Integer> CALLBACK_MAX_ATTEMPTS = Setting.ofInt("callback.max.attempts", 5)
            .must("at least 1", n -> n >= 1);
    public static final Setting<Duration> CALLBACK_TIMEOUT = Setting.ofDuration("callback.timeout", Duration.ofSeconds(10));
    public static final Setting<Integer> FAN_OUT_PRODUCERS = Setting.ofInt("fan.out.producers", 2).must("positive", n -> n >= 1);
    /** Names this instance's fan-out transactional ids; unique per live orchestrator, the same across its restarts. */
    public static final Setting<String> INSTANCE_ID = Setting.ofString("orchestrator.instance.id", null)
            .must("1 to 200 letters, digits, '.', '_' or '-'", id -> id.matches("[A-Za-z0-9._-]{1,200}"));
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = MAX_DOCUMENT_BYTES.defaultValue();
    public static final int DEFAULT_FAN_OUT_PRODUCERS = FAN_OUT_PRODUCERS.defaultValue();
    public static final Duration DEFAULT_CALLBACK_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_VIEW_MAX_JOBS = 100_000;

    public OrchestratorConfig {
        PORT.check(port);
        MAX_DOCUMENT_BYTES.check(maxDocumentBytes);
        CALLBACK_MAX_ATTEMPTS.check(callbackMaxAttempts);
        FAN_OUT_PRODUCERS.check(fanOutProducers);
        INSTANCE_ID.check(instanceId);
        apiKeys = List.copyOf(apiKeys);
        defaultAgents = defaultAgents == null ? null : List.copyOf(defaultAgents);
        callbackSecret = callbackSecret == null ? Secret.empty() : callbackSecret;
        apiKeys.forEach(key -> SecretPolicy.check(API_KEYS.envName(), key));
        SecretPolicy.check(CALLBACK_SECRET.envName(), callbackSecret);
        if (defaultDeadline.compareTo(MIN_DEADLINE) < 0 || defaultDeadline.compareTo(maxDeadline) > 0) {
            throw new ConfigException(DEFAULT_DEADLINE_SETTING.envName() + " must lie between " + MIN_DEADLINE
                    + " and " + MAX_DEADLINE.envName() + " (" + maxDeadline + "), was " + defaultDeadline);
        }
        if (viewMaxJobs < 1) {
            throw new ConfigException("viewMaxJobs must be positive, was " + viewMaxJobs);
        }
        if (apiKeys.isEmpty() && !insecure && !isLoopback(host)) {
            throw new ConfigException("Refusing to serve on " + host + " without API keys: set " + API_KEYS.envName()
                    + ", bind to 127.0.0.1, or pass --insecure (" + INSECURE.envName() + "=true) to allow it knowingly");
        }
    }

    public static OrchestratorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code prototype}: every setting as there, until changed. */
    public static Builder from(OrchestratorConfig prototype) {
        return new Builder().host(prototype.host).port(prototype.port).apiKeys(prototype.apiKeys).insecure(prototype.insecure)
                .maxDocumentBytes(prototype.maxDocumentBytes).defaultDeadline(prototype.defaultDeadline)
                .maxDeadline(prototype.maxDeadline).defaultAgents(prototype.defaultAgents)
                .callbackSecret(prototype.callbackSecret).callbackAllowPrivate(prototype.callbackAllowPrivate)
                .callbackMaxAttempts(prototype.callbackMaxAttempts).callbackTimeout(prototype.callbackTimeout)
                .callbackBackoff(prototype.callbackBackoff).fanOutProducers(prototype.fanOutProducers)
                .viewMaxJobs(prototype.viewMaxJobs).instanceId(prototype.instanceId);
    }

    /** Every setting above, by its {@code SWITCHBOARD_*} variable ({@code SWITCHBOARD_API_KEYS} is comma-separated). */
    public static OrchestratorConfig from(ConfigSource source) {
        Builder b = custom().host(HOST.read(source)).port(PORT.read(source)).apiKeys(API_KEYS.read(source))
                .insecure(INSECURE.read(source)).maxDocumentBytes(MAX_DOCUMENT_BYTES.read(source))
                .defaultDeadline(DEFAULT_DEADLINE_SETTING.read(source)).maxDeadline(MAX_DEADLINE.read(source))
                .defaultAgents(DEFAULT_AGENTS.read(source)).callbackSecret(CALLBACK_SECRET.read(source))
                .callbackAllowPrivate(CALLBACK_ALLOW_PRIVATE.read(source)).callbackMaxAttempts(CALLBACK_MAX_ATTEMPTS.read(source))
                .callbackTimeout(CALLBACK_TIMEOUT.read(source)).fanOutProducers(FAN_OUT_PRODUCERS.read(source));
        String instanceId = INSTANCE_ID.read(source);
        return (instanceId == null ? b : b.instanceId(instanceId)).build();
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(HOST.envName() + " '" + host + "' does not resolve");
        }
    }

    public static final class Builder {
        private String host = HOST.defaultValue();
        private int port = PORT.defaultValue();
        private List<Secret> apiKeys = API_KEYS.defaultValue();
        private boolean insecure = INSECURE.defaultValue();
        private long maxDocumentBytes = MAX_DOCUMENT_BYTES.defaultValue();
        private Duration defaultDeadline = DEFAULT_DEADLINE_SETTING.defaultValue();
        private Duration maxDeadline = MAX_DEADLINE.defaultValue();
        private List<String> defaultAgents = DEFAULT_AGENTS.defaultValue();
        private Secret callbackSecret = CALLBACK_SECRET.defaultValue();
        private boolean callbackAllowPrivate = CALLBACK_ALLOW_PRIVATE.defaultValue();
        private int callbackMaxAttempts = CALLBACK_MAX_ATTEMPTS.defaultValue();
        private Duration callbackTimeout = CALLBACK_TIMEOUT.defaultValue();
        private Duration callbackBackoff = DEFAULT_CALLBACK_BACKOFF;
        private int fanOutProducers = FAN_OUT_PRODUCERS.defaultValue();
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
            this.callbackSecret = callbackSecret;
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
            return new OrchestratorConfig(host, port, apiKeys, insecure, maxDocumentBytes, defaultDeadline, maxDeadline,
                    defaultAgents, callbackSecret, callbackAllowPrivate, callbackMaxAttempts, callbackTimeout, callbackBackoff,
                    fanOutProducers, viewMaxJobs, instanceId);
        }
    }
}
