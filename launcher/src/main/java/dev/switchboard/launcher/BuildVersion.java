package dev.switchboard.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code switchboard --version}: the version Maven wrote into {@code switchboard-version.properties} at build time. */
final class BuildVersion implements IVersionProvider {
    static final String RESOURCE = "/switchboard-version.properties";
    /** kafka-clients' own record of its version. */
    static final String KAFKA_RESOURCE = "/kafka/kafka-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"switchboard " + switchboardVersion(),
                "Java " + System.getProperty("java.version") + ", Kafka clients " + version(KAFKA_RESOURCE).orElse("unknown")};
    }

    /** The project version of the build, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String switchboardVersion() {
        return version(RESOURCE).orElseThrow(() ->
                new IllegalStateException(RESOURCE + " is missing from the class path: build the launcher with Maven"));
    }

    private static Optional<String> version(String resource) {
        try (InputStream in = BuildVersion.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
