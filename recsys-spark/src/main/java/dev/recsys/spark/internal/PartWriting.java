package dev.recsys.spark.internal;

import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelBundles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * Executor side of the bundle export: writes the rows of one range partition (sorted by index) as
 * the parts of each stream, and returns what it wrote.
 *
 * <p>Thread safety: stateless.
 */
public final class PartWriting {
    private PartWriting() {
    }

    /**
     * A written part with its stream and group, for the manifest.
     *
     * @param kind      what the part holds ({@code factors}, {@code ids}, {@code popularity}, {@code counts},
     *                  {@code hashes}, {@code biases})
     * @param group     the range partition
     * @param file      the part's file name
     * @param bodyBytes the part's body size
     * @param crc       the part's CRC32
     */
    public record Written(String kind, int group, String file, long bodyBytes, int crc) implements java.io.Serializable {
        Written(String kind, int group, ModelBundles.Part p) {
            this(kind, group, p.file(), p.bodyBytes(), p.crc());
        }

        /** The part. */
        public ModelBundles.Part part() {
            return new ModelBundles.Part(file, bodyBytes, crc);
        }
    }

    /**
     * Writes one range partition's rows ({@code users}: factors, ids, counts, hashes; else factors,
     * ids, popularity) into {@code dir} as parts named {@code PREFIX-KIND-GROUP}.
     *
     * @throws IllegalStateException if rows are missing from the range or a part would exceed its size
     */
    public static Iterator<Written> write(int group, Iterator<Tuple2<Integer, BundleRow>> rows, String dir,
                                          String prefix, boolean users, int rowsPerPart, int k, long maxBody) {
        return write(group, rows, dir, prefix, users, false, rowsPerPart, k, maxBody);
    }

    /**
     * As {@link #write(int, Iterator, String, String, boolean, int, int, long)}, with {@code biases}
     * one more part of the rows' biases (one float each, kind {@code biases}).
     */
    public static Iterator<Written> write(int group, Iterator<Tuple2<Integer, BundleRow>> rows, String dir,
                                          String prefix, boolean users, boolean biases, int rowsPerPart, int k,
                                          long maxBody) {
        Path d = Path.of(dir);
        String suffix = String.format("-%05d", group);
        List<Written> out = new ArrayList<>();
        try (ModelBundles.PartWriter factors = new ModelBundles.PartWriter(d, prefix + "-factors" + suffix);
             ModelBundles.PartWriter ids = new ModelBundles.PartWriter(d, prefix + "-ids" + suffix);
             ModelBundles.PartWriter third = new ModelBundles.PartWriter(d, prefix + (users ? "-counts" : "-popularity")
                     + suffix);
             ModelBundles.PartWriter hashes = users ? new ModelBundles.PartWriter(d, prefix + "-hashes" + suffix) : null;
             ModelBundles.PartWriter bias = biases ? new ModelBundles.PartWriter(d, prefix + "-biases" + suffix) : null) {
            int expect = group * rowsPerPart;
            while (rows.hasNext()) {
                Tuple2<Integer, BundleRow> t = rows.next();
                if (t._1() != expect) {
                    throw new IllegalStateException(prefix + " row " + expect + " is missing from the factors (found "
                            + t._1() + ")");
                }
                expect++;
                BundleRow r = t._2();
                BinaryModelOutput f = factors.body();
                if (r.factors().length != k) {
                    throw new IllegalStateException(prefix + " row " + t._1() + " has " + r.factors().length
                            + " factors, expected " + k);
                }
                for (float v : r.factors()) {
                    f.writeFloat(v);
                }
                if (r.id() instanceof Long l) {
                    ids.body().writeLong(l);
                } else {
                    ids.body().writeString(r.id().toString());
                }
                if (users) {
                    third.body().writeInt(r.count());
                    hashes.body().writeLong(r.hash());
                } else {
                    third.body().writeFloat(r.popularity());
                }
                if (biases) {
                    bias.body().writeFloat(r.bias());
                }
            }
            List<ModelBundles.PartWriter> all = new ArrayList<>(List.of(factors, ids, third));
            if (users) {
                all.add(hashes);
            }
            if (biases) {
                all.add(bias);
            }
            for (ModelBundles.PartWriter w : all) {
                if (w.bodyBytes() > maxBody) {
                    throw new IllegalStateException("bundle part of " + prefix + " rows " + (group * (long) rowsPerPart)
                            + ".. holds " + w.bodyBytes() + " bytes, more than the largest part (" + maxBody
                            + " bytes): ids too long for the rows per part");
                }
                w.close();
            }
            out.add(new Written("factors", group, factors.part()));
            out.add(new Written("ids", group, ids.part()));
            out.add(new Written(users ? "counts" : "popularity", group, third.part()));
            if (users) {
                out.add(new Written("hashes", group, hashes.part()));
            }
            if (biases) {
                out.add(new Written("biases", group, bias.part()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing bundle parts of " + prefix + " to " + dir, e);
        }
        return out.iterator();
    }
}
