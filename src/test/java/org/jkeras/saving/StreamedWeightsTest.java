package org.jkeras.saving;

import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jkeras.backend.KerasVariable;
import org.jkeras.initializers.Constant;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Saving without holding the model on the heap: weights read from the graph (in chunks, or all
 * in one run) while jHDF writes them ({@link StreamedFloatDataset}, {@link ValueChunks}), the HDF5 file written in place
 * inside the {@code .keras} archive ({@link OffsetHdfChannel}, {@link StoredZipWriter}). Each
 * piece writes the bytes of what it replaces: jHDF's own dataset writer, {@code ZipOutputStream}.
 */
class StreamedWeightsTest {

  /**
   * A weight streamed from a variable is written byte for byte as jHDF writes the {@code
   * float[]...[]} of its value, at any offset, including one larger than the copy buffer.
   */
  @Test
  void aStreamedDatasetIsWhatJhdfWritesForTheSameArray(@TempDir Path tmp) throws IOException {
    Random r = new Random(7);
    for (Shape shape : List.of(Shape.of(3), Shape.of(4, 5), Shape.of(3, 3, 2, 4), Shape.of(600, 1000))) {
      KerasVariable v = new KerasVariable("layer/w", shape, new Constant(0f), true);
      float[] values = new float[(int) shape.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) r.nextGaussian();
      }
      FloatNdArray value = NdArrays.wrap(shape, DataBuffers.of(values, true, false));
      v.assign(value);

      WritableGroupImpl mine = new WritableGroupImpl(null, "/");
      WritableGroup g = mine.putGroup("vars");
      g.putAttribute("name", "layer");
      g.putDataset("0", new StreamedFloatDataset(g, "0", v));
      long offset = 37;
      Path a = tmp.resolve("streamed.bin");
      long size;
      try (ValueChunks chunks = ValueChunks.plan(mine, ValueChunks.DEFAULT_CHUNK_BYTES);
          FileChannel fc = FileChannel.open(a, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        fc.write(ByteBuffer.wrap(new byte[(int) offset]), 0);
        Superblock.SuperblockV2V3 sb = new Superblock.SuperblockV2V3();
        OffsetHdfChannel ch = new OffsetHdfChannel(fc, offset, sb);
        mine.write(ch, 64);
        ch.write(sb.toBuffer(ch.size()), 0);
        size = ch.size();
      }

      WritableGroupImpl theirs = new WritableGroupImpl(null, "/");
      WritableGroup h = theirs.putGroup("vars");
      h.putAttribute("name", "layer");
      h.putDataset("0", WeightsFile.toJavaArray(value));
      Path b = tmp.resolve("jhdf.h5");
      try (FileChannel fc = FileChannel.open(b, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        Superblock.SuperblockV2V3 sb = new Superblock.SuperblockV2V3();
        HdfFileChannel ch = new HdfFileChannel(fc, sb);
        theirs.write(ch, 64);
        ch.write(sb.toBuffer(fc.size()), 0);
      }
      byte[] expected = Files.readAllBytes(b);
      byte[] written = Files.readAllBytes(a);
      assertEquals(expected.length, size, "the HDF5 size for " + shape);
      assertArrayEquals(expected, Arrays.copyOfRange(written, (int) offset, written.length), "shape " + shape);
      Files.delete(a);
      Files.delete(b);
    }
  }

  /**
   * A model and its Adam state saved one value per graph run is the same file as saved in one
   * run, and loads back into the model's values: no value goes to another weight's dataset
   * whatever the order jHDF writes them in.
   */
  @Test
  void aSaveInManyChunksIsTheSaveInOneChunk(@TempDir Path tmp) throws IOException {
    try (Sequential m = new Sequential(new Conv2D(4, 3).inputShape(6, 6, 2), new Flatten(), new Dense(5), new Dense(1))) {
      m.compile(new Adam(0.01), "mean_squared_error");
      FloatNdArray x = NdArrays.ofFloats(Shape.of(3, 6, 6, 2));
      x.scalars().forEachIndexed((i, s) -> s.setFloat((float) Math.sin(i[0] + 3 * i[1] + 5 * i[2] + 7 * i[3])));
      m.fit(x, NdArrays.ofFloats(Shape.of(3, 1)), epochs(1), verbose(0));
      Path one = tmp.resolve("one.weights.h5");
      Path many = tmp.resolve("many.weights.h5");
      for (Path p : List.of(one, many)) {
        try (FileChannel fc = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
          WeightsFile.write(m, m.optimizer(), fc, 0, p == one ? Long.MAX_VALUE : 1, p);
        }
      }
      assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(many));

      List<FloatNdArray> weights = m.getWeights();
      List<float[]> slots = m.optimizer().optimizerVariables().stream().map(v -> flat(v.getValue())).toList();
      m.setWeights(weights.stream().map(w -> (FloatNdArray) NdArrays.ofFloats(w.shape())).toList());
      WeightsFile.load(m, m.optimizer(), many, false);
      for (int i = 0; i < weights.size(); i++) {
        assertArrayEquals(flat(weights.get(i)), flat(m.getWeights().get(i)), "weight " + i);
      }
      for (int i = 0; i < slots.size(); i++) {
        assertArrayEquals(slots.get(i), flat(m.optimizer().optimizerVariables().get(i).getValue()), "slot " + i);
      }
    }
  }

  /** The archive writer writes what ZipOutputStream writes for the same stored members. */
  @Test
  void theArchiveIsWhatZipOutputStreamWrites(@TempDir Path tmp) throws IOException {
    LocalDateTime time = LocalDateTime.of(2026, 11, 30, 18, 44, 35);
    byte[] meta = "{\"keras_version\": \"3\"}".getBytes();
    byte[] config = "{\"class_name\": \"Sequential\"}".getBytes();
    byte[] weights = new byte[3_000_000];
    new Random(3).nextBytes(weights);

    Path mine = tmp.resolve("mine.keras");
    try (FileChannel fc = FileChannel.open(mine, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ)) {
      StoredZipWriter zip = new StoredZipWriter(fc, time);
      zip.add("metadata.json", meta);
      zip.add("config.json", config);
      zip.addInPlace("model.weights.h5", (channel, offset) -> {
        // out of order, as jHDF writes: the tail, then the head over a placeholder
        channel.write(ByteBuffer.wrap(weights, 100, weights.length - 100), offset + 100);
        channel.write(ByteBuffer.wrap(new byte[100]), offset);
        channel.write(ByteBuffer.wrap(weights, 0, 100), offset);
        return weights.length;
      });
      zip.finish();
    }

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(expected)) {
      for (Object[] member : new Object[][] {{"metadata.json", meta}, {"config.json", config}, {"model.weights.h5", weights}}) {
        byte[] bytes = (byte[]) member[1];
        ZipEntry e = new ZipEntry((String) member[0]);
        e.setMethod(ZipEntry.STORED);
        e.setTimeLocal(time);
        e.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(mine));
  }
}
