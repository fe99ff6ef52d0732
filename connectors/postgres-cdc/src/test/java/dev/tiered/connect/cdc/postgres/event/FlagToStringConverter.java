package dev.tiered.connect.cdc.postgres.event;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A custom converter written against Debezium's SPI only, after the example in Debezium's documentation: columns whose
 * type name is one of {@code types} (default {@code bool}) in tables matching {@code tables} (regex over
 * {@code <schema>.<table>}, default all) become strings {@code <prefix><value>|<Java class of the input>}, so tests
 * see both the option handling and the value Debezium would have handed over. SQL null stays null. Every
 * {@code configure} and {@code converterFor} call is recorded (tests run connectors in this JVM).
 */
public class FlagToStringConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    public static final String SCHEMA_NAME = "dev.tiered.test.Flag";
    public static final List<Properties> CONFIGURED = new CopyOnWriteArrayList<>();
    public static final List<RelationalColumn> ASKED = new CopyOnWriteArrayList<>();

    private String prefix = "";
    private List<String> types = List.of("bool");
    private Pattern tables = Pattern.compile(".*");

    @Override
    public void configure(Properties props) {
        CONFIGURED.add(props);
        prefix = props.getProperty("prefix", "");
        types = List.of(props.getProperty("types", "bool").split(","));
        tables = Pattern.compile(props.getProperty("tables", ".*"));
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        ASKED.add(column);
        if (types.contains(column.typeName()) && tables.matcher(column.dataCollection()).matches()) {
            registration.register(SchemaBuilder.string().name(SCHEMA_NAME),
                    value -> value == null ? null : prefix + value + "|" + value.getClass().getSimpleName());
        }
    }
}
