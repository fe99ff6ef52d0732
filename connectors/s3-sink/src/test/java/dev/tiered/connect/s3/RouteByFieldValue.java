package dev.tiered.connect.s3;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Test-only SMT renaming each record's topic to {@code <topic>.<value of field>}, like PriorityRouter's hot/cold
 * routing: records of one partition go to several topics. Schemaless (map) values only.
 */
public class RouteByFieldValue<R extends ConnectRecord<R>> implements Transformation<R> {

    private String field;

    @Override
    public void configure(Map<String, ?> configs) {
        field = (String) configs.get("field");
    }

    @Override
    public R apply(R record) {
        Object value = ((Map<?, ?>) record.value()).get(field);
        return record.newRecord(record.topic() + "." + value, record.kafkaPartition(), record.keySchema(),
                record.key(), record.valueSchema(), record.value(), record.timestamp());
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("field", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "field to route by");
    }

    @Override
    public void close() {
    }
}
