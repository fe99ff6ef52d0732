package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.junit.jupiter.api.Test;

class DebeziumContextHeadersTest {

    private static final UUID RUN = UUID.fromString("0b7c4c1e-7d0e-4d0a-9a57-2f1c9a0f5e11");

    @Test
    void addsDebeziumsFourStringHeadersAfterTheRecordsOwn() {
        ConnectHeaders own = new ConnectHeaders();
        own.add("__debezium.oldkey", "k", Schema.STRING_SCHEMA);

        ConnectHeaders headers = new DebeziumContextHeaders("shop", RUN).with(own);

        List<Header> all = StreamSupport.stream(headers.spliterator(), false).toList();
        assertThat(all).extracting(Header::key).containsExactly("__debezium.oldkey",
                "__debezium.context.connectorLogicalName", "__debezium.context.taskId",
                "__debezium.context.connectorName", "__debezium.context.runId");
        assertThat(all).extracting(Header::value).containsExactly("k", "shop", "0", "postgresql", RUN.toString());
        assertThat(all.subList(1, 5)).allSatisfy(header -> assertThat(header.schema()).isEqualTo(Schema.STRING_SCHEMA));
        assertThat(own).as("the record's own headers are shared with its tombstone: untouched").hasSize(1);
    }

    @Test
    void recordsWithoutHeadersGetTheContextOnly() {
        assertThat(new DebeziumContextHeaders("shop", RUN).with(null)).hasSize(4);
        assertThat(new DebeziumContextHeaders("shop", RUN).with(new ConnectHeaders())).hasSize(4);
    }

    @Test
    void extendedHeadersAreOnAndNoHeartbeatActionByDefault() {
        Map<String, String> props = new HashMap<>();
        props.put("database.hostname", "db.example");
        props.put("database.user", "cdc");
        props.put("database.dbname", "shop");
        props.put("topic.prefix", "shop");
        PostgresCdcConfig defaults = new PostgresCdcConfig(props);
        assertThat(defaults.extendedHeadersEnabled()).isTrue();
        assertThat(defaults.heartbeatActionQuery()).isEmpty();

        props.put("extended.headers.enabled", "false");
        props.put("heartbeat.action.query", " UPDATE heartbeat SET ts = now() ");
        PostgresCdcConfig set = new PostgresCdcConfig(props);
        assertThat(set.extendedHeadersEnabled()).isFalse();
        assertThat(set.heartbeatActionQuery()).contains("UPDATE heartbeat SET ts = now()");
    }
}
