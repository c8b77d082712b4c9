package org.jkeras.saving;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each member of a zip archive begins: the offset of its local header, from the archive's
 * central directory (the one thing {@code java.util.zip.ZipFile} keeps to itself). {@link
 * KerasZipReader} uses it to read a stored member in place, without copying it into memory; the
 * archive has already passed {@code ZipFile}'s own checks by then, and anything here that does not
 * read as expected gives no offsets (the member is then read through {@code ZipFile}).
 *
 * <p>The central directory is found from its end record (within the last 64 KiB, past any
 * comment). What Keras and jkeras never write gives no offsets: a Zip64 directory (an archive
 * beyond 4 GiB or 65535 members; a {@code .keras} file jkeras reads holds at most 2 GiB) and bytes
 * before the archive.
 */
final class ZipMemberOffsets {
  private static final int LOCAL_SIG = 0x04034b50;
  private static final int CENTRAL_SIG = 0x02014b50;
  private static final int END_SIG = 0x06054b50;
  private static final int END_SIZE = 22;
  private static final long MAX_32 = 0xFFFFFFFFL;
  /** Largest central directory read: {@link KerasZipReader#MAX_ENTRIES} entries with long names fit well within it. */
  private static final long MAX_DIRECTORY_BYTES = 64L << 20;

  private ZipMemberOffsets() {}

  /** The local header offset of each member by name; empty when the directory does not read as expected. */
  static Map<String, Long> read(FileChannel channel) throws IOException {
    long size = channel.size();
    long endAt = findEnd(channel, size);
    if (endAt < 0) {
      return Map.of();
    }
    ByteBuffer end = readAt(channel, endAt, END_SIZE);
    long entries = end.getShort(10) & 0xFFFF;
    long dirSize = end.getInt(12) & MAX_32;
    long dirOffset = end.getInt(16) & MAX_32;
    // A Zip64 directory (more than 65535 members, or beyond 4 GiB) or bytes before the archive: not a
    // .keras file as Keras or jkeras write one, and ZipFile reads its members anyway.
    if (entries == 0xFFFF || dirSize == MAX_32 || dirOffset == MAX_32 || dirOffset + dirSize != endAt
        || dirSize > MAX_DIRECTORY_BYTES) {
      return Map.of();
    }
    ByteBuffer dir = readAt(channel, dirOffset, (int) dirSize);
    Map<String, Long> out = new HashMap<>();
    int p = 0;
    for (long i = 0; i < entries; i++) {
      if (p + 46 > dir.limit() || dir.getInt(p) != CENTRAL_SIG) {
        return Map.of();
      }
      int nameLength = dir.getShort(p + 28) & 0xFFFF;
      int extraLength = dir.getShort(p + 30) & 0xFFFF;
      int commentLength = dir.getShort(p + 32) & 0xFFFF;
      if (p + 46L + nameLength + extraLength + commentLength > dir.limit()) {
        return Map.of();
      }
      long offset = dir.getInt(p + 42) & MAX_32;
      if (offset == MAX_32) {
        return Map.of(); // in a Zip64 extra field: not written by Keras or jkeras
      }
      byte[] name = new byte[nameLength];
      dir.get(p + 46, name);
      out.put(new String(name, StandardCharsets.UTF_8), offset);
      p += 46 + nameLength + extraLength + commentLength;
    }
    return out;
  }

  /**
   * Where the data of the member whose local header is at {@code headerAt} begins, checked: the
   * header's signature and name are those expected and it says stored; -1 otherwise.
   */
  static long dataOffset(FileChannel channel, long headerAt, String name) throws IOException {
    byte[] expected = name.getBytes(StandardCharsets.UTF_8);
    if (headerAt < 0 || headerAt > channel.size() - 30 - expected.length) {
      return -1;
    }
    ByteBuffer header = readAt(channel, headerAt, 30 + expected.length);
    int nameLength = header.getShort(26) & 0xFFFF;
    int extraLength = header.getShort(28) & 0xFFFF;
    if (header.getInt(0) != LOCAL_SIG || header.getShort(8) != 0 || nameLength != expected.length) {
      return -1;
    }
    byte[] stored = new byte[nameLength];
    header.get(30, stored);
    return Arrays.equals(stored, expected) ? headerAt + 30 + nameLength + extraLength : -1;
  }

  /** Where the end record lies: the last signature from which a record, and its comment, reach exactly the end. */
  private static long findEnd(FileChannel channel, long size) throws IOException {
    if (size < END_SIZE) {
      return -1;
    }
    int tail = (int) Math.min(size, END_SIZE + 0xFFFFL);
    ByteBuffer b = readAt(channel, size - tail, tail);
    for (int i = tail - END_SIZE; i >= 0; i--) {
      if (b.getInt(i) == END_SIG && i + END_SIZE + (b.getShort(i + 20) & 0xFFFF) == tail) {
        return size - tail + i;
      }
    }
    return -1;
  }

  private static ByteBuffer readAt(FileChannel channel, long at, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) {
        throw new IOException("the archive ends inside its own directory");
      }
    }
    return b.flip();
  }
}
