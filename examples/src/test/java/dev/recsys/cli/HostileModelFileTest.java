package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recommend --model} on hostile model files: a 106-byte file whose user id count is 2^31-1
 * (once an {@link OutOfMemoryError} in the id reader), without a footer and with a valid one, is
 * a one-line error and exit code 1.
 */
class HostileModelFileTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int recommend(Path model) {
        out.reset();
        err.reset();
        return Main.run(new String[] {"recommend", "--model", model.toString(), "--user", "u1", "--scene", "home"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Magic, the current format version, "popularity", no parameters, library version, seed, time, USER, string ids, the count. */
    private static ByteBuffer header(int capacity, int idCount) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'R', 'E', 'C', 'S', 'Y', 'S', '\n'}).putInt(dev.recsys.modelfile.ModelFiles.FORMAT_VERSION);
        putString(b, "popularity");
        b.putInt(0);
        putString(b, "0.1.0");
        b.putLong(7).putLong(1_700_000_000_000L);
        b.put("USER".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putInt(idCount);
        while (b.position() < capacity - 12) {
            b.put((byte) 'x');
        }
        return b;
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] a = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(a.length).put(a);
    }

    @Test
    void hugeIdCountIsAOneLineErrorNotOutOfMemory() throws IOException {
        // no footer: the last 12 bytes are filler
        ByteBuffer noFooter = header(106, Integer.MAX_VALUE);
        while (noFooter.hasRemaining()) {
            noFooter.put((byte) 'x');
        }
        Path a = Files.write(dir.resolve("nofooter.model"), noFooter.array());
        assertThat(recommend(a)).isEqualTo(1);
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(e).doesNotContain("\n").contains("footer").doesNotContain("OutOfMemory");

        // a valid footer and checksum: the count is checked against the bytes left
        ByteBuffer withFooter = header(106, Integer.MAX_VALUE);
        withFooter.put("RECSYSEF".getBytes(StandardCharsets.US_ASCII));
        CRC32 crc = new CRC32();
        crc.update(withFooter.array(), 0, 102);
        withFooter.putInt((int) crc.getValue());
        Path b = Files.write(dir.resolve("footer.model"), withFooter.array());
        assertThat(recommend(b)).isEqualTo(1);
        e = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(e).doesNotContain("\n").contains("2147483647 user ids").doesNotContain("OutOfMemory");
    }
}
