package dev.tiered.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuickstartOptionsTest {

    @Test
    void defaultsFinishInAboutAMinuteAndKeepTheRestApiUp() {
        QuickstartOptions options = QuickstartOptions.parse();
        assertThat(options.events() / options.rate()).isBetween(20.0, 60.0);
        assertThat(options.restPort()).isEqualTo(8083);
        assertThat(options.exitWhenDone()).isFalse();
        assertThat(options.dataDir().isAbsolute()).isTrue();
        assertThat(options.dataDir().getFileName().toString()).isEqualTo("quickstart-data");
    }

    @Test
    void durationMeansRateTimesDurationEventsAndExitsAfterTheReport() {
        QuickstartOptions options = QuickstartOptions.parse("--duration", "2m", "--rate", "500");
        assertThat(options.events()).isEqualTo(60_000);
        assertThat(options.duration()).contains(Duration.ofMinutes(2));
        assertThat(options.exitWhenDone()).isTrue();
    }

    @Test
    void parsesEveryOption() {
        QuickstartOptions options = QuickstartOptions.parse("--events", "1_000", "--rate", "0", "--hot-share", "0.2",
                "--rest-port", "18083", "--flush-seconds", "1.5", "--cdc-rate", "0", "--exit-when-done");
        assertThat(options.events()).isEqualTo(1_000);
        assertThat(options.rate()).isZero();
        assertThat(options.hotShare()).isEqualTo(0.2);
        assertThat(options.restPort()).isEqualTo(18083);
        assertThat(options.flushInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.exitWhenDone()).isTrue();
    }

    @Test
    void badInputGetsAMessageNamingTheOption() {
        assertThatThrownBy(() -> QuickstartOptions.parse("--hot-share", "2")).hasMessageContaining("--hot-share");
        assertThatThrownBy(() -> QuickstartOptions.parse("--events")).hasMessageContaining("--events needs a value");
        assertThatThrownBy(() -> QuickstartOptions.parse("--duration", "soon")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> QuickstartOptions.parse("--events", "5", "--duration", "1m"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> QuickstartOptions.parse("--frobnicate")).hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> QuickstartOptions.parse("--archive", "/no/such.zip"))
                .hasMessageContaining("does not exist");
    }
}
