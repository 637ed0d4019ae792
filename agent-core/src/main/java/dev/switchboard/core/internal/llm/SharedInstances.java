package dev.switchboard.core.internal.llm;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Process-wide instances by key, each held by counted {@link Holder}s: the first holder creates it, the last one to
 * close closes it and forgets it (the next holder creates a fresh one). What embeds workers and closes them leaks no
 * thread or client.
 */
final class SharedInstances<T> {
    private final Map<String, Entry<T>> entries = new HashMap<>();
    private final Consumer<T> closer;

    SharedInstances(Consumer<T> closer) {
        this.closer = closer;
    }

    private static final class Entry<T> {
        private final T value;
        private int holders;

        private Entry(T value) {
            this.value = value;
        }
    }

    /** A holder of the instance for {@code key}, created by {@code create} if there is none. */
    synchronized Holder<T> acquire(String key, Supplier<T> create) {
        Entry<T> entry = entries.computeIfAbsent(key, k -> new Entry<>(create.get()));
        entry.holders++;
        return new Holder<>(this, key, entry);
    }

    /** Another holder of what {@code holder} holds; {@code null} if that was closed meanwhile. */
    synchronized Holder<T> retain(Holder<T> holder) {
        if (holder.closed || entries.get(holder.key) != holder.entry) {
            return null;
        }
        holder.entry.holders++;
        return new Holder<>(this, holder.key, holder.entry);
    }

    /** The instances open now (a copy). */
    synchronized java.util.List<T> values() {
        return entries.values().stream().map(e -> e.value).toList();
    }

    synchronized boolean isOpen(String key) {
        return entries.containsKey(key);
    }

    private void release(Holder<T> holder) {
        T last = null;
        synchronized (this) {
            if (holder.closed) {
                return;
            }
            holder.closed = true;
            if (--holder.entry.holders == 0 && entries.get(holder.key) == holder.entry) {
                entries.remove(holder.key);
                last = holder.entry.value;
            }
        }
        if (last != null) {
            closer.accept(last);
        }
    }

    /** One hold on a shared instance; closing it twice counts once. */
    static final class Holder<T> implements AutoCloseable {
        private final SharedInstances<T> owner;
        private final String key;
        private final Entry<T> entry;
        private boolean closed;

        private Holder(SharedInstances<T> owner, String key, Entry<T> entry) {
            this.owner = owner;
            this.key = key;
            this.entry = entry;
        }

        T value() {
            return entry.value;
        }

        @Override
        public void close() {
            owner.release(this);
        }
    }
}
