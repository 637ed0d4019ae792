package dev.switchboard.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that gets a {@link TestKafka} parameter (constructor, lifecycle or test method).
 * One cluster is shared by every test class of a JVM run, so tests use their own topics, groups
 * and job ids. Which broker it is: {@code -Dswitchboard.test.kafka} ({@link KafkaMode}), the embedded one by default.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaClusterExtension.class)
public @interface KafkaTest {
}
