package dev.tiered.connect.cdc.postgres;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Test-only SMT that slows a task's records down ({@code micros.per.record}), so an IT can stop a connector in the
 * middle of a snapshot of a few thousand rows.
 */
public class Throttle<R extends ConnectRecord<R>> implements Transformation<R> {

    private long nanos;

    @Override
    public void configure(Map<String, ?> configs) {
        nanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(String.valueOf(configs.get("micros.per.record"))));
    }

    @Override
    public R apply(R record) {
        LockSupport.parkNanos(nanos);
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("micros.per.record", ConfigDef.Type.LONG, ConfigDef.Importance.LOW, "delay");
    }

    @Override
    public void close() {
    }
}
