package dev.recsys.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class BinaryModelIoTest {

    private static byte[] write(IoAction a) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BinaryModelOutput out = new BinaryModelOutput(bytes)) {
            a.run(out);
        }
        return bytes.toByteArray();
    }

    interface IoAction {
        void run(BinaryModelOutput out) throws IOException;
    }

    private static BinaryModelInput in(byte[] b) {
        return new BinaryModelInput(new ByteArrayInputStream(b), "test data", b.length);
    }

    @Test
    void roundTripsEveryTypeAcrossBufferBoundaries() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        float[] f = new float[50_001];
        int[] i = new int[70_003];
        long[] l = new long[20_005];
        for (int k = 0; k < f.length; k++) {
            f[k] = (float) r.nextGaussian();
        }
        for (int k = 0; k < i.length; k++) {
            i[k] = r.nextInt();
        }
        for (int k = 0; k < l.length; k++) {
            l[k] = r.nextLong();
        }
        String s = "héllo wörld ✓";
        byte[] b = write(out -> {
            out.writeInt(-7);
            out.writeLong(Long.MIN_VALUE);
            out.writeFloat(1.5f);
            out.writeDouble(Math.PI);
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.writeString(s);
            out.writeString("");
            out.writeFloats(f);
            out.writeInts(i);
            out.writeLongs(l);
            out.writeFloats(new float[0]);
            out.writeInt(42);
        });
        assertThat(b.length).isEqualTo(4 + 8 + 4 + 8 + 1 + 1 + 4 + s.getBytes("UTF-8").length + 4
                + 4 + 4 * f.length + 4 + 4 * i.length + 4 + 8 * l.length + 4 + 4);
        BinaryModelInput in = in(b);
        assertThat(in.readInt()).isEqualTo(-7);
        assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(in.readFloat()).isEqualTo(1.5f);
        assertThat(in.readDouble()).isEqualTo(Math.PI);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readBoolean()).isFalse();
        assertThat(in.readString()).isEqualTo(s);
        assertThat(in.readString()).isEmpty();
        assertThat(in.readFloats()).containsExactly(f);
        assertThat(in.readInts()).containsExactly(i);
        assertThat(in.readLongs()).containsExactly(l);
        assertThat(in.readFloats()).isEmpty();
        assertThat(in.readInt()).isEqualTo(42);
        assertThat(in.position()).isEqualTo(b.length);
    }

    @Test
    void writesLittleEndianAndTracksCrc() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(bytes);
        out.writeInt(0x01020304);
        out.writeFloats(new float[] {2f});
        int crc = out.crc32();
        assertThat(out.position()).isEqualTo(12);
        out.flush();
        byte[] b = bytes.toByteArray();
        assertThat(Arrays.copyOf(b, 4)).containsExactly(4, 3, 2, 1);
        assertThat(ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(2f);
        CRC32 c = new CRC32();
        c.update(b);
        assertThat(crc).isEqualTo((int) c.getValue());
    }

    @Test
    void truncatedInputSaysWhereItEnds() throws IOException {
        byte[] b = write(out -> out.writeFloats(new float[100]));
        byte[] cut = Arrays.copyOf(b, 200);
        BinaryModelInput in = in(cut);
        in.section("factors");
        assertThatThrownBy(in::readFloats).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("ends after 200 bytes")
                .hasMessageContaining("100 elements").hasMessageContaining("factors");
        // unknown length: found while reading
        BinaryModelInput unknown = new BinaryModelInput(new ByteArrayInputStream(cut), "stream", -1);
        assertThatThrownBy(unknown::readFloats).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("ends after 200 bytes");
        assertThatThrownBy(() -> in(new byte[2]).readInt()).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("ends after 2 bytes").hasMessageContaining("an int");
    }

    @Test
    void corruptValuesAreRejected() throws IOException {
        byte[] negative = write(out -> out.writeInt(-5));
        assertThatThrownBy(() -> in(negative).readInts()).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("negative length -5");
        byte[] notBool = write(out -> out.writeInt(7));
        assertThatThrownBy(() -> in(notBool).readBoolean()).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("boolean");
        assertThatThrownBy(() -> write(out -> out.writeString(null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s must not be null");
    }

    @Test
    void hugeLengthsNeverAllocateBeyondTheData() throws IOException {
        // an element count of 2^31-1 followed by a few bytes: a truncation, not OutOfMemoryError
        byte[] b = write(out -> {
            out.writeInt(Integer.MAX_VALUE);
            out.writeLong(42);
        });
        for (IoRead r : new IoRead[] {BinaryModelInput::readFloats, BinaryModelInput::readInts,
                BinaryModelInput::readLongs, BinaryModelInput::readString}) {
            assertThatThrownBy(() -> r.read(in(b))).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("truncated").hasMessageContaining("2147483647");
            // length unknown: the array grows only as data arrives, then the end is found
            assertThatThrownBy(() -> r.read(new BinaryModelInput(new ByteArrayInputStream(b), "stream", -1)))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("ends after 12 bytes");
        }
        assertThatThrownBy(() -> in(b).readCount("user ids", 4, Integer.MAX_VALUE))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("truncated")
                .hasMessageContaining("2147483647 user ids");
        assertThatThrownBy(() -> in(b).readCount("parameters", 8, 10_000)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("count of parameters").hasMessageContaining("outside [0, 10000]");
        byte[] fits = write(out -> {
            out.writeInt(3);
            out.writeInts(new int[] {1, 2});
        });
        BinaryModelInput in = in(fits);
        assertThat(in.readCount("things", 4, 10)).isEqualTo(3);
        assertThat(in.remaining()).isEqualTo(12);
        // unknown length, more than one chunk: read in full
        float[] big = new float[200_000];
        big[199_999] = 7f;
        byte[] bigBytes = write(out -> out.writeFloats(big));
        assertThat(new BinaryModelInput(new ByteArrayInputStream(bigBytes), "stream", -1).readFloats()).isEqualTo(big);
    }

    interface IoRead {
        Object read(BinaryModelInput in) throws IOException;
    }

    @Test
    void nonFiniteNumbersAreNeverWrittenNorRead() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> write(out -> {
                out.section("user factors");
                out.writeFloats(new float[] {1f, bad});
            })).isInstanceOf(ModelFormatException.class).hasMessageContaining("non-finite")
                    .hasMessageContaining("element 1").hasMessageContaining("user factors");
            assertThatThrownBy(() -> write(out -> out.writeFloat(bad))).isInstanceOf(ModelFormatException.class);
            assertThatThrownBy(() -> write(out -> out.writeDouble(bad))).isInstanceOf(ModelFormatException.class);
            // written raw, as a corrupted file would hold them
            byte[] arr = write(out -> {
                out.writeInt(2);
                out.writeInt(Float.floatToRawIntBits(1f));
                out.writeInt(Float.floatToRawIntBits(bad));
            });
            assertThatThrownBy(() -> in(arr).readFloats()).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("element 1").hasMessageContaining("not finite");
            byte[] one = write(out -> out.writeInt(Float.floatToRawIntBits(bad)));
            assertThatThrownBy(() -> in(one).readFloat()).isInstanceOf(ModelFormatException.class);
            byte[] d = write(out -> out.writeLong(Double.doubleToRawLongBits(bad)));
            assertThatThrownBy(() -> in(d).readDouble()).isInstanceOf(ModelFormatException.class);
        }
    }

    @Test
    void invalidUtf8IsRejected() throws IOException {
        byte[] b = write(out -> {
            out.writeInt(2);
            out.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28});
        });
        assertThatThrownBy(() -> in(b).readString()).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not valid UTF-8");
    }
}
