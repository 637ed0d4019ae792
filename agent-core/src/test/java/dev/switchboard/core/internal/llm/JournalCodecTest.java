package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JournalCodecTest {

    @Test
    void shouldRebuildTheAnswerFromItsJournalRecord() {
        // Given a journaled answer
        UUID task = UUID.randomUUID();
        JournalEntry entry = new JournalEntry(UUID.randomUUID(), task, 1, "abc", Instant.parse("2026-11-29T10:00:00Z"),
                "the answer", "gpt-4o-mini-2024-07-18", 120, 30, "LENGTH");

        // When it is written and read back
        JournalEntry read = JournalCodec.decode(JournalCodec.encode(entry)).orElseThrow();
        ChatResponse response = read.response(true);

        // Then it is the same entry, and the response the task used
        assertThat(read).isEqualTo(entry);
        assertThat(read.key()).isEqualTo(task + "/1/abc");
        assertThat(response.aiMessage().text()).isEqualTo("the answer");
        assertThat(response.modelName()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(120);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(30);
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(read.response(false).tokenUsage().totalTokenCount()).isZero();
    }

    @Test
    void shouldSkipAValueThatIsNoJournalEntry() {
        assertThat(JournalCodec.decode(null)).isEmpty();
        assertThat(JournalCodec.decode("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void shouldHashModelMessagesAndOutputCap() {
        ChatRequest one = ChatRequest.builder().messages(SystemMessage.from("s"), UserMessage.from("u")).build();
        ChatRequest same = ChatRequest.builder().messages(SystemMessage.from("s"), UserMessage.from("u")).build();
        ChatRequest joined = ChatRequest.builder().messages(SystemMessage.from("su"), UserMessage.from("")).build();
        ChatRequest capped = ChatRequest.builder().messages(SystemMessage.from("s"), UserMessage.from("u")).maxOutputTokens(5).build();

        assertThat(RequestHash.of("m", one)).isEqualTo(RequestHash.of("m", same)).hasSize(64);
        assertThat(RequestHash.of("m", one)).isNotEqualTo(RequestHash.of("other", one))
                .isNotEqualTo(RequestHash.of("m", joined)).isNotEqualTo(RequestHash.of("m", capped));
    }
}
