package org.jkeras.data;

import java.nio.charset.StandardCharsets;

/**
 * An image's size read from its file header, before anything is decoded: how many pixels TF's
 * decoder would allocate. A 2 MB PNG of zeros can declare 30000x30000 pixels (2.7 GB once decoded):
 * reading the header first lets {@link ImageDecoder} refuse such a file cheaply.
 *
 * <p>Each format is read where TF's decoders read it: JPEG's first SOF marker (as libjpeg's header
 * read, which {@code ExtractJpegShape} also uses), PNG's IHDR chunk, BMP's int32 width and height at
 * bytes 18 and 22 (as {@code DecodeBmp}), and for GIF the logical screen and every frame's image
 * descriptor: {@code DecodeGif} slurps all frames (one byte per pixel each) before returning the first.
 *
 * @param height the image height (GIF: its logical screen)
 * @param width the image width
 * @param pixels pixels the decoder holds at once (GIF: the larger of the screen and the sum of its frames)
 */
record ImageHeader(long height, long width, long pixels) {

  /** The header of {@code bytes} in {@code format} (see {@link ImageDecoder#sniff}), or null if it cannot be read. */
  static ImageHeader read(byte[] bytes, String format) {
    switch (format) {
      case "jpeg": return jpeg(bytes);
      case "png": return bytes.length < 24 || !"IHDR".equals(new String(bytes, 12, 4, StandardCharsets.ISO_8859_1)) ? null
          : of(u32be(bytes, 20), u32be(bytes, 16));
      case "bmp": return bytes.length < 26 ? null : of(Math.abs((long) s32le(bytes, 22)), Math.abs((long) s32le(bytes, 18)));
      case "gif": return gif(bytes);
      default: return null;
    }
  }

  private static ImageHeader of(long height, long width) {
    return new ImageHeader(height, width, height * width);
  }

  /** Markers up to the first start-of-frame (SOF0..SOF15 except DHT C4, JPG C8 and DAC CC). */
  private static ImageHeader jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if ((b[i] & 0xff) != 0xFF) { // garbage between segments: libjpeg skips to the next marker too
        i++;
        continue;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // stand-alone markers
        i += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) { // end of image, or a scan before any frame header
        return null;
      }
      int length = u16be(b, i + 2);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        return i + 9 <= b.length ? of(u16be(b, i + 5), u16be(b, i + 7)) : null;
      }
      if (length < 2) {
        return null;
      }
      i += 2 + length;
    }
    return null;
  }

  /** The logical screen, then each block: 0x2C image (descriptor, colour table, data), 0x21 extension, 0x3B end. */
  private static ImageHeader gif(byte[] b) {
    if (b.length < 13) {
      return null;
    }
    long width = u16le(b, 6);
    long height = u16le(b, 8);
    int i = 13 + colourTable(b[10]);
    long frames = 0;
    while (i < b.length) {
      int block = b[i] & 0xff;
      if (block == 0x3B) {
        break;
      } else if (block == 0x2C) {
        if (i + 10 > b.length) {
          break;
        }
        frames += (long) u16le(b, i + 5) * u16le(b, i + 7);
        i += 10 + colourTable(b[i + 9]) + 1; // descriptor, local colour table, LZW minimum code size
        i = skipSubBlocks(b, i);
      } else if (block == 0x21) {
        i = skipSubBlocks(b, i + 2);
      } else {
        break; // giflib stops here too (a broken file)
      }
    }
    return new ImageHeader(height, width, Math.max(width * height, frames));
  }

  private static int colourTable(byte packed) {
    return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
  }

  private static int skipSubBlocks(byte[] b, int i) {
    while (i < b.length) {
      int size = b[i] & 0xff;
      i += 1 + size;
      if (size == 0) {
        break;
      }
    }
    return i;
  }

  private static int u16be(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static int u16le(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
  }

  private static long u32be(byte[] b, int i) {
    return ((long) u16be(b, i) << 16) | u16be(b, i + 2);
  }

  private static int s32le(byte[] b, int i) {
    return u16le(b, i) | (u16le(b, i + 2) << 16);
  }
}
