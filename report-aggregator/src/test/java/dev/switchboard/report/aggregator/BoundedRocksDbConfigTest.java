package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The aggregator's RocksDB stores share one bounded amount of off-heap memory (SWITCHBOARD_AGGREGATOR_ROCKSDB_MEMORY). */
class BoundedRocksDbConfigTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldNameTheBoundedSetterAndItsTotalInTheStreamsSettings() {
        // Given the aggregator configured from the environment with 64 MiB
        AggregatorConfig config = AggregatorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGGREGATOR_ROCKSDB_MEMORY", Long.toString(64 * MIB))));

        // When its Kafka Streams settings are built
        Properties props = AggregatorStreamsConfig.of(KafkaSettings.of("unused:9092"), TopicCatalogue.bundled(), config,
                new AggregatorMetrics(new SimpleMeterRegistry()));

        // Then Kafka Streams creates every store through the bounded setter, which finds the total there
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbConfig.class);
        assertThat(props.get(BoundedRocksDbConfig.MEMORY_CONFIG)).isEqualTo(64 * MIB);
        assertThat(AggregatorConfig.ofDefaults().rocksDbMemory()).isEqualTo(128 * MIB);
    }

    @Test
    void shouldRefuseABoundTooSmallNamingTheVariable() {
        assertThatThrownBy(() -> AggregatorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_AGGREGATOR_ROCKSDB_MEMORY", "1048576"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_AGGREGATOR_ROCKSDB_MEMORY");
    }

    @Test
    void shouldGiveEveryStoreOneSharedCacheOfTheTotalWithItsMemtablesAndIndexesChargedToIt(@TempDir Path dir) throws Exception {
        // Given two stores' options as Kafka Streams hands them to the setter (a block-based table config set)
        RocksDB.loadLibrary();
        long total = 24 * MIB;
        List<Options> stores = List.of(new Options().setCreateIfMissing(true), new Options().setCreateIfMissing(true));
        stores.forEach(o -> o.setTableFormatConfig(new BlockBasedTableConfig()));

        // When the setter configures each
        BoundedRocksDbConfig setter = new BoundedRocksDbConfig();
        for (int i = 0; i < stores.size(); i++) {
            setter.setConfig("store-" + i, stores.get(i), Map.of(BoundedRocksDbConfig.MEMORY_CONFIG, total));
        }

        // Then both charge their memtables to one shared write buffer manager, keep index and filter blocks in the cache,
        assertThat(stores.get(0).writeBufferManager()).isNotNull().isSameAs(stores.get(1).writeBufferManager())
                .isSameAs(BoundedRocksDbConfig.shared(total).writeBuffers());
        assertThat(stores).allSatisfy(o -> assertThat(((BlockBasedTableConfig) o.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue());
        // and databases opened with them have the total as their block cache (Kafka Streams' default: 50 MB per store),
        // one cache: what one store writes into its memtable shows as usage in the other's cache
        try (RocksDB first = RocksDB.open(stores.get(0), dir.resolve("first").toString());
             RocksDB second = RocksDB.open(stores.get(1), dir.resolve("second").toString())) {
            assertThat(List.of(first.getProperty("rocksdb.block-cache-capacity"), second.getProperty("rocksdb.block-cache-capacity")))
                    .containsOnly(Long.toString(total));
            long before = Long.parseLong(second.getProperty("rocksdb.block-cache-usage"));
            byte[] value = new byte[4096];
            for (int i = 0; i < 1024; i++) {
                first.put(("job-" + i).getBytes(StandardCharsets.UTF_8), value);
            }
            assertThat(Long.parseLong(second.getProperty("rocksdb.block-cache-usage"))).as("the second store's cache usage").isGreaterThan(before);
        }
        stores.forEach(Options::close);
    }
}
