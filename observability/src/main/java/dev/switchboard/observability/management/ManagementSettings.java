package dev.switchboard.observability.management;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Setting;

/**
 * Where a process serves its management endpoint ({@code /metrics}, {@code /health/live}, {@code /health/ready}).
 * {@code SWITCHBOARD_MANAGEMENT_PORT} 0 (the default) serves nothing: several agents on one host each need their own
 * port, so none is taken unless asked for. {@code SWITCHBOARD_MANAGEMENT_HOST} is the interface, loopback by default.
 *
 * @param host the interface to bind
 * @param port the TCP port; 0 = not served
 */
public record ManagementSettings(String host, int port) {
    public static final Setting<Integer> PORT = Setting.ofInt("management.port", 0)
            .must("a TCP port between 0 (not served) and 65535", p -> p >= 0 && p <= 65535);
    public static final Setting<String> HOST = Setting.ofString("management.host", "127.0.0.1")
            .must("a host name or address to bind", h -> !h.isBlank());

    public ManagementSettings {
        HOST.check(host);
        PORT.check(port);
    }

    public static ManagementSettings from(ConfigSource source) {
        return new ManagementSettings(HOST.read(source), PORT.read(source));
    }

    /** Whether a port was given: only then is anything served. */
    public boolean enabled() {
        return port > 0;
    }
}
