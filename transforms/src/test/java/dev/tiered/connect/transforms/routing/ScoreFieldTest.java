package dev.tiered.connect.transforms.routing;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.TestRecords;
import dev.tiered.connect.transforms.condition.ConditionCompiler;
import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

class ScoreFieldTest {

    private static double read(String path, Object value) throws EvaluationException {
        RecordView view = new RecordView(true);
        view.reset(TestRecords.withValue(value));
        return new ScoreField(ConditionCompiler.compilePath(path), 0.25).read(view);
    }

    @Test
    void readsAnyNumber() throws Exception {
        assertThat(read("p", map("p", 0.95))).isEqualTo(0.95);
        assertThat(read("p", map("p", 1))).isEqualTo(1.0);
        assertThat(read("p", map("p", new BigDecimal("0.5")))).isEqualTo(0.5);
    }

    @Test
    void readsFloatsByTheirDecimalValue() throws Exception {
        assertThat(read("p", map("p", 0.9f))).isEqualTo(0.9);
    }

    @Test
    void readsNumericText() throws Exception {
        assertThat(read("p", map("p", " 0.95 "))).isEqualTo(0.95);
        assertThat(read("p", map("p", "1e-1".getBytes(StandardCharsets.UTF_8)))).isEqualTo(0.1);
    }

    @Test
    void readsHeaders() throws Exception {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("x-priority", "0.97");
        RecordView view = new RecordView(true);
        view.reset(TestRecords.withHeaders(map(), headers));
        assertThat(new ScoreField(ConditionCompiler.compilePath("header.x-priority"), 0).read(view)).isEqualTo(0.97);
    }

    @Test
    void usesTheDefaultForMissingOrNull() throws Exception {
        assertThat(read("p", map())).isEqualTo(0.25);
        assertThat(read("p", map("p", null))).isEqualTo(0.25);
    }

    @Test
    void rejectsTextThatIsNotANumber() {
        assertThatThrownBy(() -> read("p", map("p", "high")))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("expected a number but found text that is not one");
        assertThatThrownBy(() -> read("p", map("p", "NaN"))).isInstanceOf(EvaluationException.class);
    }

    @Test
    void rejectsOtherTypes() {
        assertThatThrownBy(() -> read("p", map("p", map())))
                .hasMessage("expected a number but found a value of type Map");
    }

    @Test
    void rejectsNumbersThatAreNotFinite() {
        assertThatThrownBy(() -> read("p", map("p", Double.POSITIVE_INFINITY)))
                .hasMessage("expected a finite number but found NaN or an infinity");
    }
}
