package dev.tiered.connect.cdc.postgres.stream;

import dev.tiered.connect.cdc.postgres.event.ChangeEvent;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * One record for Connect: the change event, its headers (Debezium's {@code __debezium.oldkey}/{@code newkey} on a
 * primary-key change, otherwise none), and the source partition and offset Connect stores for it.
 */
public record SourceChange(ChangeEvent event, ConnectHeaders headers, Map<String, String> sourcePartition,
        Map<String, Object> sourceOffset) { }
