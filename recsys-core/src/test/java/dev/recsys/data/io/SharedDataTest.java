package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDataTest {
    @TempDir
    Path dir;

    private final String saved = System.getProperty(SharedData.PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(SharedData.PROPERTY);
        } else {
            System.setProperty(SharedData.PROPERTY, saved);
        }
    }

    @Test
    void systemPropertyWins() throws IOException {
        Files.createDirectories(dir.resolve("ml-100k"));
        Files.writeString(dir.resolve("ml-100k/u.data"), "1\t2\t3\t4\n");
        System.setProperty(SharedData.PROPERTY, dir.toString());
        assertThat(SharedData.dir()).contains(dir.toAbsolutePath().normalize());
        assertThat(SharedData.file("ml-100k/u.data")).contains(dir.toAbsolutePath().normalize().resolve("ml-100k/u.data"));
        assertThat(SharedData.file("ml-100k/nope")).isEmpty();
    }

    @Test
    void propertyNamingNoFolderIsIgnored() {
        System.setProperty(SharedData.PROPERTY, dir.resolve("missing").toString());
        // falls back to the environment variable or the walk up; either way not the missing folder
        assertThat(SharedData.dir()).isNotEqualTo(java.util.Optional.of(dir.resolve("missing")));
    }

    @Test
    void rejectsBadRelativePaths() {
        assertThatThrownBy(() -> SharedData.file(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedData.file(dir.toAbsolutePath().toString())).hasMessageContaining("relative");
    }
}
