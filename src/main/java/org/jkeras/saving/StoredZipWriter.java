package org.jkeras.saving;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A zip archive of members stored uncompressed (a {@code .keras} file), in the bytes {@code
 * java.util.zip.ZipOutputStream} writes for {@code STORED} entries, but through a {@link
 * FileChannel}, so that a member can be written in place by random access ({@link #addInPlace}):
 * the HDF5 weights, which jHDF writes by seeking back to headers, go straight into the archive
 * instead of into a file of their own that is then read into memory and copied in (for a
 * ResNet50 with its Adam state, 283 MB written once rather than three times, and no 283 MB array).
 *
 * <p>A stored member's header carries its size and CRC before its data; for a member written in
 * place they are known only once it is written, so its header is written again then, and the CRC
 * is computed by reading the member back once. No data descriptor is used (Keras writes none).
 * Zip64 is not written: the archive must stay below 4 GiB, which {@link KerasFile} checks first.
 */
final class StoredZipWriter {
  /** Writes a member's data at {@code offset} of {@code channel} and returns its size in bytes. */
  @FunctionalInterface
  interface InPlace {
    long write(FileChannel channel, long offset) throws IOException;
  }

  private record Member(byte[] name, long crc, long size, long offset) {}

  private static final int LOCAL_SIG = 0x04034b50;
  private static final int CENTRAL_SIG = 0x02014b50;
  private static final int END_SIG = 0x06054b50;
  /** Version needed to extract a stored member, as ZipOutputStream writes it. */
  private static final short VERSION = 10;
  /** General purpose flag bit 11: names are UTF-8 (ZipOutputStream sets it with its UTF-8 default). */
  private static final short UTF8 = 0x800;
  private static final long MAX_32 = 0xFFFFFFFFL;

  private final FileChannel channel;
  private final int dosTime;
  private final List<Member> members = new ArrayList<>();
  private long position;

  /** Writes at the start of {@code channel}, every member stamped with {@code time} (local time, as zip stores it). */
  StoredZipWriter(FileChannel channel, LocalDateTime time) {
    this.channel = channel;
    this.dosTime = dosTime(time);
  }

  /** Adds a member of known bytes. */
  void add(String name, byte[] bytes) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    Member m = new Member(name.getBytes(StandardCharsets.UTF_8), crc.getValue(), bytes.length, position);
    position += writeFully(localHeader(m), position);
    position += writeFully(ByteBuffer.wrap(bytes), position);
    members.add(m);
  }

  /** Adds a member that {@code writer} writes in place, right after its header. */
  void addInPlace(String name, InPlace writer) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    long headerAt = position;
    Member placeholder = new Member(nameBytes, 0, 0, headerAt);
    long dataAt = headerAt + writeFully(localHeader(placeholder), headerAt);
    long size = writer.write(channel, dataAt);
    checkSize(name, dataAt + size);
    Member m = new Member(nameBytes, crc(dataAt, size), size, headerAt);
    writeFully(localHeader(m), headerAt);
    position = dataAt + size;
    members.add(m);
  }

  /** Writes the central directory and the end record; the channel's size is then the archive's. */
  void finish() throws IOException {
    long directoryAt = position;
    for (Member m : members) {
      ByteBuffer b = buffer(46 + m.name().length);
      b.putInt(CENTRAL_SIG).putShort(VERSION).putShort(VERSION).putShort(UTF8).putShort((short) 0).putInt(dosTime);
      b.putInt((int) m.crc()).putInt((int) m.size()).putInt((int) m.size());
      b.putShort((short) m.name().length).putShort((short) 0).putShort((short) 0); // name, extra, comment lengths
      b.putShort((short) 0).putShort((short) 0).putInt(0); // disk, internal and external attributes
      b.putInt((int) m.offset()).put(m.name());
      position += writeFully(b.flip(), position);
    }
    checkSize("the central directory", position);
    ByteBuffer end = buffer(22);
    end.putInt(END_SIG).putShort((short) 0).putShort((short) 0);
    end.putShort((short) members.size()).putShort((short) members.size());
    end.putInt((int) (position - directoryAt)).putInt((int) directoryAt).putShort((short) 0);
    position += writeFully(end.flip(), position);
    channel.truncate(position);
  }

  private ByteBuffer localHeader(Member m) {
    ByteBuffer b = buffer(30 + m.name().length);
    b.putInt(LOCAL_SIG).putShort(VERSION).putShort(UTF8).putShort((short) 0).putInt(dosTime);
    b.putInt((int) m.crc()).putInt((int) m.size()).putInt((int) m.size());
    b.putShort((short) m.name().length).putShort((short) 0).put(m.name());
    return b.flip();
  }

  /** The CRC-32 of {@code size} bytes at {@code at}, read back from the channel. */
  private long crc(long at, long size) throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
    long done = 0;
    while (done < size) {
      b.clear().limit((int) Math.min(b.capacity(), size - done));
      int n = channel.read(b, at + done);
      if (n < 0) {
        throw new IOException("The member written in place ends after " + done + " of its " + size + " bytes");
      }
      done += n;
      crc.update(b.flip());
    }
    return crc.getValue();
  }

  private int writeFully(ByteBuffer b, long at) throws IOException {
    int n = b.remaining();
    long p = at;
    while (b.hasRemaining()) {
      p += channel.write(b, p);
    }
    return n;
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkSize(String what, long end) throws IOException {
    if (end > MAX_32) {
      throw new IOException("The archive reaches " + end + " bytes at " + what + ": more than a zip without Zip64 holds (4 GiB)");
    }
  }

  /** MS-DOS date and time, as zip stores them: 2-second steps, years from 1980. */
  private static int dosTime(LocalDateTime t) {
    if (t.getYear() < 1980) {
      return (1 << 21) | (1 << 16); // 1980-01-01 00:00, as ZipEntry stores earlier times
    }
    return (t.getYear() - 1980) << 25 | t.getMonthValue() << 21 | t.getDayOfMonth() << 16
        | t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
  }
}
