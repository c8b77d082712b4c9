package org.jkeras.saving;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The members of a zip archive (a {@code .keras} file), read into memory, never extracted to disk,
 * and bounded: a {@code .keras} file is data from anywhere.
 *
 * <p>{@link #open} reads the archive's index and refuses, before any member is read, a file that
 * is not a zip or whose index is damaged or cut off (a truncated file), more than {@link
 * #MAX_ENTRIES} members, two members of one name, a name that would reach outside a folder it
 * were extracted to ({@code ../x}, {@code /etc/x}, {@code C:\x}) and members declaring more bytes
 * in all than the limit. {@link #read} then reads one member up to the size its index declares:
 * a member that inflates to more (a zip bomb lying about its size) is refused as soon as the
 * excess byte comes, one that gives less or fails its CRC as damaged. Every refusal is one
 * IOException naming the file and what is wrong. A member stored uncompressed can instead be read
 * in place ({@link #stored}), its CRC then checked by whoever reads it.
 */
public final class KerasZipReader implements AutoCloseable {
  /** Most members an archive may list (Keras writes three, plus a model's assets). */
  static final int MAX_ENTRIES = 10_000;

  /** Most bytes all members may declare in all: what one Java array (and jhdf's in-memory file) can hold. */
  static final long DEFAULT_MAX_TOTAL = Integer.MAX_VALUE - 8L;

  private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
  private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};

  private final Path file;
  private final ZipFile zip;
  private final Map<String, ZipEntry> entries;
  /** Each member's local header offset, read from the central directory when first needed. */
  private Map<String, Long> offsets;

  private KerasZipReader(Path file, ZipFile zip, Map<String, ZipEntry> entries) {
    this.file = file;
    this.zip = zip;
    this.entries = entries;
  }

  /** Opens {@code file} with the default limit on the bytes its members declare in all. */
  public static KerasZipReader open(Path file) throws IOException {
    return open(file, DEFAULT_MAX_TOTAL);
  }

  /**
   * Opens {@code file}, checking its index (see the class comment).
   *
   * @param maxTotal most bytes its members may declare in all (uncompressed)
   * @throws FileNotFoundException when there is no such file
   * @throws IOException naming the file when it is not a zip, is damaged or truncated, or breaks a limit
   */
  static KerasZipReader open(Path file, long maxTotal) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException("No file found at " + file.toAbsolutePath() + (Files.isDirectory(file)
          ? ": it is a folder, expected a .keras file." : "."));
    }
    checkSignature(file);
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw problem(file, "is a damaged or truncated zip archive (" + e.getMessage() + ")", e);
    }
    try {
      return new KerasZipReader(file, zip, index(file, zip, maxTotal));
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static void checkSignature(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    if (!Arrays.equals(head, LOCAL_HEADER) && !Arrays.equals(head, EMPTY_ARCHIVE)) {
      throw problem(file, "is not a zip archive, as a .keras file is (it " + (head.length == 0 ? "is empty"
          : head.length == 4 && head[0] == (byte) 0x89 && head[1] == 'H' ? "is an HDF5 file: a legacy .h5 model or a weights file?"
          : "does not start with a zip signature") + ")", null);
    }
  }

  private static Map<String, ZipEntry> index(Path file, ZipFile zip, long maxTotal) throws IOException {
    Map<String, ZipEntry> out = new LinkedHashMap<>();
    long total = 0;
    try {
      Enumeration<? extends ZipEntry> e = zip.entries();
      while (e.hasMoreElements()) {
        ZipEntry entry = e.nextElement();
        if (out.size() == MAX_ENTRIES) {
          throw problem(file, "lists more than " + MAX_ENTRIES + " members", null);
        }
        String name = entry.getName();
        String bad = unsafeName(name);
        if (bad != null) {
          throw problem(file, "holds a member named '" + printable(name) + "', which " + bad
              + " (a path-traversal name; nothing was read or extracted)", null);
        }
        if (out.put(name, entry) != null) {
          throw problem(file, "holds two members named '" + printable(name) + "'", null);
        }
        if (entry.getSize() < 0 || entry.getCompressedSize() < 0) {
          throw problem(file, "does not declare the size of member '" + printable(name) + "'", null);
        }
        total += entry.getSize();
        if (total > maxTotal) {
          throw problem(file, "declares more than " + maxTotal + " bytes of members once uncompressed (the limit), at member '"
              + printable(name) + "' (" + entry.getSize() + " bytes); a zip bomb?", null);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw problem(file, "has a damaged index (" + e.getMessage() + ")", e);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Why {@code name} could reach outside a folder it were extracted to, or null when it cannot. */
  private static String unsafeName(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.indexOf('\0') >= 0) {
      return "holds a NUL character";
    }
    if (name.startsWith("/") || name.startsWith("\\") || (name.length() > 1 && name.charAt(1) == ':')) {
      return "is an absolute path";
    }
    for (String part : name.split("[/\\\\]", -1)) {
      if (part.equals("..")) {
        return "climbs out of the archive's folder with '..'";
      }
    }
    return null;
  }

  /** The member names, in the archive's order. */
  public List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The size {@code name} declares once uncompressed; -1 when there is no such member. */
  public long declaredSize(String name) {
    ZipEntry e = entries.get(name);
    return e == null ? -1 : e.getSize();
  }

  /**
   * Where member {@code name}'s bytes lie in the archive when it is stored uncompressed, to be read
   * in place; null when it is compressed, or its place cannot be found beyond doubt (its local
   * header must carry its name where the central directory says): then {@link #read} it.
   *
   * @param limit most bytes this member may hold
   * @throws IOException naming the file and the member when it is missing, larger than {@code
   *     limit}, or runs past the end of the archive
   */
  public StoredMember stored(String name, long limit) throws IOException {
    ZipEntry e = entry(name, limit);
    if (e.getMethod() != ZipEntry.STORED || e.getCompressedSize() != e.getSize() || e.getCrc() < 0) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file)) {
      if (offsets == null) {
        offsets = ZipMemberOffsets.read(channel);
      }
      Long header = offsets.get(name);
      long data = header == null ? -1 : ZipMemberOffsets.dataOffset(channel, header, name);
      if (data < 0) {
        return null;
      }
      if (data > channel.size() - e.getSize()) {
        throw problem(file, "has a member '" + name + "' whose declared " + e.getSize() + " bytes run past the end of"
            + " the archive (truncated?)", null);
      }
      return new StoredMember(name, data, e.getSize(), e.getCrc());
    }
  }

  /**
   * A member stored uncompressed: its bytes are {@code size} bytes at {@code offset} of the
   * archive, whose CRC-32 is {@code crc} (not yet checked).
   */
  public record StoredMember(String name, long offset, long size, long crc) {}

  private ZipEntry entry(String name, long limit) throws IOException {
    ZipEntry e = entries.get(name);
    if (e == null) {
      throw problem(file, "has no member '" + name + "' (its members: " + Hdf5Reading.listed(names()) + ")", null);
    }
    if (e.getSize() > limit) {
      throw problem(file, "has a member '" + name + "' that declares " + e.getSize() + " bytes, more than the " + limit
          + " allowed", null);
    }
    return e;
  }

  /**
   * The bytes of member {@code name}, read in memory.
   *
   * @param limit most bytes this member may hold
   * @throws IOException naming the file and the member when it is missing, larger than {@code
   *     limit}, inflates past its declared size, or is damaged or truncated
   */
  public byte[] read(String name, long limit) throws IOException {
    ZipEntry e = entry(name, limit);
    long declared = e.getSize();
    byte[] out = new byte[(int) declared];
    try (InputStream in = zip.getInputStream(e)) {
      int n = in.readNBytes(out, 0, out.length);
      if (n < out.length) {
        throw problem(file, "has a member '" + name + "' that holds " + n + " of its declared " + declared + " bytes (truncated?)", null);
      }
      if (in.read() >= 0) {
        throw problem(file, "has a member '" + name + "' that inflates to more than its declared " + declared
            + " bytes (a zip bomb?); reading stopped there", null);
      }
    } catch (ZipException | EOFException ex) {
      throw problem(file, "has a damaged or truncated member '" + name + "' (" + ex.getMessage() + ")", ex);
    }
    CRC32 crc = new CRC32();
    crc.update(out);
    if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
      throw problem(file, "has a damaged member '" + name + "' (its CRC does not match)", null);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  /** A name as printed in a message: control characters escaped, so the message stays one line. */
  private static String printable(String name) {
    return Hdf5Reading.oneLine(name);
  }

  private static IOException problem(Path file, String what, Throwable cause) {
    return new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + " " + what + ". Nothing was loaded."), cause);
  }
}
