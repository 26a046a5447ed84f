package dev.recsys.mf;

import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** In-memory ModelOutput/ModelInput for tests (the real file format lives elsewhere). */
final class MemoryModelIo {
    private MemoryModelIo() {
    }

    /** Writes into a byte array. */
    static final class Out implements ModelOutput {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        @Override
        public void writeInt(int v) throws IOException {
            out.writeInt(v);
        }

        @Override
        public void writeLong(long v) throws IOException {
            out.writeLong(v);
        }

        @Override
        public void writeFloat(float v) throws IOException {
            out.writeFloat(v);
        }

        @Override
        public void writeDouble(double v) throws IOException {
            out.writeDouble(v);
        }

        @Override
        public void writeBoolean(boolean v) throws IOException {
            out.writeBoolean(v);
        }

        @Override
        public void writeString(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        @Override
        public void writeFloats(float[] a) throws IOException {
            out.writeInt(a.length);
            for (float v : a) {
                out.writeFloat(v);
            }
        }

        @Override
        public void writeInts(int[] a) throws IOException {
            out.writeInt(a.length);
            for (int v : a) {
                out.writeInt(v);
            }
        }

        @Override
        public void writeLongs(long[] a) throws IOException {
            out.writeInt(a.length);
            for (long v : a) {
                out.writeLong(v);
            }
        }
    }

    /** Reads a byte array; reading past the end throws an IOException. */
    static final class In implements ModelInput {
        private final DataInputStream in;

        In(byte[] b) {
            in = new DataInputStream(new ByteArrayInputStream(b));
        }

        private int length() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > in.available()) {
                throw new IOException("implausible array length " + n);
            }
            return n;
        }

        @Override
        public int readInt() throws IOException {
            return in.readInt();
        }

        @Override
        public long readLong() throws IOException {
            return in.readLong();
        }

        @Override
        public float readFloat() throws IOException {
            return in.readFloat();
        }

        @Override
        public double readDouble() throws IOException {
            return in.readDouble();
        }

        @Override
        public boolean readBoolean() throws IOException {
            return in.readBoolean();
        }

        @Override
        public String readString() throws IOException {
            byte[] b = new byte[length()];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public float[] readFloats() throws IOException {
            float[] a = new float[length()];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readFloat();
            }
            return a;
        }

        @Override
        public int[] readInts() throws IOException {
            int[] a = new int[length()];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readInt();
            }
            return a;
        }

        @Override
        public long[] readLongs() throws IOException {
            long[] a = new long[length()];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readLong();
            }
            return a;
        }
    }

    /** The bytes a model saves. */
    static byte[] bytes(dev.recsys.spi.TrainedModel m) {
        Out o = new Out();
        try {
            m.save(o);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return o.toByteArray();
    }
}
