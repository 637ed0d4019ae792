package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A project that excluded Testcontainers from the test kit still runs the embedded broker. */
class ContainerSupportTest {

    @Test
    void shouldRunEmbeddedWithoutTestcontainersOnTheClasspath() throws Exception {
        // Given the test kit on this test's classpath, less Testcontainers' jars
        try (URLClassLoader loader = new URLClassLoader(classpathWithout("testcontainers"), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass(ContainerSupport.TESTCONTAINERS_CLASS)).isInstanceOf(ClassNotFoundException.class);

            // When the extension loads there (linked and verified) and auto mode probes for a container
            Class.forName(KafkaClusterExtension.class.getName(), true, loader);
            Method probe = accessible(Class.forName(ContainerSupport.class.getName(), true, loader).getDeclaredMethod("probe"));
            Object support = probe.invoke(null);
            Class<?> mode = Class.forName(KafkaMode.class.getName(), true, loader);
            Method broker = accessible(mode.getDeclaredMethod("broker", Supplier.class));
            Supplier<Object> probed = () -> support;

            // Then Testcontainers is missing (not an error), auto runs the embedded broker, testcontainers fails saying why
            assertThat(support).hasToString("NO_TESTCONTAINERS");
            assertThat(broker.invoke(mode.getMethod("parse", String.class).invoke(null, "auto"), probed)).hasToString("EMBEDDED");
            assertThatThrownBy(() -> broker.invoke(mode.getMethod("parse", String.class).invoke(null, "testcontainers"), probed))
                    .cause().hasMessageContaining("org.testcontainers:testcontainers-kafka");
        }
    }

    private static Method accessible(Method method) {
        method.setAccessible(true);
        return method;
    }

    private static URL[] classpathWithout(String excluded) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().contains(excluded))
                .map(ContainerSupportTest::url)
                .toArray(URL[]::new);
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
