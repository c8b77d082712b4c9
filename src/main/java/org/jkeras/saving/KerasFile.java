package org.jkeras.saving;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jkeras.layers.Layer;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.utils.Json;
import org.jkeras.utils.OutputTarget;

/**
 * Keras 3's {@code .keras} file, {@code model.save("m.keras")} and {@code keras.models.load_model}:
 * a zip archive of three members, stored uncompressed as Keras stores them, in Keras's order:
 *
 * <ul>
 *   <li>{@code metadata.json}: {@code keras_version} and {@code date_saved} (Keras writes them and
 *       never reads them back);
 *   <li>{@code config.json}: the model's {@code serialize_keras_object} tree ({@code module},
 *       {@code class_name}, {@code config}, {@code registered_name}, {@code build_config}, {@code
 *       compile_config}), which the models package makes and rebuilds;
 *   <li>{@code model.weights.h5}: the weights in {@link WeightsFile}'s layout, with the optimizer's
 *       state at {@code optimizer/vars} when the model is compiled ({@link OptimizerWeights}).
 * </ul>
 *
 * <p>The file is written beside its target and moved into place once complete and read back; only
 * an existing {@code .keras} archive is ever replaced ({@link #TARGET}). Reading takes the JSON
 * members into memory through {@link KerasZipReader}'s limits (nothing is extracted to disk) and
 * checks them before anything is built from them; the weights member, stored uncompressed, is read
 * in place when the weights are loaded, and checked whole (its CRC) before any value is assigned.
 */
public final class KerasFile {
  public static final String SUFFIX = ".keras";
  static final String CONFIG = "config.json";
  static final String METADATA = "metadata.json";
  static final String WEIGHTS = "model.weights.h5";

  /** The Keras release whose format this is, written as {@code keras_version}. */
  public static final String KERAS_VERSION = "3.15.1";

  /** Most bytes of {@code config.json}: a ResNet50's is about 100 KB. */
  static final long MAX_CONFIG_BYTES = 64L << 20;
  static final long MAX_METADATA_BYTES = 1L << 20;

  /** What {@link #save} may replace: a zip archive holding a {@code config.json}. */
  public static final OutputTarget TARGET = OutputTarget.file("a Keras .keras file", KerasFile::isKerasArchive);

  /**
   * The members of a {@code .keras} file, read and parsed, not yet built into anything.
   *
   * @param storedWeights where {@code model.weights.h5} lies in the archive when it is stored
   *     uncompressed (as Keras and jkeras write it): its bytes are read in place by {@link
   *     #loadWeights}, and its CRC checked there; null when it is compressed
   * @param weights the bytes of a compressed {@code model.weights.h5}, read in memory (its CRC
   *     checked); null when it is stored
   */
  public record Contents(Path file, Map<String, Object> config, Map<String, Object> metadata,
      KerasZipReader.StoredMember storedWeights, byte[] weights) {}

  private KerasFile() {}

  /** True when {@code path}'s name ends in {@code .keras}: Keras's rule for choosing this format. */
  public static boolean isKerasPath(Path path) {
    return path != null && path.getFileName() != null && path.getFileName().toString().endsWith(SUFFIX);
  }

  /** True for a zip archive that holds a {@code config.json}: a {@code .keras} file that may be replaced. */
  static boolean isKerasArchive(Path file) {
    try (KerasZipReader r = KerasZipReader.open(file)) {
      return r.has(CONFIG);
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- save

  /**
   * Writes {@code model} to {@code file}, which must end in {@code .keras}.
   *
   * @param config the {@code config.json} tree (the models package's serialization of the model)
   * @param metadata entries added to {@code metadata.json} after Keras's two (the CLI's class names); may be empty
   * @param optimizer the model's compiled optimizer, whose state is stored beside the weights; may be null
   * @param overwrite Keras's {@code overwrite}: false refuses to replace an existing {@code .keras} file
   */
  public static void save(Layer model, Map<String, Object> config, Map<String, Object> metadata,
      Optimizer optimizer, Path file, boolean overwrite) throws IOException {
    checkSuffix(file);
    LocalDateTime now = LocalDateTime.now();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("keras_version", KERAS_VERSION);
    meta.put("date_saved", now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
    meta.putAll(metadata);
    byte[] metaJson = Json.writeLine(meta).getBytes(StandardCharsets.UTF_8);
    byte[] configJson = Json.writeLine(config).getBytes(StandardCharsets.UTF_8);
    TARGET.write(file, overwrite, "filepath", tmp -> {
      long[] weightBytes = new long[1];
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          StandardOpenOption.READ)) {
        StoredZipWriter zip = new StoredZipWriter(ch, now);
        zip.add(METADATA, metaJson);
        zip.add(CONFIG, configJson);
        // The HDF5 weights are written in place, inside the archive: no file of their own to copy in.
        zip.addInPlace(WEIGHTS, (channel, offset) -> {
          weightBytes[0] = WeightsFile.write(model, optimizer, channel, offset, ValueChunks.DEFAULT_CHUNK_BYTES, tmp);
          if (weightBytes[0] > KerasZipReader.DEFAULT_MAX_TOTAL - configJson.length - metaJson.length) {
            throw new IOException("The weights of model \"" + model.name() + "\" take " + weightBytes[0] + " bytes: more"
                + " than a .keras file jkeras reads back can hold (" + KerasZipReader.DEFAULT_MAX_TOTAL + " bytes in all).");
          }
          return weightBytes[0];
        });
        zip.finish();
        ch.force(true);
      }
      verify(tmp, configJson.length, weightBytes[0]);
    });
  }

  /** Reads the new archive's index back (members and sizes) before it replaces anything. */
  private static void verify(Path tmp, long configBytes, long weightBytes) throws IOException {
    try (KerasZipReader r = KerasZipReader.open(tmp)) {
      if (r.declaredSize(CONFIG) != configBytes || r.declaredSize(WEIGHTS) != weightBytes || !r.has(METADATA)) {
        throw new IOException("The .keras file written to " + tmp + " does not read back as written: " + r.names());
      }
    }
  }

  // ---------------------------------------------------------------- load

  /**
   * Reads the three members of {@code file} into memory and parses the two JSON ones.
   *
   * @throws java.io.FileNotFoundException when there is no such file
   * @throws IOException naming the file when it is not a zip, is damaged or truncated, breaks a
   *     limit ({@link KerasZipReader}), lacks a member, or holds a JSON member that is not a JSON object
   */
  public static Contents read(Path file) throws IOException {
    try (KerasZipReader r = KerasZipReader.open(file)) {
      for (String member : List.of(CONFIG, WEIGHTS, METADATA)) {
        if (!r.has(member)) {
          throw new IOException(file.toAbsolutePath() + " is not a complete .keras file: it has no member '" + member
              + "' (a .keras file holds " + CONFIG + ", " + WEIGHTS + " and " + METADATA + "). Nothing was loaded.");
        }
      }
      Map<String, Object> config = json(file, CONFIG, r.read(CONFIG, MAX_CONFIG_BYTES));
      Map<String, Object> metadata = json(file, METADATA, r.read(METADATA, MAX_METADATA_BYTES));
      KerasZipReader.StoredMember stored = r.stored(WEIGHTS, KerasZipReader.DEFAULT_MAX_TOTAL);
      byte[] weights = stored == null ? r.read(WEIGHTS, KerasZipReader.DEFAULT_MAX_TOTAL) : null;
      return new Contents(file, config, metadata, stored, weights);
    }
  }

  /** Only the {@code metadata.json} of {@code file} (Keras's version and date, and what the CLI adds). */
  public static Map<String, Object> readMetadata(Path file) throws IOException {
    try (KerasZipReader r = KerasZipReader.open(file)) {
      return json(file, METADATA, r.read(METADATA, MAX_METADATA_BYTES));
    }
  }

  private static Map<String, Object> json(Path file, String member, byte[] bytes) throws IOException {
    try {
      return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(file.toAbsolutePath() + ": member '" + member + "' is not a JSON object ("
          + e.getMessage() + "). Nothing was loaded.", e);
    }
  }

  /**
   * Loads the weights of {@code contents} into {@code model} (built from its config): every layer
   * is matched and checked before any weight changes, as {@link WeightsFile#load(Layer, Path)};
   * {@code optimizer}'s state is matched too when not null (as {@code load_weights} matches it).
   * NaN or infinite values are refused.
   *
   * @throws IOException naming the file and the member when the HDF5 data is damaged
   * @throws IllegalArgumentException naming the file, the member and each layer at fault when the
   *     weights do not fit the model
   */
  public static void loadWeights(Layer model, Optimizer optimizer, Contents contents) throws IOException {
    Path member = memberPath(contents.file());
    KerasZipReader.StoredMember stored = contents.storedWeights();
    if (stored == null) {
      try (HdfFile f = open(member, () -> HdfFile.fromBytes(contents.weights()))) {
        WeightsFile.load(model, optimizer, f, member, contents.weights().length, false, null);
      }
      return;
    }
    // The HDF5 metadata is read through a mapped view of the member (only the pages jHDF touches
    // are read); the values by positional reads into the tensors the weights take (HdfRegion).
    try (FileChannel channel = FileChannel.open(contents.file())) {
      if (channel.size() - stored.size() < stored.offset()) {
        throw new IOException(Hdf5Reading.oneLine(contents.file().toAbsolutePath() + " has changed since it was read:"
            + " its member '" + WEIGHTS + "' runs past its end. Nothing was loaded."));
      }
      ByteBuffer view = channel.map(FileChannel.MapMode.READ_ONLY, stored.offset(), stored.size());
      try (HdfFile f = open(member, () -> HdfFile.fromByteBuffer(view))) {
        HdfRegion region = new HdfRegion(contents.file(), WEIGHTS, channel, stored.offset(), stored.size(), stored.crc());
        region.base(f.getUserBlockSize());
        WeightsFile.load(model, optimizer, f, member, stored.size(), false, region);
      }
    }
  }

  /** jHDF's file over the member's bytes; whatever it throws becomes one IOException naming the member. */
  private static HdfFile open(Path member, Supplier<HdfFile> opener) throws IOException {
    try {
      return opener.get();
    } catch (RuntimeException | StackOverflowError e) {
      throw Hdf5Reading.unreadable(member, e);
    }
  }

  /** How messages name the weights member: {@code /path/m.keras/model.weights.h5}. */
  static Path memberPath(Path file) {
    return file.toAbsolutePath().resolve(WEIGHTS);
  }

  private static void checkSuffix(Path file) {
    if (!isKerasPath(file)) {
      throw new IllegalArgumentException("The filename must end in `" + SUFFIX + "`. Received: filepath=" + file);
    }
  }
}
