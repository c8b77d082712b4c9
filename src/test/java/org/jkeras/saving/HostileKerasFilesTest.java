package org.jkeras.saving;

import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.jkeras.TestUtil.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged {@code .keras} files: each is one error (an IOException for a file that is
 * not a sound archive, an IllegalArgumentException for a sound archive describing something
 * jkeras cannot build), one line naming the file and what is wrong, before anything is built or
 * after what was built is closed; nothing is ever extracted or written.
 */
class HostileKerasFilesTest {

  /** The members of Keras's {@code cnn.keras} fixture, in order. */
  private static Map<String, byte[]> members(Path tmp) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(KerasFileTest.fixture(tmp, "cnn.keras").toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        out.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    return out;
  }

  /** A zip of {@code members}, stored (or deflated) as given. */
  private static Path zip(Path file, Map<String, byte[]> members, boolean deflate) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        ZipEntry e = new ZipEntry(m.getKey());
        if (!deflate) {
          e.setMethod(ZipEntry.STORED);
          e.setSize(m.getValue().length);
          CRC32 crc = new CRC32();
          crc.update(m.getValue());
          e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(m.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /** Sets the uncompressed size the central directory declares for {@code name}. */
  private static void declareSize(Path file, String name, long size) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (b.getInt(i) == 0x02014b50 && b.getShort(i + 28) == wanted.length
          && Arrays.equals(Arrays.copyOfRange(bytes, i + 46, i + 46 + wanted.length), wanted)) {
        b.putInt(i + 24, (int) size);
        Files.write(file, bytes);
        return;
      }
    }
    throw new IllegalStateException("no central directory entry " + name);
  }

  private static <T extends Exception> T refused(Class<T> type, Path file, String... expected) {
    T e = assertThrows(type, () -> Models.loadModel(file).close());
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toAbsolutePath().toString()) || m.contains(file.toAbsolutePath().toString()), m);
    for (String s : expected) {
      assertTrue(m.contains(s), "expected <" + s + "> in: " + m);
    }
    assertFalse(m.contains("\n"), "one line: " + m);
    return e;
  }

  @Test
  void aMissingMemberIsNamed(@TempDir Path tmp) throws IOException {
    for (String missing : List.of("config.json", "model.weights.h5", "metadata.json")) {
      Map<String, byte[]> m = members(tmp);
      m.remove(missing);
      Path file = zip(tmp.resolve("no_" + missing.replace('.', '_') + ".keras"), m, false);
      refused(IOException.class, file, "has no member '" + missing + "'", "Nothing was loaded.");
    }
  }

  @Test
  void aConfigNamingAClassJkerasLacksNamesTheClassAndTheLayer(@TempDir Path tmp) throws IOException {
    Map<String, byte[]> m = members(tmp);
    m.put("config.json", new String(m.get("config.json"), StandardCharsets.UTF_8)
        .replaceFirst("\"Conv2D\"", "\"Conv9D\"").getBytes(StandardCharsets.UTF_8));
    Path file = zip(tmp.resolve("unknown.keras"), m, false);
    refused(IllegalArgumentException.class, file, "Could not locate class 'Conv9D' of layer 'conv2d' (Conv9D)",
        "Nothing was loaded.");
  }

  @Test
  void weightsThatDoNotFitTheConfigAreRefusedWhole(@TempDir Path tmp) throws IOException {
    Map<String, byte[]> m = members(tmp);
    String config = new String(m.get("config.json"), StandardCharsets.UTF_8);
    assertTrue(config.contains("\"units\": 8"));
    m.put("config.json", config.replace("\"units\": 8", "\"units\": 9").getBytes(StandardCharsets.UTF_8));
    Path file = zip(tmp.resolve("other.keras"), m, false);
    refused(IllegalArgumentException.class, file, "model.weights.h5", "another architecture", "Layer 'dense'",
        "(32, 9)", "(32, 8)", "Nothing was loaded.");

    m = members(tmp);
    m.put("model.weights.h5", "not HDF5 at all".getBytes(StandardCharsets.UTF_8));
    refused(IOException.class, zip(tmp.resolve("garbage.keras"), m, false), "model.weights.h5",
        "is not a readable HDF5 weight file");
  }

  @Test
  void aConfigThatIsNotJsonOrNotAModelIsNamed(@TempDir Path tmp) throws IOException {
    Map<String, byte[]> m = members(tmp);
    m.put("config.json", "{\"class_name\": ".getBytes(StandardCharsets.UTF_8));
    refused(IOException.class, zip(tmp.resolve("json.keras"), m, false), "member 'config.json' is not a JSON object");
    m.put("config.json", ("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}}")
        .getBytes(StandardCharsets.UTF_8));
    refused(IllegalArgumentException.class, zip(tmp.resolve("dense.keras"), m, false),
        "config.json describes a Dense layer, not a model");
  }

  @Test
  void aMemberThatInflatesPastItsDeclaredSizeIsAZipBomb(@TempDir Path tmp) throws IOException {
    Map<String, byte[]> m = members(tmp);
    byte[] big = new byte[20 << 20]; // 20 MB of spaces before the JSON: deflates to ~20 KB
    Arrays.fill(big, (byte) ' ');
    byte[] config = m.get("config.json");
    System.arraycopy(config, 0, big, big.length - config.length, config.length);
    m.put("config.json", big);
    Path file = zip(tmp.resolve("bomb.keras"), m, true);
    assertTrue(Files.size(file) < 1 << 20);
    declareSize(file, "config.json", 1000);
    refused(IOException.class, file, "has a member 'config.json' that inflates to more than its declared 1000 bytes",
        "a zip bomb?");
  }

  @Test
  void membersDeclaringMoreThanTheLimitAreRefusedBeforeAnyIsRead(@TempDir Path tmp) throws IOException {
    Path file = zip(tmp.resolve("big.keras"), members(tmp), true);
    declareSize(file, "model.weights.h5", 0xF0000000L); // 3.75 GiB declared
    refused(IOException.class, file, "declares more than " + KerasZipReader.DEFAULT_MAX_TOTAL + " bytes",
        "'model.weights.h5'");
    Path sound = KerasFileTest.fixture(tmp, "cnn.keras");
    IOException e = assertThrows(IOException.class, () -> KerasZipReader.open(sound, 10_000).close());
    assertTrue(e.getMessage().contains("declares more than 10000 bytes of members once uncompressed (the limit)"),
        e.getMessage());
  }

  @Test
  void pathTraversalNamesAreRefusedAndNothingIsWritten(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    for (String name : List.of("../x", "a/../../x", "/tmp/x", "..\\x", "C:\\x")) {
      Map<String, byte[]> m = members(tmp);
      m.put(name, "pwned".getBytes(StandardCharsets.UTF_8));
      Path file = zip(dir.resolve("traversal.keras"), m, false);
      String before = snapshot(tmp);
      refused(IOException.class, file, "holds a member named '" + name + "'", "path-traversal");
      assertEquals(before, snapshot(tmp), "nothing written for " + name);
    }
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void aTruncatedFileOrOneThatIsNotAZipIsNamed(@TempDir Path tmp) throws IOException {
    byte[] whole = Files.readAllBytes(KerasFileTest.fixture(tmp, "cnn.keras"));
    Path cut = tmp.resolve("cut.keras");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    refused(IOException.class, cut, "is a damaged or truncated zip archive");

    Path text = tmp.resolve("text.keras");
    Files.writeString(text, "hello");
    refused(IOException.class, text, "is not a zip archive, as a .keras file is");
    Path h5 = tmp.resolve("h5.keras");
    Files.copy(KerasFileTest.fixture(tmp, "legacy.h5"), h5);
    refused(IOException.class, h5, "is an HDF5 file");
    Path empty = tmp.resolve("empty.keras");
    Files.write(empty, new byte[0]);
    refused(IOException.class, empty, "is empty");
    assertThrows(FileNotFoundException.class, () -> Models.loadModel(tmp.resolve("missing.keras")));
  }

  @Test
  void anH5FileHoldingOnlyWeightsIsNotAModel(@TempDir Path tmp) throws IOException {
    Path weights = tmp.resolve("weights.h5");
    try (InputStream in = HostileKerasFilesTest.class.getResourceAsStream("/hostile-h5/good.h5")) {
      Files.copy(in, weights);
    }
    refused(IOException.class, weights, "holds no model: it has no `model_config` attribute",
        "it is a weights file; build the model and call loadWeights");
    Path text = tmp.resolve("text.h5");
    Files.writeString(text, "not HDF5");
    refused(IOException.class, text, "is not a readable HDF5 weight file");
  }

  @Test
  void aDamagedMemberFailsItsCrc(@TempDir Path tmp) throws IOException {
    Path file = KerasFileTest.fixture(tmp, "cnn.keras");
    byte[] bytes = Files.readAllBytes(file);
    byte[] marker = "\"Sequential\"".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(bytes, marker);
    bytes[at + 1] = 'Z'; // "Zequential": still JSON, but not the bytes the CRC was taken of
    Files.write(file, bytes);
    refused(IOException.class, file, "has a damaged member 'config.json' (its CRC does not match)");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
        return i;
      }
    }
    throw new IllegalStateException("not found");
  }

  /**
   * The weights member is read in place when stored (Keras's way), wherever the archive puts it
   * (here after a member with an extra field, in an archive with a comment), and through the zip
   * reader when deflated: both load Keras's predictions.
   */
  @Test
  void storedWeightsAreReadInPlaceAndDeflatedOnesInMemoryWithTheSamePredictions(@TempDir Path tmp) throws IOException {
    Map<String, byte[]> m = members(tmp);
    Path stored = tmp.resolve("stored.keras");
    try (OutputStream out = Files.newOutputStream(stored); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setComment("written by a zip tool, not by Keras");
      for (Map.Entry<String, byte[]> e : m.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        entry.setCrc(crc.getValue());
        entry.setExtra(new byte[] {(byte) 0xCA, (byte) 0xFE, 3, 0, 1, 2, 3}); // an unknown field, skipped
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    Path deflated = zip(tmp.resolve("deflated.keras"), m, true);
    byte[] weights = m.get(KerasFile.WEIGHTS);
    try (KerasZipReader r = KerasZipReader.open(stored)) {
      KerasZipReader.StoredMember member = r.stored(KerasFile.WEIGHTS, Long.MAX_VALUE);
      assertEquals(weights.length, member.size());
      byte[] archive = Files.readAllBytes(stored);
      assertTrue(Arrays.equals(weights, Arrays.copyOfRange(archive, (int) member.offset(), (int) member.offset() + weights.length)),
          "the offset found is where the member's bytes lie");
    }
    try (KerasZipReader r = KerasZipReader.open(deflated)) {
      assertNull(r.stored(KerasFile.WEIGHTS, Long.MAX_VALUE), "a deflated member cannot be read in place");
    }
    float[] expected = flat(KerasFileTest.npy(tmp, "cnn_pred.npy"));
    for (Path file : List.of(stored, deflated)) {
      try (Model model = Models.loadModel(file)) {
        assertEquals(1, model.optimizer().iterations(), file + ": the optimizer's state too");
        assertArrayEquals(expected, flat(
            model.predict(KerasFileTest.npy(tmp, "x.npy"), verbose(0))), 1e-5f, file.toString());
      }
    }
  }

  /** A value of the stored weights changed (a damaged disk, a bad copy): the member's CRC refuses it, whole. */
  @Test
  void aDamagedValueInTheStoredWeightsFailsTheirCrc(@TempDir Path tmp) throws IOException {
    Path file = KerasFileTest.fixture(tmp, "cnn.keras");
    long offset;
    try (KerasZipReader r = KerasZipReader.open(file)) {
      offset = r.stored(KerasFile.WEIGHTS, Long.MAX_VALUE).offset();
    }
    long kernelAt;
    try (HdfFile h5 = HdfFile.fromBytes(members(tmp).get(KerasFile.WEIGHTS))) {
      kernelAt = ((ContiguousDataset) h5.getDatasetByPath("layers/dense/vars/0")).getDataAddress();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) (offset + kernelAt + 10)] ^= 0x01; // the low bits of one float: still a finite value
    Files.write(file, bytes);
    refused(IOException.class, file, "has a damaged member 'model.weights.h5' (its CRC does not match)",
        "Nothing was loaded.");
  }
}
