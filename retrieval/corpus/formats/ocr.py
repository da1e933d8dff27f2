"""Optional OCR (photos, scanned PDF pages): RapidOCR on onnxruntime, with the PP-OCR
Chinese models shipped inside its wheel, so nothing is downloaded at run time.

Installed by `pip install -e ".[ocr]"`; without it, `available()` is False and callers
say so in one line (HOW_TO_ENABLE).
"""

from __future__ import annotations

import importlib.util
import io
from typing import Any

from retrieval.corpus.formats import layout
from retrieval.corpus.formats.base import ExtractedText, ExtractError, Limits

HOW_TO_ENABLE = '安装 OCR 后可识别：pip install -e ".[ocr]"'
MIN_SCORE = 0.5  # recognised lines below this confidence are noise (specks, photo texture)


def available() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


class Recogniser:
    """Loads the models on first use (about a second), then reads any number of images."""

    def __init__(self) -> None:
        self._engine: Any = None

    def lines(self, image: Any) -> list[layout.Line]:
        """A PIL image -> text lines with their boxes (pixels, top-down)."""
        import numpy as np

        if self._engine is None:
            from rapidocr_onnxruntime import RapidOCR

            self._engine = RapidOCR()
        result, _ = self._engine(np.asarray(image.convert("RGB")))
        lines = []
        for box, text, score in result or []:
            if float(score) < MIN_SCORE or not str(text).strip():
                continue
            xs = [float(point[0]) for point in box]
            ys = [float(point[1]) for point in box]
            # glyphs fill about 80% of a detected line's height: that is the type size
            lines.append(layout.Line(str(text).strip(), min(xs), min(ys), max(xs), max(ys),
                                     (max(ys) - min(ys)) * 0.8))
        return layout.join_fragments(lines)


def extract_image(data: bytes, limits: Limits) -> ExtractedText:
    """A photo or scan of a page -> its text, in reading order."""
    if not available():
        raise ExtractError("图片没有文字层；" + HOW_TO_ENABLE + " (image: OCR is not installed)")
    from PIL import Image, ImageOps

    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        width, height = image.size  # from the header: nothing decoded yet
        if width * height > limits.max_image_pixels:
            raise ExtractError(f"图片太大（{width}×{height} 像素）(image over "
                               f"{limits.max_image_pixels} pixels)")
        image = ImageOps.exif_transpose(image)  # phone photos are often stored rotated
        image.load()
    except ExtractError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ExtractError("图片已损坏，无法打开 (corrupt image)") from None
    text = layout.page_text([Recogniser().lines(image)])
    if not text.strip():
        raise ExtractError("图片里没有识别出文字 (no text recognised in the image)")
    return ExtractedText(text=text, source_format="image", pages=1, ocr=True)
