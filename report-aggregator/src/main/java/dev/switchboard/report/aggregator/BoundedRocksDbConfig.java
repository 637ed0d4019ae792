package dev.switchboard.report.aggregator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store in the process by one total, {@code SWITCHBOARD_AGGREGATOR_ROCKSDB_MEMORY}
 * (Kafka Streams' "bounded memory" recipe, developer guide, Memory Management). Without it each store instance (3 stores
 * a task, a task a partition of switchboard.jobs: 18 on one replica) opens its own 50 MB block cache and up to 3 x 16 MB
 * memtables, and keeps index and filter blocks outside any cache: nothing a container limit can be sized from.
 *
 * <p>Every store shares one {@link LRUCache} of the total; a {@link WriteBufferManager} charges the memtables to that
 * cache (at most {@value #WRITE_BUFFER_RATIO} of it), and index and filter blocks live in the cache too, in its
 * high-priority pool ({@value #INDEX_FILTER_RATIO}) so data blocks do not evict them. The cache does not set a strict
 * capacity limit: with one, RocksDB fails a read or an iteration when pinned blocks fill the cache, which would kill a
 * stream thread; without it the cache can exceed its capacity only by blocks in use at that moment.
 *
 * <p>Kafka Streams creates this class by name, so the total comes in the Streams configs ({@link #MEMORY_CONFIG}); the
 * cache and manager are kept per total for the life of the JVM and never closed by a store (a store closing must not
 * free what the others use).
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
    /** Not a Kafka setting: the total in bytes ({@link AggregatorConfig#rocksDbMemory()}), put there by {@link AggregatorStreamsConfig}. */
    static final String MEMORY_CONFIG = "switchboard.aggregator.rocksdb.memory";
    static final double WRITE_BUFFER_RATIO = 0.5;
    static final double INDEX_FILTER_RATIO = 0.1;
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and write buffer manager all stores of one total share. */
    record Shared(Cache cache, WriteBufferManager writeBuffers) {
        static Shared of(long total) {
            Cache cache = new LRUCache(total, -1, false, INDEX_FILTER_RATIO);
            return new Shared(cache, new WriteBufferManager((long) (total * WRITE_BUFFER_RATIO), cache));
        }
    }

    /** What every store configured for {@code total} bytes shares. */
    static Shared shared(long total) {
        return SHARED.computeIfAbsent(total, Shared::of);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(totalFrom(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setTableFormatConfig(table);
    }

    /** Nothing: the cache and the manager are shared with the other stores. */
    @Override
    public void close(String storeName, Options options) {
    }

    private static long totalFrom(Map<String, Object> configs) {
        Object total = configs.get(MEMORY_CONFIG);
        if (total instanceof Number n) {
            return n.longValue();
        }
        if (total instanceof String s) {
            return Long.parseLong(s.trim());
        }
        throw new IllegalStateException("The aggregator's RocksDB settings need '" + MEMORY_CONFIG
                + "'; build the Kafka Streams settings with AggregatorStreamsConfig.of");
    }
}
