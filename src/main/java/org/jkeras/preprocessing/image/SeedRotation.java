package org.jkeras.preprocessing.image;

/**
 * The geometry of the seed's {@code random_rotate(image, angle)} (section 4.1), computed as the
 * seed's Python does:
 *
 * <pre>{@code
 * (cX, cY) = (w // 2, h // 2)
 * M = cv2.getRotationMatrix2D((cX, cY), angle, 1.0)
 * cos = np.abs(M[0, 0]); sin = np.abs(M[0, 1])
 * nW = int((h * sin) + (w * cos)); nH = int((h * cos) + (w * sin))
 * M[0, 2] += (nW / 2) - cX; M[1, 2] += (nH / 2) - cY
 * cv2.warpAffine(image, M, (nW, nH))
 * }</pre>
 *
 * <p>{@code matrix} is that 2x3 {@code M} (row-major, source to destination, OpenCV's convention:
 * a positive angle turns the image counter-clockwise as displayed); {@link #inverseTransform()} is
 * the destination-to-source map that {@code warpAffine} samples with, in the 8-number form of TF's
 * {@code ImageProjectiveTransformV3}.
 *
 * @param matrix OpenCV's {@code M} after the seed's shift, {@code {m00, m01, m02, m10, m11, m12}}
 * @param height the enlarged canvas height {@code nH}
 * @param width the enlarged canvas width {@code nW}
 */
public record SeedRotation(double[] matrix, int height, int width) {

  /** The seed's rotation of an image of {@code height} x {@code width} by {@code angle} degrees. */
  public static SeedRotation of(int height, int width, double angle) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "Expected an image with positive height and width. Received: image.shape=(" + height + ", " + width + ", ...)");
    }
    if (!Double.isFinite(angle)) {
      throw new IllegalArgumentException(
          "Received an invalid value for `angle`, expected a finite number of degrees. Received: angle=" + angle);
    }
    int cX = width / 2;
    int cY = height / 2;
    // cv2.getRotationMatrix2D(center, angle, scale=1.0), in double as OpenCV computes it
    // (angle * (CV_PI / 180): the same rounding as OpenCV, checked by the parity suite).
    double rad = angle * (Math.PI / 180.0);
    double alpha = StrictMath.cos(rad);
    double beta = StrictMath.sin(rad);
    double[] m = {
        alpha, beta, (1 - alpha) * cX - beta * cY,
        -beta, alpha, beta * cX + (1 - alpha) * cY};
    double cos = Math.abs(m[0]);
    double sin = Math.abs(m[1]);
    int nW = (int) ((height * sin) + (width * cos));
    int nH = (int) ((height * cos) + (width * sin));
    m[2] += (nW / 2.0) - cX;
    m[5] += (nH / 2.0) - cY;
    if (nW <= 0 || nH <= 0) {
      throw new IllegalArgumentException(
          "Rotating an image of " + height + "x" + width + " by " + angle + " degrees gives an empty canvas (" + nH + "x"
              + nW + ").");
    }
    return new SeedRotation(m, nH, nW);
  }

  /**
   * The inverse of {@link #matrix()} ({@code cv2.invertAffineTransform}, which {@code warpAffine}
   * applies to every destination pixel), as TF's projective transform {@code [a0, a1, a2, b0, b1,
   * b2, 0, 0]}: output pixel (x, y) reads the input at (a0 x + a1 y + a2, b0 x + b1 y + b2).
   */
  public float[] inverseTransform() {
    double[] i = inverse();
    return new float[] {(float) i[0], (float) i[1], (float) i[2], (float) i[3], (float) i[4], (float) i[5], 0f, 0f};
  }

  /** {@code cv2.invertAffineTransform(M)}, row-major {@code {a11, a12, b1, a21, a22, b2}}, in double. */
  public double[] inverse() {
    double a = matrix[0];
    double b = matrix[1];
    double c = matrix[2];
    double d = matrix[3];
    double e = matrix[4];
    double f = matrix[5];
    double det = a * e - b * d;
    det = det != 0 ? 1.0 / det : 0.0;
    double a11 = e * det;
    double a22 = a * det;
    double a12 = -b * det;
    double a21 = -d * det;
    double b1 = -a11 * c - a12 * f;
    double b2 = -a21 * c - a22 * f;
    return new double[] {a11, a12, b1, a21, a22, b2};
  }
}
