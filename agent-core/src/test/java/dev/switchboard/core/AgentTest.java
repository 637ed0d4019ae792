package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.testagents.Echo;
import dev.switchboard.core.testagents.Greeter;
import dev.switchboard.core.testagents.TestTask;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {

    @Test
    void shouldInferTheOutputTypeFromTheTypeArgument() {
        // Given an agent that implements Agent<Echo>, and one that inherits it from its superclass
        // Then the output type is read from the class, with no outputType() written
        assertThat(new Greeter().outputType()).isEqualTo(Echo.class);
        assertThat(new Greeter.Twin().outputType()).isEqualTo(Echo.class);
        assertThat(new ListAgent().outputType()).isEqualTo(List.class);
    }

    @Test
    void shouldInferTheOutputTypeBoundBySubclassesOfGenericBases() {
        // Given agents that bind O through a generic base class, a generic sub-interface, or as an array
        // Then the bound class is found, however many levels up Agent<O> is
        assertThat(new FromBase().outputType()).isEqualTo(Echo.class);
        assertThat(new FromDeeperBase().outputType()).isEqualTo(Echo.class);
        assertThat(new FromTypedInterface().outputType()).isEqualTo(Echo.class);
        assertThat(new ArrayAgent().outputType()).isEqualTo(Echo[].class);
    }

    @Test
    void shouldExplainAnOutputTypeItCannotInfer() {
        // Given an agent generic in its output, which the class does not name
        Agent<String> generic = new Generic<>();

        // Then asking for its output type says what to do
        assertThatThrownBy(generic::outputType).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Generic.class.getName()).hasMessageContaining("override outputType()");
    }

    @Test
    void shouldHaveNoOfflineModelAndNoHeadlineByDefault() {
        Greeter agent = new Greeter();
        assertThat(agent.headline(new Echo("x", 1))).isEmpty();
        assertThatThrownBy(() -> agent.offlineModel().answer(TestTask.of("x")))
                .isInstanceOf(NonRetriableTaskException.class).hasMessageContaining("no offline analyzer");
    }

    @Test
    void shouldReadAParameterAsText() {
        TestTask base = TestTask.of("x");
        com.fasterxml.jackson.databind.node.ObjectNode parameters = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("language", "en").put("limit", 3).putNull("none");
        TestTask task = new TestTask(base.jobId(), base.taskId(), base.agent(), 1, "x", "text/plain", parameters,
                base.submittedAt(), base.deadline());
        assertThat(task.parameter("language")).contains("en");
        assertThat(task.parameter("limit")).contains("3");
        assertThat(task.parameter("none")).isEmpty();
        assertThat(task.parameter("absent")).isEmpty();
    }

    private static final class ListAgent implements Agent<List<String>> {
        @Override
        public String name() {
            return "list";
        }

        @Override
        public List<String> handle(AgentTask task, AgentContext context) {
            return List.of(task.text());
        }
    }

    private static final class Generic<O> implements Agent<O> {
        @Override
        public String name() {
            return "generic";
        }

        @Override
        public O handle(AgentTask task, AgentContext context) {
            return null;
        }
    }

    private abstract static class Base<O> implements Agent<O> {
        @Override
        public String name() {
            return "base";
        }

        @Override
        public O handle(AgentTask task, AgentContext context) {
            return null;
        }
    }

    private abstract static class Middle<X, O> extends Base<O> {
    }

    private static final class FromBase extends Base<Echo> {
    }

    private static final class FromDeeperBase extends Middle<String, Echo> {
    }

    private interface Typed<O> extends Agent<O> {
    }

    private static final class FromTypedInterface implements Typed<Echo> {
        @Override
        public String name() {
            return "typed";
        }

        @Override
        public Echo handle(AgentTask task, AgentContext context) {
            return null;
        }
    }

    private static final class ArrayAgent extends Base<Echo[]> {
    }
}
