package dev.tiered.connect.cdc.postgres;

import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;

/**
 * Debezium's extended context headers ({@code extended.headers.enabled}, default true; {@code DebeziumHeaderProducer}
 * with {@code CdcSourceTaskContext}, added by {@code EventDispatcher.getExtendedHeaders} to every change record, its
 * tombstone and snapshot records, not to heartbeats): string headers {@code __debezium.context.connectorLogicalName}
 * (topic.prefix), {@code .taskId} ({@code "0"}: Debezium's PostgreSQL task context never passes another), {@code
 * .connectorName} ({@code "postgresql"}, {@code Module.name()}) and {@code .runId} (a random UUID per task start),
 * after the record's own headers.
 */
final class DebeziumContextHeaders {

    static final String PREFIX = "__debezium.context.";
    static final String CONNECTOR_LOGICAL_NAME = PREFIX + "connectorLogicalName";
    static final String TASK_ID = PREFIX + "taskId";
    static final String CONNECTOR_NAME = PREFIX + "connectorName";
    static final String RUN_ID = PREFIX + "runId";
    static final String POSTGRESQL = "postgresql";
    static final String TASK_ID_VALUE = "0";

    private final String logicalName;
    private final String runId;

    DebeziumContextHeaders(String logicalName, UUID runId) {
        this.logicalName = logicalName;
        this.runId = runId.toString();
    }

    /** A new header set: {@code own} first (never modified, it may be shared by a delete and its tombstone). */
    ConnectHeaders with(Iterable<Header> own) {
        ConnectHeaders headers = own == null ? new ConnectHeaders() : new ConnectHeaders(own);
        headers.add(CONNECTOR_LOGICAL_NAME, logicalName, Schema.STRING_SCHEMA);
        headers.add(TASK_ID, TASK_ID_VALUE, Schema.STRING_SCHEMA);
        headers.add(CONNECTOR_NAME, POSTGRESQL, Schema.STRING_SCHEMA);
        headers.add(RUN_ID, runId, Schema.STRING_SCHEMA);
        return headers;
    }
}
