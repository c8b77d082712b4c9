package org.jkeras.utils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * NumPy's {@code .npy} files for float32 arrays ({@code np.save} / {@code np.load}): a way to move
 * inputs and outputs between Python and jkeras. Reads little- and big-endian float32, float64 and
 * integer arrays (converted to float32), C order; writes little-endian float32.
 */
public final class Npy {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([fiu])(\\d)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static FloatNdArray read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U') {
      throw new IOException(file + ": not a .npy file (bad magic bytes)");
    }
    int major = bytes[6];
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int offset;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(bb.getShort(8));
      offset = 10;
    } else {
      headerLen = bb.getInt(8);
      offset = 12;
    }
    String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IOException(file + ": unreadable .npy header: " + header.trim());
    }
    if (f.group(1).equals("True")) {
      throw new IOException(file + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    }
    ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    char kind = d.group(2).charAt(0);
    int size = Integer.parseInt(d.group(3));
    String[] dims = s.group(1).split(",");
    long[] shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
    long count = 1;
    for (long x : shape) {
      count *= x;
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, offset + headerLen, bytes.length - offset - headerLen).slice().order(order);
    float[] out = new float[(int) count];
    for (int i = 0; i < count; i++) {
      if (kind == 'f' && size == 4) {
        out[i] = data.getFloat(i * 4);
      } else if (kind == 'f' && size == 8) {
        out[i] = (float) data.getDouble(i * 8);
      } else if ((kind == 'i' || kind == 'u') && size == 8) {
        out[i] = data.getLong(i * 8);
      } else if ((kind == 'i' || kind == 'u') && size == 4) {
        out[i] = kind == 'u' ? Integer.toUnsignedLong(data.getInt(i * 4)) : data.getInt(i * 4);
      } else if ((kind == 'i' || kind == 'u') && size == 1) {
        out[i] = kind == 'u' ? Byte.toUnsignedInt(data.get(i)) : data.get(i);
      } else {
        throw new IOException(file + ": unsupported dtype " + d.group(0));
      }
    }
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(out, false, false));
  }

  public static void write(Path file, FloatNdArray a) throws IOException {
    long[] shape = a.shape().asArray();
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + (dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "") + ")";
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + (int) a.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    bb.putShort((short) header.length());
    bb.put(header.getBytes(StandardCharsets.US_ASCII));
    a.scalars().forEach(x -> bb.putFloat(x.getFloat()));
    Files2.writeAtomically(file, bb.array());
  }
}
