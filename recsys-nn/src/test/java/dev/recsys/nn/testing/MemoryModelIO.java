package dev.recsys.nn.testing;

import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** In-memory model payload for round-trip tests: values kept as a list of objects. */
public final class MemoryModelIO implements ModelOutput {
    private final List<Object> values = new ArrayList<>();

    @Override
    public void writeInt(int v) {
        values.add(v);
    }

    @Override
    public void writeLong(long v) {
        values.add(v);
    }

    @Override
    public void writeFloat(float v) {
        values.add(v);
    }

    @Override
    public void writeDouble(double v) {
        values.add(v);
    }

    @Override
    public void writeBoolean(boolean v) {
        values.add(v);
    }

    @Override
    public void writeString(String s) {
        if (s == null) {
            throw new IllegalArgumentException("s must not be null");
        }
        values.add(s);
    }

    @Override
    public void writeFloats(float[] a) {
        values.add(a.clone());
    }

    @Override
    public void writeInts(int[] a) {
        values.add(a.clone());
    }

    @Override
    public void writeLongs(long[] a) {
        values.add(a.clone());
    }

    /** Number of values written. */
    public int size() {
        return values.size();
    }

    /** A reader over what was written (a fresh cursor each call). */
    public ModelInput reader() {
        return new ModelInput() {
            private int pos;

            private <T> T next(Class<T> type) throws IOException {
                if (pos >= values.size()) {
                    throw new EOFException("read past the end at value " + pos);
                }
                Object o = values.get(pos++);
                if (!type.isInstance(o)) {
                    throw new IOException("value " + (pos - 1) + " is a " + o.getClass().getSimpleName()
                            + ", expected " + type.getSimpleName());
                }
                return type.cast(o);
            }

            @Override
            public int readInt() throws IOException {
                return next(Integer.class);
            }

            @Override
            public long readLong() throws IOException {
                return next(Long.class);
            }

            @Override
            public float readFloat() throws IOException {
                return next(Float.class);
            }

            @Override
            public double readDouble() throws IOException {
                return next(Double.class);
            }

            @Override
            public boolean readBoolean() throws IOException {
                return next(Boolean.class);
            }

            @Override
            public String readString() throws IOException {
                return next(String.class);
            }

            @Override
            public float[] readFloats() throws IOException {
                return next(float[].class).clone();
            }

            @Override
            public int[] readInts() throws IOException {
                return next(int[].class).clone();
            }

            @Override
            public long[] readLongs() throws IOException {
                return next(long[].class).clone();
            }
        };
    }
}
