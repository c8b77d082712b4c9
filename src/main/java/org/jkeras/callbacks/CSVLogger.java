package org.jkeras.callbacks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jkeras.utils.OutputTarget;
import org.jkeras.utils.PyFormat;

/**
 * Keras's {@code CSVLogger(filename, separator=",", append=False)}: one row per epoch, {@code epoch}
 * then the logged values in sorted key order (with {@code val_} columns even when there is no
 * validation: {@code NA}), numbers as Python writes them. The file is flushed after every row. An
 * existing file that is not such a log is refused before training (Keras would overwrite it).
 */
public class CSVLogger extends Callback {
  private final Path filename;
  private final String separator;
  private final boolean append;
  private BufferedWriter writer;
  private List<String> keys;
  private boolean writeHeader;

  public CSVLogger(Path filename) {
    this(filename, ",", false);
  }

  public CSVLogger(Path filename, String separator, boolean append) {
    if (filename == null) {
      throw new IllegalArgumentException("CSVLogger needs a `filename`. Received: filename=null");
    }
    if (separator == null || separator.length() != 1) {
      throw new IllegalArgumentException("CSVLogger needs a one-character `separator`. Received: separator=" + separator);
    }
    this.filename = filename;
    this.separator = separator;
    this.append = append;
  }

  /** What the logger may overwrite or append to: an empty file or a CSV log (its header starts with {@code epoch}). */
  static final OutputTarget TARGET = OutputTarget.file("a CSV log (a file whose first line starts with \"epoch\")",
      CSVLogger::isCsvLog);

  private static boolean isCsvLog(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first == null || first.startsWith("epoch");
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    TARGET.check(filename, true, "filename");
    try {
      closeWriter();
      writeHeader = true;
      if (append && Files.isRegularFile(filename)) {
        try (var lines = Files.lines(filename, StandardCharsets.UTF_8)) {
          writeHeader = lines.findFirst().map(String::isEmpty).orElse(true);
        }
      }
      Path parent = filename.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      writer = Files.newBufferedWriter(filename, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
      keys = null;
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger could not open " + filename + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (keys == null) {
      keys = new ArrayList<>(logs.keySet());
      Collections.sort(keys);
      if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
        List<String> val = new ArrayList<>();
        for (String k : keys) {
          val.add("val_" + k);
        }
        keys.addAll(val);
      }
    }
    try {
      if (writeHeader) {
        writer.write("epoch" + (keys.isEmpty() ? "" : separator + String.join(separator, keys)) + "\r\n");
        writeHeader = false;
      }
      StringBuilder row = new StringBuilder().append(epoch);
      for (String k : keys) {
        Double v = logs.get(k);
        row.append(separator).append(v == null ? "NA" : PyFormat.repr(v));
      }
      writer.write(row.append("\r\n").toString());
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger could not write " + filename + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      closeWriter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeWriter() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }
}
