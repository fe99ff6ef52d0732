package dev.tiered.connect.s3.layout;

import static dev.tiered.connect.s3.layout.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class PartitionersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);

    static Partitioner partitioner(Map<String, String> props) {
        ConfigDef def = LayoutConfig.addTo(new ConfigDef(), "Layout");
        return new LayoutConfig(new AbstractConfig(def, props)).partitioner(CLOCK);
    }

    private static Map<String, Object> event(String type, String time) {
        Map<String, Object> value = new HashMap<>();
        value.put("event_type", type);
        value.put("event_time", time);
        value.put("user", Map.of("country", "FR"));
        return value;
    }

    @Test
    void defaultPartitionerUsesKafkaPartition() {
        assertThat(partitioner(Map.of()).partitionPath(record(Map.of())).toString()).isEqualTo("partition=3");
        assertThat(partitioner(Map.of("partitioner.class",
                "io.confluent.connect.storage.partitioner.DefaultPartitioner")).partitionPath(record("x")).toString()).isEqualTo("partition=3");
    }

    @Test
    void fieldPartitionerOnMapsWithDottedPaths() {
        Partitioner p = partitioner(Map.of("partitioner.class", "FieldPartitioner",
                "partition.field.name", "event_type, user.country"));
        assertThat(p.partitionPath(record(event("page_view", null))).toString())
                .isEqualTo("event_type=page_view/country=FR");
    }

    @Test
    void fieldPartitionerOnStructs() {
        Schema schema = SchemaBuilder.struct().name("E").field("event_type", Schema.OPTIONAL_STRING_SCHEMA)
                .field("n", Schema.INT32_SCHEMA).field("ok", Schema.BOOLEAN_SCHEMA).build();
        Struct value = new Struct(schema).put("event_type", "click").put("n", 7).put("ok", true);
        Partitioner p = partitioner(Map.of("partitioner.class", "field", "partition.field.name", "event_type,n,ok"));
        assertThat(p.partitionPath(record(schema, value, 0L)).toString()).isEqualTo("event_type=click/n=7/ok=true");
        value.put("event_type", null);
        assertThat(p.partitionPath(record(schema, value, 0L)).toString())
                .isEqualTo("event_type=__HIVE_DEFAULT_PARTITION__/n=7/ok=true");
    }

    @Test
    void fieldPartitionerReadsDebeziumAfterAndBefore() {
        Partitioner p = partitioner(Map.of("partitioner.class", "field", "partition.field.name", "status"));
        Map<String, Object> update = new HashMap<>();
        update.put("op", "u");
        update.put("before", Map.of("status", "new"));
        update.put("after", Map.of("status", "paid"));
        assertThat(p.partitionPath(record(update)).toString()).isEqualTo("status=paid");
        Map<String, Object> delete = new HashMap<>();
        delete.put("op", "d");
        delete.put("before", Map.of("status", "new"));
        delete.put("after", null);
        assertThat(p.partitionPath(record(delete)).toString()).isEqualTo("status=new");
        Partitioner explicit = partitioner(Map.of("partitioner.class", "field", "partition.field.name", "after.status"));
        assertThat(explicit.partitionPath(record(update)).toString()).isEqualTo("status=paid");
    }

    @Test
    void missingNullEmptyAndHostileFieldValues() {
        Partitioner p = partitioner(Map.of("partitioner.class", "field", "partition.field.name", "k"));
        assertThat(p.partitionPath(record(Map.of())).toString()).isEqualTo("k=__HIVE_DEFAULT_PARTITION__");
        assertThat(p.partitionPath(record("not a map")).toString()).isEqualTo("k=__HIVE_DEFAULT_PARTITION__");
        assertThat(p.partitionPath(record(Map.of("k", ""))).toString()).isEqualTo("k=__HIVE_DEFAULT_PARTITION__");
        assertThat(p.partitionPath(record(Map.of("k", "../../etc"))).toString()).isEqualTo("k=..%2F..%2Fetc");
        assertThat(p.partitionPath(record(Map.of("k", ".."))).toString()).isEqualTo("k=%2E%2E");
        assertThat(p.partitionPath(record(Map.of("k", "a=b/c"))).toString()).isEqualTo("k=a%3Db%2Fc");
    }

    @Test
    void nestedFieldValuesAreRejectedNamingTheRecord() {
        Partitioner p = partitioner(Map.of("partitioner.class", "field", "partition.field.name", "user"));
        assertThatThrownBy(() -> p.partitionPath(record(event("x", null))))
                .isInstanceOf(PartitioningException.class)
                .hasMessageContaining("events-3@42").hasMessageContaining("'user' is a map");
    }

    @Test
    void timePartitionerFormatsConfluentHourlyLayout() {
        Partitioner p = partitioner(Map.of("partitioner.class", "TimeBasedPartitioner",
                "path.format", "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", "partition.duration.ms", "3600000"));
        long t = Instant.parse("2026-11-23T08:15:30.123Z").toEpochMilli();
        assertThat(p.partitionPath(record(null, "v", t)).toString())
                .isEqualTo("year=2026/month=11/day=23/hour=08");
        assertThat(partitioner(Map.of("partitioner.class", "hourly")).partitionPath(record(null, "v", t)).toString())
                .isEqualTo("year=2026/month=11/day=23/hour=08");
        assertThat(partitioner(Map.of("partitioner.class", "daily")).partitionPath(record(null, "v", t)).toString())
                .isEqualTo("year=2026/month=11/day=23");
    }

    @Test
    void seedLayoutIsOneConfigAway() {
        Partitioner p = partitioner(Map.of(
                "partitioner.class", "time_field",
                "path.format", "'processing_date'=YYYY-MM-dd",
                "partition.field.name", "event_type",
                "timestamp.extractor", "RecordField",
                "timestamp.field", "event_time"));
        assertThat(p.partitionPath(record(event("page_view", "2026-11-23T08:15:30.123Z"))).toString() + "/")
                .isEqualTo("processing_date=2026-11-23/event_type=page_view/");
    }

    @Test
    void timezoneShiftsTheDate() {
        Map<String, String> props = new HashMap<>(Map.of("partitioner.class", "time",
                "path.format", "'dt'=YYYY-MM-dd/'hour'=HH"));
        long t = Instant.parse("2026-11-23T23:30:00Z").toEpochMilli();
        assertThat(partitioner(props).partitionPath(record(null, "v", t)).toString()).isEqualTo("dt=2026-11-23/hour=23");
        props.put("timezone", "Europe/Paris");
        assertThat(partitioner(props).partitionPath(record(null, "v", t)).toString()).isEqualTo("dt=2026-11-24/hour=00");
        props.put("timezone", "America/Los_Angeles");
        assertThat(partitioner(props).partitionPath(record(null, "v", t)).toString()).isEqualTo("dt=2026-11-23/hour=15");
    }

    @Test
    void localeNamesMonths() {
        Map<String, String> props = new HashMap<>(Map.of("partitioner.class", "time", "path.format", "'m'=MMM"));
        long t = Instant.parse("2026-02-03T00:00:00Z").toEpochMilli();
        assertThat(partitioner(props).partitionPath(record(null, "v", t)).toString()).isEqualTo("m=Feb");
        props.put("locale", "fr-FR");
        assertThat(partitioner(props).partitionPath(record(null, "v", t)).toString()).isEqualTo("m=févr.");
        props.put("locale", "de");
        assertThat(partitioner(props).partitionPath(record(null, "v", t)).toString()).isEqualTo("m=Feb.");
    }

    @Test
    void jodaYearLettersMeanYearNotWeekYear() {
        // 2026-12-31 is in ISO week 1 of 2027: java.time's 'Y' would say 2027, Joda's 'Y' says 2026.
        Partitioner p = partitioner(Map.of("partitioner.class", "time", "path.format", "'y'=YYYY/'u'=yyyy/'w'=xxxx"));
        long t = Instant.parse("2026-12-31T12:00:00Z").toEpochMilli();
        assertThat(p.partitionPath(record(null, "v", t)).toString()).isEqualTo("y=2026/u=2026/w=2027");
    }

    @Test
    void durationFloorsInLocalTime() {
        // 6-hour buckets in Paris (UTC+1): 08:15Z is 09:15 local, bucket 06:00 local = 05:00Z.
        Partitioner p = partitioner(Map.of("partitioner.class", "time", "path.format", "'h'=HH",
                "partition.duration.ms", "21600000", "timezone", "Europe/Paris"));
        long t = Instant.parse("2026-11-23T08:15:00Z").toEpochMilli();
        assertThat(p.partitionPath(record(null, "v", t)).toString()).isEqualTo("h=06");
    }

    @Test
    void dailyBucketIsRightOnDaylightSavingDay() {
        // 2026-03-29: Paris moves from +01:00 to +02:00 at 01:00Z; the local day started at 23:00Z the day before.
        Partitioner p = partitioner(Map.of("partitioner.class", "time", "path.format", "'dt'=YYYY-MM-dd/'h'=HH",
                "partition.duration.ms", "86400000", "timezone", "Europe/Paris"));
        long t = Instant.parse("2026-03-29T12:00:00Z").toEpochMilli();
        assertThat(p.partitionPath(record(null, "v", t)).toString()).isEqualTo("dt=2026-03-29/h=00");
    }

    @Test
    void wallclockExtractorUsesInjectedClock() {
        Partitioner p = partitioner(Map.of("partitioner.class", "time", "path.format", "'dt'=YYYY-MM-dd",
                "timestamp.extractor", "Wallclock"));
        assertThat(p.partitionPath(record(null, "v", null)).toString()).isEqualTo("dt=2030-01-02");
    }

    @Test
    void recordFieldAcceptsLongDateAndIsoStrings() {
        Schema schema = SchemaBuilder.struct().field("ts", Timestamp.SCHEMA).build();
        Partitioner p = partitioner(Map.of("partitioner.class", "time", "path.format", "'dt'=YYYY-MM-dd",
                "timestamp.extractor", "RecordField", "timestamp.field", "ts"));
        long t = Instant.parse("2026-11-23T08:15:30.123Z").toEpochMilli();
        assertThat(p.partitionPath(record(schema, new Struct(schema).put("ts", new Date(t)), 0L)).toString())
                .isEqualTo("dt=2026-11-23");
        assertThat(p.partitionPath(record(Map.of("ts", t))).toString()).isEqualTo("dt=2026-11-23");
        assertThat(p.partitionPath(record(Map.of("ts", "2026-11-23T08:15:30.123Z"))).toString())
                .isEqualTo("dt=2026-11-23");
        assertThat(p.partitionPath(record(Map.of("ts", "2026-11-23T23:15:30-05:00"))).toString())
                .isEqualTo("dt=2026-11-24");
        assertThat(p.partitionPath(record(Map.of("ts", Long.toString(t)))).toString()).isEqualTo("dt=2026-11-23");
    }

    @Test
    void missingOrBadTimestampsThrowPartitioningException() {
        Partitioner p = partitioner(Map.of("partitioner.class", "time", "path.format", "'dt'=YYYY-MM-dd",
                "timestamp.extractor", "RecordField", "timestamp.field", "meta.ts"));
        for (Object value : List.of(Map.of(), Map.of("meta", Map.of("ts", "yesterday")), Map.of("meta", Map.of("ts",
                1.5)), "plain string")) {
            assertThatThrownBy(() -> p.partitionPath(record(value)))
                    .isInstanceOf(PartitioningException.class)
                    .hasMessageStartingWith("Cannot place record events-3@42: timestamp field 'meta.ts'")
                    .hasMessageNotContaining("yesterday");
        }
        Partitioner byRecord = partitioner(Map.of("partitioner.class", "time", "path.format", "'dt'=YYYY-MM-dd"));
        assertThatThrownBy(() -> byRecord.partitionPath(record(null, "v", null)))
                .isInstanceOf(PartitioningException.class)
                .satisfies(e -> assertThat(((PartitioningException) e).reason()).isEqualTo("record has no timestamp"));
    }
}
