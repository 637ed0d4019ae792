package dev.switchboard.core;

/**
 * An output record that can tell whether it is valid (labels from the enum, scores in range...).
 * {@link LlmClient#generate} calls {@link #validate()} on every parsed answer.
 */
public interface SelfValidating {

    /** Throws {@link IllegalArgumentException} saying what is wrong, in words a model can act on. */
    void validate();
}
