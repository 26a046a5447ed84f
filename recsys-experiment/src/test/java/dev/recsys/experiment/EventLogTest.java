package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.io.DataFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir
    Path dir;

    @Test
    void writesAppendsAndReadsBackEveryField() {
        Path f = dir.resolve("log.csv");
        List<LogEvent> events = List.of(
                LogEvent.impression(100, "u1", "exp", "control", 7, List.of("i1", "i2", "i3")),
                LogEvent.click(105, "u1", "exp", "control", 7, "i2", 1),
                LogEvent.cart(110, "u1", "exp", "control", 7, "i2"),
                LogEvent.purchase(120, "u1", "exp", "control", -1, "i2", 19.5),
                LogEvent.interleaved(130, "u2", "inter", "AB", 8, List.of("i4", "i1"), "BA"));
        try (EventLog log = EventLog.open(f)) {
            events.subList(0, 3).forEach(log::append);
        }
        try (EventLog log = EventLog.open(f)) { // reopening appends, no second header
            events.subList(3, 5).forEach(log::append);
        }
        assertThat(EventLog.read(f)).isEqualTo(events);
    }

    private Path write(String... lines) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, EventLog.HEADER + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void badLinesNameFileAndLine() throws Exception {
        String imp = "impression,100,u1,exp,control,7,i1 i2 i3,";
        assertThatThrownBy(() -> EventLog.read(write(imp, "click,101,u1,exp,control,7,i2,5")))
                .isInstanceOf(DataFileException.class).hasMessageStartingWith("bad.csv:3:").hasMessageContaining("outside impression 7");
        assertThatThrownBy(() -> EventLog.read(write(imp, "click,101,u1,exp,control,7,i3,1")))
                .hasMessageStartingWith("bad.csv:3:").hasMessageContaining("shows 'i2' at position 1");
        assertThatThrownBy(() -> EventLog.read(write("view,100,u1,exp,control,7,i1,")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("field 1 (type)");
        assertThatThrownBy(() -> EventLog.read(write("impression,x,u1,exp,control,7,i1,")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("field 2 (timestamp)");
        assertThatThrownBy(() -> EventLog.read(write("impression,1,u1,exp,control,7,i1 i2,A")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("teams must be as long as items (2)");
        assertThatThrownBy(() -> EventLog.read(write("impression,1,u1,exp,control,7,i1 i1,")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("twice");
        assertThatThrownBy(() -> EventLog.read(write("purchase,1,u1,exp,control,,i1,-3")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("revenue");
        assertThatThrownBy(() -> EventLog.read(write("cart,1,u1,exp,control,,i1")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("expected 8 fields");
        assertThatThrownBy(() -> EventLog.read(write("impression,1,u1,exp,control,7," + "i ".repeat(10_001) + "i,")))
                .hasMessageStartingWith("bad.csv:2:").hasMessageContaining("more than 10000 items");
    }

    @Test
    void wrongHeaderEmptyMissingAndHugeLinesAreRejected() throws Exception {
        Path f = dir.resolve("h.csv");
        Files.writeString(f, "user,item\n");
        assertThatThrownBy(() -> EventLog.read(f)).hasMessageStartingWith("h.csv:1:").hasMessageContaining("header");
        assertThatThrownBy(() -> EventLog.open(f)).hasMessageStartingWith("h.csv:1:");
        Files.writeString(f, "");
        assertThatThrownBy(() -> EventLog.read(f)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> EventLog.read(dir.resolve("none.csv"))).hasMessageContaining("file not found");
        Files.writeString(f, EventLog.HEADER + "\nimpression,1,u1,exp,c,7," + "x".repeat(EventLog.MAX_LINE + 1) + ",\n");
        assertThatThrownBy(() -> EventLog.read(f)).hasMessageStartingWith("h.csv:2:").hasMessageContaining("longer than");
    }

    @Test
    void writerRejectsIdsThatWouldBreakTheFormat() {
        assertThatThrownBy(() -> LogEvent.impression(1, "u,1", "e", "v", 1, List.of("i")))
                .hasMessageContaining("unit must not hold commas");
        assertThatThrownBy(() -> LogEvent.impression(1, "u", "e", "v", 1, List.of("i 2")))
                .hasMessageContaining("items must not hold commas, spaces");
        assertThatThrownBy(() -> LogEvent.click(1, "u", "e", "v", -1, "i", 0)).hasMessageContaining("impression");
    }
}
