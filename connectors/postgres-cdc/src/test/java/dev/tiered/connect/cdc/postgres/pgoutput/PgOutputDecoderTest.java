package dev.tiered.connect.cdc.postgres.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgOutputDecoderTest {

    private final PgOutputDecoder decoder = new PgOutputDecoder();

    private static final Instant TS = Instant.parse("2024-05-06T05:08:09.123456Z");
    /** {@link #TS} in microseconds since 2000-01-01. */
    private static final long PG_TS = TS.getEpochSecond() * 1_000_000L + TS.getNano() / 1_000L
            - PgOutputDecoder.PG_EPOCH_OFFSET_MICROS;

    @Test
    void begin() {
        ByteBuffer message = new Bytes().b('B').i64(0x16_0000_1234L).i64(PG_TS).i32(-2).buffer();
        assertThat(decoder.decode(message)).isEqualTo(new PgOutputMessage.Begin(0x16_0000_1234L, TS, 4294967294L));
        assertThat(message.position()).as("position untouched").isZero();
    }

    @Test
    void commit() {
        assertThat(decoder.decode(new Bytes().b('C').b(0).i64(100).i64(180).i64(PG_TS).buffer()))
                .isEqualTo(new PgOutputMessage.Commit(0, 100, 180, TS));
    }

    @Test
    void origin() {
        assertThat(decoder.decode(new Bytes().b('O').i64(77).str("node_a").buffer()))
                .isEqualTo(new PgOutputMessage.Origin(77, "node_a"));
    }

    @Test
    void relationWithKeyFlagsTypesAndReplicaIdentity() {
        ByteBuffer message = new Bytes().b('R').i32(16384).str("public").str("customers").b('f').i16(3)
                .b(1).str("id").i32(23).i32(-1)
                .b(0).str("amount").i32(1700).i32((10 << 16) + 2 + 4)
                .b(0).str("naïve").i32(25).i32(-1)
                .buffer();
        assertThat(decoder.decode(message)).isEqualTo(new PgOutputMessage.Relation(16384, "public", "customers", 'f',
                List.of(new PgOutputMessage.RelationColumn(true, "id", 23, -1),
                        new PgOutputMessage.RelationColumn(false, "amount", 1700, 655366),
                        new PgOutputMessage.RelationColumn(false, "naïve", 25, -1))));
    }

    @Test
    void type() {
        assertThat(decoder.decode(new Bytes().b('Y').i32(90001).str("public").str("mood").buffer()))
                .isEqualTo(new PgOutputMessage.Type(90001, "public", "mood"));
    }

    @Test
    void insertWithNullUnchangedToastTextAndBinaryValues() {
        ByteBuffer message = new Bytes().b('I').i32(16384).b('N').i16(4)
                .b('t').text("42").b('n').b('u').b('b').i32(2).b(0xCA).b(0xFE).buffer();
        PgOutputMessage.Insert insert = (PgOutputMessage.Insert) decoder.decode(message);
        assertThat(insert.relationId()).isEqualTo(16384);
        assertThat(insert.newTuple()).containsExactly(TupleValue.text("42"), TupleValue.nullValue(),
                TupleValue.unchangedToast(), TupleValue.binary(new byte[] {(byte) 0xCA, (byte) 0xFE}));
        assertThat(insert.newTuple().get(0).text()).isEqualTo("42");
        assertThat(insert.newTuple().get(1).text()).isNull();
    }

    @Test
    void updateWithoutOldTuple() {
        assertThat(decoder.decode(new Bytes().b('U').i32(7).b('N').i16(1).b('t').text("x").buffer()))
                .isEqualTo(new PgOutputMessage.Update(7, (char) 0, null, List.of(TupleValue.text("x"))));
    }

    @Test
    void updateWithKeyOrOldTuple() {
        for (char kind : new char[] {'K', 'O'}) {
            ByteBuffer message = new Bytes().b('U').i32(7).b(kind).i16(2).b('t').text("1").b('n')
                    .b('N').i16(2).b('t').text("2").b('t').text("b").buffer();
            assertThat(decoder.decode(message)).isEqualTo(new PgOutputMessage.Update(7, kind,
                    List.of(TupleValue.text("1"), TupleValue.nullValue()),
                    List.of(TupleValue.text("2"), TupleValue.text("b"))));
        }
    }

    @Test
    void delete() {
        assertThat(decoder.decode(new Bytes().b('D').i32(7).b('K').i16(2).b('t').text("1").b('n').buffer()))
                .isEqualTo(new PgOutputMessage.Delete(7, 'K', List.of(TupleValue.text("1"), TupleValue.nullValue())));
        assertThat(decoder.decode(new Bytes().b('D').i32(7).b('O').i16(1).b('t').text("1").buffer()))
                .isEqualTo(new PgOutputMessage.Delete(7, 'O', List.of(TupleValue.text("1"))));
    }

    @Test
    void truncate() {
        PgOutputMessage.Truncate truncate = (PgOutputMessage.Truncate) decoder.decode(
                new Bytes().b('T').i32(2).b(3).i32(11).i32(12).buffer());
        assertThat(truncate.relationIds()).containsExactly(11, 12);
        assertThat(truncate.options() & PgOutputMessage.Truncate.CASCADE).isNotZero();
        assertThat(truncate.options() & PgOutputMessage.Truncate.RESTART_IDENTITY).isNotZero();
    }

    @Test
    void logicalMessage() {
        PgOutputMessage.LogicalMessage message = (PgOutputMessage.LogicalMessage) decoder.decode(
                new Bytes().b('M').b(1).i64(99).str("app").i32(5).raw("hello").buffer());
        assertThat(message.transactional()).isTrue();
        assertThat(message.lsn()).isEqualTo(99);
        assertThat(message.prefix()).isEqualTo("app");
        assertThat(message.contentAsText()).isEqualTo("hello");
    }

    @Test
    void decodesFromTheBufferPosition() {
        ByteBuffer buffer = new Bytes().b(0).b(0).b('O').i64(1).str("x").buffer();
        buffer.position(2);
        assertThat(decoder.decode(buffer)).isEqualTo(new PgOutputMessage.Origin(1, "x"));
    }

    @Test
    void badMessagesFailClearly() {
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.allocate(0))).hasMessageContaining("empty");
        assertThatThrownBy(() -> decoder.decode(new Bytes().b('Z').buffer()))
                .hasMessageContaining("unknown pgoutput message type 'Z'");
        assertThatThrownBy(() -> decoder.decode(new Bytes().b('S').i32(1).b(1).buffer()))
                .hasMessageContaining("proto_version 1");
        assertThatThrownBy(() -> decoder.decode(new Bytes().b('B').i64(1).buffer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decoder.decode(new Bytes().b('I').i32(1).b('N').i16(1).b('t').i32(10).raw("ab").buffer()))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> decoder.decode(new Bytes().b('I').i32(1).b('N').i16(1).b('x').buffer()))
                .hasMessageContaining("unknown kind 'x'");
        assertThatThrownBy(() -> decoder.decode(new Bytes().b('D').i32(1).b('N').i16(0).buffer()))
                .hasMessageContaining("expected tuple kind 'K' or 'O'");
    }

    @Test
    void pgTimestampsBeforeTheEpoch() {
        assertThat(PgOutputDecoder.pgTimestamp(0)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(PgOutputDecoder.pgTimestamp(-PgOutputDecoder.PG_EPOCH_OFFSET_MICROS - 1))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    /** A big-endian message builder. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes b(int value) {
            out.write(value);
            return this;
        }

        Bytes i16(int value) {
            return b(value >>> 8).b(value);
        }

        Bytes i32(int value) {
            return i16(value >>> 16).i16(value);
        }

        Bytes i64(long value) {
            return i32((int) (value >>> 32)).i32((int) value);
        }

        Bytes raw(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Bytes str(String text) {
            return raw(text).b(0);
        }

        Bytes text(String text) {
            return i32(text.getBytes(StandardCharsets.UTF_8).length).raw(text);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(out.toByteArray());
        }
    }
}
