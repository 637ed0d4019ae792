package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServiceJvmTest {

    @Test
    void shouldStartEachDeployedProcessWithTheOptionsTheScriptShips() throws Exception {
        // Given the `switchboard` script's default options per single service (lines `  <service>) default_java_opts="…" ;;`)
        String script = Files.readString(Path.of("..", "switchboard"));

        // Then the deployed scenario gives each service exactly those
        for (ServiceJvm service : ServiceJvm.values()) {
            Matcher m = Pattern.compile("(?m)^\\s*" + service.command() + "\\) default_java_opts=\"([^\"]*)\" ;;$").matcher(script);
            assertThat(m.find()).as("a default_java_opts line for %s in the switchboard script", service.command()).isTrue();
            List<String> shipped = m.group(1).isBlank() ? List.of() : List.of(m.group(1).trim().split("\\s+"));
            assertThat(service.options()).as(service.command()).isEqualTo(shipped);
        }
    }
}
