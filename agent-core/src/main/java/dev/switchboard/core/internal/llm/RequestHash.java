package dev.switchboard.core.internal.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a model name and a request (each message's role and text, and the output cap): equal hashes mean the
 * same question to the same model.
 */
final class RequestHash {
    private RequestHash() {
    }

    static String of(String model, ChatRequest request) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        field(digest, "model", String.valueOf(model));
        field(digest, "maxOutputTokens", String.valueOf(request.maxOutputTokens()));
        for (ChatMessage message : request.messages()) {
            field(digest, message.type().name(), text(message));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String text(ChatMessage message) {
        if (message instanceof SystemMessage s) {
            return s.text();
        }
        if (message instanceof UserMessage u) {
            return u.hasSingleText() ? u.singleText() : u.contents().toString();
        }
        if (message instanceof AiMessage a) {
            return String.valueOf(a.text());
        }
        return message.toString();
    }

    /** Length-prefixed, so no two different requests run together into the same bytes. */
    private static void field(MessageDigest digest, String name, String value) {
        for (String part : new String[] {name, value}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(bytes);
        }
    }
}
