"""Page images for OCR: decoding image files safely and cleaning a page before it is read.

Decoding (:func:`open_image_pages`) checks what Pillow reports from the header before any pixel is
decoded: the pixel count (a 40 000 × 40 000 PNG is a few KB on disk and 4.8 GB in memory), the frame
count of a multi-page TIFF, a size too small to hold text.  Each failure is a one-line
:class:`~docreview.errors.DocumentError` naming the file and the page.

Cleanup (:func:`clean_page`) turns a scan or a phone photo into an upright, level, black-on-white page:

1. a phone photo's page is found against its background and warped flat (:func:`flatten_photo`);
2. red ink (a 公章 over the 单位 or 得分 cell) is dropped out — replaced by its red channel, in which the
   stamp is paper and the black print under it stays dark — so a stamp neither becomes text nor hides
   the digits and ruling lines under it (:func:`remove_red`);
3. uneven lighting is divided out and the contrast stretched (:func:`normalise_contrast`);
4. a page turned by 90°/270° is turned back (:func:`quarter_turn`) — telling 0° from 180° needs the
   text classifier and is done in :mod:`.ocr`;
5. a skew of up to ±10° is measured on the projection profile and rotated away (:func:`deskew`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps

from docreview.errors import DocumentUnreadable, EmptyDocument, FileTooLarge

# Pillow's own bomb guard would warn at 89 M pixels and raise at twice that; ours is the setting
# ``ocr_max_pixels``, checked on the header before decoding.
Image.MAX_IMAGE_PIXELS = None

MIN_SIDE = 32
"""An image smaller than this on either side cannot hold a readable line of text."""


@dataclass
class PageImage:
    """One page as an 8-bit BGR array (OpenCV's order), with its 1-based number and resolution."""

    number: int
    image: np.ndarray
    dpi: float | None = None


def open_image_pages(data: bytes, where: str, *, max_pixels: int, max_pages: int) -> Iterator[PageImage]:
    """The pages of a PNG, JPEG or (multi-page) TIFF file, decoded one at a time; of a TIFF, the first
    ``max_pages`` frames only.

    Raises ``FileTooLarge`` (a page's pixels over the limit), ``DocumentUnreadable`` (corrupt or
    truncated data, naming the page) and ``EmptyDocument`` (an image too small to hold text).
    """
    try:
        img = Image.open(io.BytesIO(data))
        width, height = img.size
        frames = int(getattr(img, "n_frames", 1))
    except Exception as exc:
        raise DocumentUnreadable(where, f"图片无法解码 / the image cannot be decoded ({type(exc).__name__})") from None
    for index in range(min(frames, max_pages)):  # the caller warns about the frames left unread
        number = index + 1
        try:
            if index:
                img.seek(index)
            width, height = img.size
        except Exception as exc:
            raise DocumentUnreadable(where, f"第{number}页无法解码 / page {number} cannot be decoded "
                                            f"({type(exc).__name__})") from None
        if width * height > max_pixels:
            raise FileTooLarge(where, f"第{number}页 {width}×{height} 像素 > 上限 {max_pixels:,} 像素 / page {number}: "
                                      f"{width}×{height} pixels > the limit of {max_pixels:,} (decompression bomb?)")
        if min(width, height) < MIN_SIDE:
            raise EmptyDocument(where, f"第{number}页只有 {width}×{height} 像素，容不下文字 / page {number} is "
                                       f"{width}×{height} pixels, too small to hold text")
        try:
            frame = ImageOps.exif_transpose(img) if index == 0 else img
            rgb = frame.convert("RGB")
            rgb.load()
        except Exception as exc:
            raise DocumentUnreadable(where, f"第{number}页图像数据损坏或不完整 / page {number}: corrupt or "
                                            f"truncated image data ({type(exc).__name__})") from None
        dpi = img.info.get("dpi")
        yield PageImage(number, cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2BGR),
                        float(dpi[0]) if dpi and dpi[0] else None)


# --------------------------------------------------------------------------- cleanup


@dataclass
class Cleanup:
    """What :func:`clean_page` did to a page (reported per page, kept for the benchmark)."""

    flattened: bool = False
    red_pixels: int = 0
    quarter_turns: int = 0  # clockwise 90° turns applied
    skew: float = 0.0  # degrees rotated away (positive: the page was turned counter-clockwise)


def clean_page(image: np.ndarray) -> tuple[np.ndarray, Cleanup]:
    """The page upright, level and black-on-white (8-bit grayscale), and what was done to it."""
    done = Cleanup()
    image, done.flattened = flatten_photo(image)
    image, done.red_pixels = remove_red(image)
    gray = normalise_contrast(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    gray, done.quarter_turns = quarter_turn(gray)
    gray, done.skew = deskew(gray)
    return gray, done


def remove_red(image: np.ndarray) -> tuple[np.ndarray, int]:
    """Whiten red and pink ink (seals, red stamps, red handwriting), keeping the black print under it.

    Red ink lets red light through and black print does not: in the red channel a stamp is nearly paper and
    a stroke under it stays dark.  A red pixel (and a 1-pixel halo, the stamp's lighter fringe) is therefore
    not painted white but replaced by its red channel, scaled so that the stamp's own red becomes white — a
    scanner's red drop-out.  Painting the red pixels white lost the print under a seal in JPEG-compressed
    scans: chroma subsampling tints a thin black rule or digit stroke red, such pixels were whitened, the
    column rule under the seal was cut and two columns' numbers were joined (eval/reports/ocr.md).
    Returns the image and the number of red pixels.
    """
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat = hsv[..., 0], hsv[..., 1]
    red = ((hue <= 12) | (hue >= 160)) & (sat >= 60)
    count = int(red.sum())
    if not count:
        return image, 0
    r = image[..., 2]
    solid = red & (sat >= 120) & (r >= 100)  # the ink itself, not a tinted stroke or the fringe
    if np.count_nonzero(solid) < 50:
        return image, 0  # a few tinted pixels (JPEG noise around dark print), not a stamp
    # the ink's level in the red channel; a low percentile, so that densely inked parts become paper too
    ink_level = float(np.clip(np.percentile(r[solid], 25), 120.0, 255.0))
    mask = cv2.dilate(red.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    dropped = np.clip(r[mask].astype(np.float32) * (255.0 / ink_level), 0, 255).astype(np.uint8)
    out = image.copy()
    out[mask] = dropped[:, None]
    return out, count


def normalise_contrast(gray: np.ndarray) -> np.ndarray:
    """Divide out uneven lighting (a photo's shadow, a scan's grey paper) and stretch to black-on-white."""
    h, w = gray.shape
    # the closing must be wider than a character (~30 px at 200 DPI) or dense characters become background;
    # from the long side, so that a strip or a crop of a form (short side small) is not washed out
    k = max(15, (max(h, w) // 28) | 1)
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((k // 4 | 1, k // 4 | 1), np.uint8))
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, np.maximum(background, 1), scale=255)
    lo, hi = np.percentile(flat, (0.5, 99.5))
    if hi - lo < 60:
        return flat  # no ink, only paper grain: stretching would turn sensor noise into "text"
    stretched = (flat.astype(np.float32) - lo) * (255.0 / (hi - lo))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def ink(gray: np.ndarray) -> np.ndarray:
    """Binary ink mask (255 where there is ink) of a black-on-white page."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def _text_only(bw: np.ndarray) -> np.ndarray:
    """The ink without long ruling lines, so that a table's grid does not decide the orientation."""
    h, w = bw.shape
    lines = cv2.bitwise_or(cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((1, max(10, w // 15)), np.uint8)),
                           cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((max(10, h // 15), 1), np.uint8)))
    return cv2.subtract(bw, cv2.dilate(lines, np.ones((3, 3), np.uint8)))


def _profile_sharpness(bw: np.ndarray) -> float:
    """How strongly the rows of ``bw`` alternate between ink and gap (high for level text lines)."""
    rows = bw.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def _small(gray: np.ndarray, side: int = 1000) -> np.ndarray:
    scale = side / max(gray.shape)
    if scale >= 1:
        return gray
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def quarter_turn(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """Turn a page whose text lines run vertically by 90° clockwise; returns the page and the turns (0/1).

    Whether the result is upside down is left to the text classifier (:mod:`.ocr`).
    """
    text = _text_only(ink(_small(gray)))
    if text.sum() == 0:
        return gray, 0
    # Chinese characters are square: a line's row profile is sharp across the line, a column profile
    # only shows the narrow gaps between characters
    across = _profile_sharpness(text)
    along = _profile_sharpness(np.ascontiguousarray(text.T))
    if along > across * 1.5:
        return cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE), 1
    return gray, 0


def _rotate(gray: np.ndarray, degrees: float, *, border: int = 255) -> np.ndarray:
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def skew_angle(gray: np.ndarray, *, limit: float = 10.0) -> float:
    """The angle (degrees, counter-clockwise positive as OpenCV rotates) that levels the page's lines."""
    bw = ink(_small(gray, 1200))
    if bw.sum() == 0:
        return 0.0

    def score(angle: float) -> float:
        return _profile_sharpness(_rotate(bw, angle, border=0))

    best = max(np.arange(-limit, limit + 0.01, 0.5), key=score)
    fine = max(np.arange(best - 0.5, best + 0.51, 0.05), key=score)
    return round(float(fine), 2)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Rotate the page level when its lines are tilted by more than 0.1°; returns the page and the angle."""
    angle = skew_angle(gray)
    if abs(angle) < 0.1:
        return gray, 0.0
    return _rotate(gray, angle), angle


def flatten_photo(image: np.ndarray) -> tuple[np.ndarray, bool]:
    """When the page is a bright quadrilateral on a darker background (a phone photo), warp it flat.

    A scan (the page fills the frame) is returned unchanged.
    """
    h, w = image.shape[:2]
    gray = cv2.cvtColor(_small_color(image), cv2.COLOR_BGR2GRAY)
    scale = gray.shape[1] / w
    border = np.concatenate([gray[:4].ravel(), gray[-4:].ravel(), gray[:, :4].ravel(), gray[:, -4:].ravel()])
    if np.median(border) > 170:
        return image, False  # the edges are paper: a scan, not a photo of a page on a table
    _, bright = cv2.threshold(cv2.GaussianBlur(gray, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return image, False
    page = max(contours, key=cv2.contourArea)
    if cv2.contourArea(page) < 0.3 * gray.shape[0] * gray.shape[1]:
        return image, False
    quad = cv2.approxPolyDP(page, 0.02 * cv2.arcLength(page, True), True)
    if len(quad) != 4:
        return image, False
    corners = _order_corners(quad.reshape(4, 2).astype(np.float32) / scale)
    top = np.linalg.norm(corners[1] - corners[0])
    bottom = np.linalg.norm(corners[2] - corners[3])
    left = np.linalg.norm(corners[3] - corners[0])
    right = np.linalg.norm(corners[2] - corners[1])
    out_w, out_h = int(max(top, bottom)), int(max(left, right))
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    return flat, True


def _small_color(image: np.ndarray, side: int = 1000) -> np.ndarray:
    scale = side / max(image.shape[:2])
    if scale >= 1:
        return image
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)],
                     points[np.argmax(diff)]], dtype=np.float32)


def is_blank(gray: np.ndarray) -> bool:
    """Whether a cleaned page has (almost) no ink: a blank scan, a white photo."""
    bw = ink(_small(gray))
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return float(np.count_nonzero(bw)) / bw.size < 0.0005
