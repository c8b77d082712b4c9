"""The seed article's section 4.1 (shared/seed/): random_crop and random_rotate with OpenCV, verbatim.

Used by the parity case seed_augmentation and by the benchmark row seed_augment (src/bench). Only
NumPy and OpenCV: importing it does not load TensorFlow.
"""
import cv2
import numpy as np


# ---------------------------------------------------------------- the seed, section 4.1 (verbatim)
def random_crop(image, size):
    h, w = image.shape[:2]
    x1 = np.random.randint(0, w - size[1])
    y1 = np.random.randint(0, h - size[0])
    x2 = x1 + size[1]
    y2 = y1 + size[0]
    return image[y1:y2, x1:x2]


def random_rotate(image, angle):
    (h, w) = image.shape[:2]
    (cX, cY) = (w // 2, h // 2)
    M = cv2.getRotationMatrix2D((cX, cY), angle, 1.0)
    cos = np.abs(M[0, 0])
    sin = np.abs(M[0, 1])
    nW = int((h * sin) + (w * cos))
    nH = int((h * cos) + (w * sin))
    M[0, 2] += (nW / 2) - cX
    M[1, 2] += (nH / 2) - cY
    return cv2.warpAffine(image, M, (nW, nH))
# ---------------------------------------------------------------- end of the seed
