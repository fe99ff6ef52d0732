package dev.tiered.connect.s3.parquet;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.schema.MessageType;

/**
 * The schema of the rows in one Parquet file: a Connect STRUCT whose fields are the columns (metadata columns, change
 * event columns, then the value's columns) and the equivalent Parquet {@link MessageType}. Instances are shared by all
 * rows of the same shape, so the task can detect a schema change (and roll the file) with a cheap identity check
 * falling back to {@link #equals}.
 */
public final class RowSchema {

    static final String MESSAGE_NAME = "connect_record";

    private final Schema connectSchema;
    private final MessageType messageType;
    private final SchemalessSchema inferred;

    RowSchema(Schema connectSchema, MessageType messageType, SchemalessSchema inferred) {
        this.connectSchema = connectSchema;
        this.messageType = messageType;
        this.inferred = inferred;
    }

    public Schema connectSchema() {
        return connectSchema;
    }

    public MessageType messageType() {
        return messageType;
    }

    public List<Field> fields() {
        return connectSchema.fields();
    }

    /** The inferred shape of schemaless values in this file, or null when the values carry a Connect schema. */
    SchemalessSchema inferred() {
        return inferred;
    }

    /** Whether the schema was inferred from schemaless values (and may widen), not given by the records. */
    public boolean isInferred() {
        return inferred != null;
    }

    /** True when a file opened with {@code other} can take rows of this schema. */
    public boolean sameAs(RowSchema other) {
        return this == other || (other != null && messageType.equals(other.messageType));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowSchema other && messageType.equals(other.messageType)
                && Objects.equals(inferred, other.inferred);
    }

    @Override
    public int hashCode() {
        return messageType.hashCode();
    }

    @Override
    public String toString() {
        return messageType.toString();
    }
}
