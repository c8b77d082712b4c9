package org.jkeras.saving;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The datasets of an HDF5 weight file that a loader has matched to a model's weights, read only
 * once all of them fit. An HDF5 file declares sizes it need not hold (a chunked dataset of
 * 22000x22000 floats with no chunk written is a few kilobytes on disk, and jhdf allocates all
 * 1.9 GB of it to read it), so nothing is read until every dataset is known to have its weight's
 * shape (the loaders check, {@link #typeProblem} helps) and storage that really lies in the file:
 * what is read is bounded by the model's own size. Then the values are checked to be finite,
 * and the weights are assigned all together or not at all.
 *
 * <p>With an {@link HdfRegion} (the file's bytes on disk), contiguous float32 datasets are read
 * in place into tensors that the weights take over, and {@link #close} frees those not handed
 * over; jHDF reads every other dataset into a float array.
 */
final class WeightDatasets implements AutoCloseable {
  /** jhdf's value for "no address": a contiguous dataset whose data was never written. */
  private static final long UNDEFINED_ADDRESS = -1L;

  /** A weight, its dataset, and once read its values: a float array, or a tensor read in place. */
  private static final class Source {
    final KerasVariable weight;
    final Dataset dataset;
    float[] array;
    TFloat32 tensor;
    HdfRegion.Read inPlace;

    Source(KerasVariable weight, Dataset dataset) {
      this.weight = weight;
      this.dataset = dataset;
    }
  }

  private final Path file;
  private final long fileSize;
  private final HdfRegion region;
  private final List<Source> sources = new ArrayList<>();

  /**
   * @param file the file named in messages (for a member of a {@code .keras} archive, the archive
   *     and the member's name)
   * @param fileSize the bytes the HDF5 data lies in: no dataset may claim more
   */
  WeightDatasets(Path file, long fileSize) {
    this(file, fileSize, null);
  }

  /** As {@link #WeightDatasets(Path, long)}, reading contiguous float32 data from {@code region} (null: none). */
  WeightDatasets(Path file, long fileSize, HdfRegion region) {
    this.file = file;
    this.fileSize = fileSize;
    this.region = region;
  }

  /** The bytes the HDF5 data lies in. */
  long fileSize() {
    return fileSize;
  }

  /** Why {@code d} cannot hold a weight's values (metadata only), or null when it holds floats. */
  static String typeProblem(Dataset d) {
    if (d.getDataType() instanceof FloatingPoint) {
      return null;
    }
    if (d.getDataType() instanceof FixedPoint && d.isScalar()) {
      return null; // an int64 counter (Normalization's `count`), held in a float weight
    }
    String kind = d.getJavaType() == String.class ? "string"
        : d.getDataType() instanceof FixedPoint ? "integer" : d.getDataType().getClass().getSimpleName();
    return "holds " + kind + " values, expected floating-point numbers";
  }

  /** Takes {@code d} as the source of {@code weight}, whose shape and type the caller has checked. */
  void add(KerasVariable weight, Dataset d) {
    sources.add(new Source(weight, d));
  }

  /**
   * Reads every dataset added, each after its storage is checked; call while the file is open.
   * With a region, its CRC (if any) is checked too, even when no dataset is read in place.
   */
  void read() throws IOException {
    for (Source s : sources) {
      String problem = storageProblem(s.dataset, fileSize);
      if (problem != null) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": " + describe(s) + " " + problem
            + ". Nothing was loaded."));
      }
    }
    List<HdfRegion.Read> inPlace = new ArrayList<>();
    for (Source s : sources) {
      Dataset d = s.dataset;
      if (region != null && HdfRegion.readsInPlace(d) && d.getSizeInBytes() == s.weight.size() * Float.BYTES) {
        s.tensor = TFloat32.tensorOf(s.weight.shape());
        s.inPlace = new HdfRegion.Read(((ContiguousDataset) d).getDataAddress(), s.weight.size(),
            s.tensor.asRawTensor().data().asFloats());
        inPlace.add(s.inPlace);
        continue;
      }
      float[] v = floats(d.isScalar() ? d.getData() : d.getDataFlat());
      if (v == null || v.length != s.weight.size()) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": " + describe(s) + " did not read as "
            + s.weight.size() + " floating-point values. Nothing was loaded."));
      }
      s.array = v;
    }
    if (region != null) {
      region.read(inPlace);
    }
  }

  /**
   * Where the data of {@code d} would come from, checked against the file: unfiltered (Keras never
   * compresses weights, and jhdf inflates a compressed chunk without any bound), and either
   * compact, contiguous within the file, or chunked with every chunk stored.
   */
  static String storageProblem(Dataset d, long fileSize) {
    if (!d.getFilters().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (PipelineFilterWithData f : d.getFilters()) {
        names.add(f.getName());
      }
      return "is stored through HDF5 filters " + names + " (compressed?); Keras writes weights unfiltered, and"
          + " jkeras does not decode filtered weight data, whose decoded size the file cannot bound";
    }
    switch (d.getDataLayout()) {
      case COMPACT:
        return null;
      case CONTIGUOUS:
        long address = ((ContiguousDataset) d).getDataAddress();
        if (address == UNDEFINED_ADDRESS) {
          return "has no data in the file (it was declared but never written)";
        }
        if (address < 0 || d.getStorageInBytes() < d.getSizeInBytes()
            || address > fileSize - d.getSizeInBytes()) {
          return "has its " + d.getSizeInBytes() + " bytes of data running past the end of the file ("
              + fileSize + " bytes; truncated?)";
        }
        return null;
      case CHUNKED:
        long whole = wholeChunks(d.getDimensionsAsLong(), ((ChunkedDataset) d).getChunkDimensions(),
            d.getDataType().getSize());
        if (whole < 0) {
          return "has chunks that do not fit its shape";
        }
        if (whole > fileSize) {
          return "declares " + whole + " bytes of chunks, more than the whole file holds (" + fileSize + " bytes)";
        }
        if (d.getStorageInBytes() != whole) {
          return "is incomplete: " + d.getStorageInBytes() + " of its " + whole + " bytes of chunks are stored"
              + " (the rest would read as fill values)";
        }
        return null;
      default:
        return "has storage layout " + d.getDataLayout() + ", which Keras never writes";
    }
  }

  /** The bytes of all chunks covering {@code dims}; -1 when the chunking does not fit them. */
  private static long wholeChunks(long[] dims, int[] chunk, int elementSize) {
    if (chunk.length != dims.length) {
      return -1;
    }
    try {
      long bytes = elementSize;
      for (int i = 0; i < dims.length; i++) {
        if (chunk[i] <= 0) {
          return -1;
        }
        long count = (dims[i] + chunk[i] - 1) / chunk[i];
        bytes = Math.multiplyExact(bytes, Math.multiplyExact(count, (long) chunk[i]));
      }
      return bytes;
    } catch (ArithmeticException overflow) {
      return -1;
    }
  }

  private static float[] floats(Object data) {
    if (data instanceof float[] a) {
      return a;
    }
    if (data instanceof double[] a) {
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (float) a[i];
      }
      return out;
    }
    if (data instanceof Number n) { // a scalar dataset
      return new float[] {n.floatValue()};
    }
    return null;
  }

  /**
   * Assigns every weight read. NaN or infinite values are refused unless {@code allowNonFinite}:
   * Keras loads them without a word, and a model that then predicts NaN for every input is a
   * worse surprise than an error naming the file and the weights at fault. {@code owner} names
   * what the weights go to in messages ({@code model "cnn"}).
   */
  void assign(String owner, boolean allowNonFinite) {
    if (!allowNonFinite) {
      List<String> bad = new ArrayList<>();
      for (Source s : sources) {
        String counts = s.inPlace != null ? counts(s.inPlace.nonFinite[0], s.inPlace.nonFinite[1], s.weight.size())
            : nonFinite(s.array);
        if (counts != null) {
          bad.add(describe(s) + " holds " + counts);
        }
      }
      if (!bad.isEmpty()) {
        throw new IllegalArgumentException(Hdf5Reading.oneLine("Cannot load the weights in " + file.toAbsolutePath()
            + " into " + owner + ": " + Hdf5Reading.listed(bad) + ". Keras would load them; jkeras refuses"
            + " non-finite weights unless asked to load them (loadWeights(path, true)). Nothing was loaded."));
      }
    }
    for (Source s : sources) {
      KerasVariable w = s.weight;
      if (s.tensor != null) {
        w.assignHandedOver(s.tensor);
      } else {
        w.assignHandedOver(NdArrays.wrap(w.shape(), DataBuffers.of(s.array, false, false)));
      }
      s.tensor = null; // the weight holds it now
      s.array = null;
    }
  }

  /** Frees the tensors read in place that no weight took over (the load failed before assigning). */
  @Override
  public void close() {
    for (Source s : sources) {
      if (s.tensor != null) {
        s.tensor.close();
        s.tensor = null;
      }
    }
  }

  /** "dataset /layers/conv2d/vars/0 (weight `block1_conv1/kernel`)". */
  private static String describe(Source s) {
    return "dataset " + s.dataset.getPath() + " (weight `" + s.weight.path() + "`)";
  }

  /** "2 NaN and 1 infinite values (of 108)", or null when every value is finite. */
  private static String nonFinite(float[] v) {
    long[] counts = new long[2];
    countNonFinite(v, v.length, counts);
    return counts(counts[0], counts[1], v.length);
  }

  /** Adds the NaN values among the first {@code n} of {@code v} to {@code counts[0]}, the infinite ones to {@code counts[1]}. */
  static void countNonFinite(float[] v, int n, long[] counts) {
    // Fast pass first: the largest magnitude's bits, a loop the JIT vectorizes; a NaN or an
    // infinity has every exponent bit set, so it is the only way to reach 0x7f800000.
    int largest = 0;
    for (int i = 0; i < n; i++) {
      largest = Math.max(largest, Float.floatToRawIntBits(v[i]) & 0x7fffffff);
    }
    if (largest < 0x7f800000) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(v[i])) {
        counts[0]++;
      } else if (Float.isInfinite(v[i])) {
        counts[1]++;
      }
    }
  }

  /** "2 NaN and 1 infinite values (of 108)", or null when there are none. */
  private static String counts(long nan, long inf, long of) {
    if (nan + inf == 0) {
      return null;
    }
    String counts = nan == 0 ? inf + " infinite" : inf == 0 ? nan + " NaN" : nan + " NaN and " + inf + " infinite";
    return counts + " value" + (nan + inf == 1 ? "" : "s") + " (of " + of + ")";
  }
}
