"""Every PDF the project makes (letters, annual reports) is made here, with WeasyPrint.

Three promises, each kept in this one place:

* **The same fonts on every machine.** The CJK font is a Python dependency of the project
  (``noto-cjk-sans-otc``: Google's Noto Sans CJK, SIL Open Font License 1.1), not a system
  package. Its Simplified Chinese face is taken out of the collection once per process and
  embedded through ``@font-face`` under the family names the templates use ("Noto Sans CJK
  SC", "Noto Serif CJK SC"), so a PDF looks the same wherever it is made and never depends
  on what fontconfig happens to find. ``GONGKAI_PDF_FONT`` may name another OTF/TTF/TTC.
* **No silently broken documents.** After rendering, the text layer of the first page must
  hold the first characters of the document's visible text, and no character may have been
  drawn as a missing glyph (.notdef); otherwise ``PdfTextMissing`` is raised with a Chinese
  message naming the cause. A PDF without its text is an error, not a file.
* **Nothing outside the document is read.** The URL fetcher serves the embedded font and
  ``data:`` URLs only, plus files under directories the caller allows (the project's static
  assets). ``file:`` and network URLs in applicant text or uploaded names are refused, so a
  name like ``<img src="file:///etc/passwd">`` cannot make WeasyPrint read a file or the
  network.

Speed: WeasyPrint subsets the embedded font for each PDF. With HarfBuzz's subsetter
(Debian: ``libharfbuzz-subset0``, installed by ``make demo`` / ``make test``) that takes a
few hundredths of a second; without it WeasyPrint falls back to fontTools, about 3 s per
PDF (``font_problems`` reports it as a warning). One ``FontConfiguration`` per thread keeps
the extracted face loaded between documents, and ``render`` can keep results in a
content-addressed cache (``cache_dir``), so an unchanged report is made once.

Plain Python (no Django): ``gongkai.ops.checks`` reports ``font_problems`` as system checks,
and the callers pass their settings in.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import io
import logging
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "FONT_FAMILIES",
    "PdfError",
    "PdfTextMissing",
    "fingerprint",
    "font_problems",
    "render",
    "verify_text_layer",
]

logger = logging.getLogger(__name__)

#: The family names the templates ask for; all of them are served by the embedded face.
FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Gongkai CJK")
_FONT_URL = "gongkai-font:cjk"
#: How many distinct characters of the visible text the first page must show.
_PROBE_CHARS = 12
#: The characters every CJK font used here must cover (checked at start-up).
_COVERAGE_PROBE = "政府信息公开申请答复告知书年月日第号〔〕（）：，。"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_NOTDEF = re.compile(r'unsupported by fonts: "(.*)"')


class PdfError(Exception):
    """A PDF could not be made; ``message`` is shown to staff as is (Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PdfTextMissing(PdfError):
    """The rendered PDF lacks (part of) its text: usually no usable CJK font."""


# --- the font ------------------------------------------------------------------------------


def font_path() -> Path:
    """The font file PDFs embed: ``GONGKAI_PDF_FONT`` or the packaged Noto Sans CJK."""
    configured = os.environ.get("GONGKAI_PDF_FONT", "").strip()
    if configured:
        return Path(configured)
    try:
        import noto_cjk_sans_otc
    except ImportError as error:  # the dependency is missing from this environment
        raise PdfError(
            "缺少中文字体包 noto-cjk-sans-otc（项目依赖，重新运行 make demo 或 pip install -e . 安装）"
        ) from error
    return Path(str(noto_cjk_sans_otc.FONT_PATH))


@functools.lru_cache(maxsize=4)
def _face_bytes(path: str) -> bytes:
    """The Simplified Chinese face of a collection (or the font file itself) as one font."""
    data = Path(path).read_bytes()
    if data[:4] != b"ttcf":
        return data
    from fontTools.ttLib import TTCollection

    collection = TTCollection(io.BytesIO(data), lazy=True)
    faces = {font["name"].getDebugName(1): font for font in collection.fonts}
    face = next(
        (faces[name] for name in faces if name and name.endswith(" SC") and "Mono" not in name),
        collection.fonts[0],
    )
    out = io.BytesIO()
    face.save(out)  # lazy: tables are copied, not decompiled (well under a second)
    return out.getvalue()


def _face() -> bytes:
    path = font_path()
    try:
        return _face_bytes(str(path))
    except OSError as error:
        raise PdfError(f"无法读取 PDF 字体文件 {path}：{error}") from error


@functools.lru_cache(maxsize=4)
def _fingerprint(path: str, size: int, mtime: float) -> str:
    import weasyprint

    digest = hashlib.sha256(_face_bytes(path)).hexdigest()[:16]
    return f"weasyprint {weasyprint.__version__}; font {Path(path).name} {digest}"


def fingerprint() -> str:
    """What PDFs are made with now (renderer version and font); stored with generated files,
    which are made again when it changes (e.g. a letter first made without its font)."""
    path = font_path()
    stat = path.stat()
    return _fingerprint(str(path), stat.st_size, stat.st_mtime)


def font_problems() -> tuple[list[str], list[str]]:
    """(errors, warnings) about making PDFs here, in Chinese, for the start-up checks."""
    errors: list[str] = []
    warnings: list[str] = []
    try:
        path = font_path()
        face = _face_bytes(str(path))
    except (PdfError, OSError) as error:
        return [getattr(error, "message", str(error))], warnings
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(io.BytesIO(face), lazy=True).getBestCmap() or {}
    except Exception as error:  # noqa: BLE001  (any parse error means an unusable font)
        return [f"PDF 字体文件 {path} 无法解析：{error}"], warnings
    missing = [c for c in _COVERAGE_PROBE if ord(c) not in cmap]
    if missing:
        errors.append(
            f"PDF 字体 {path} 不含中文字符（缺少：{''.join(missing)}），生成的 PDF 将没有文字"
        )
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset is None:
        warnings.append(
            "未安装 HarfBuzz 字体子集库（Debian 软件包 libharfbuzz-subset0），每份 PDF 需多用约3秒；"
            "make demo / make test 会安装它"
        )
    return errors, warnings


# --- fetching ------------------------------------------------------------------------------


def _fetcher(allowed_dirs: Iterable[Path]):
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(d).resolve() for d in allowed_dirs]

    class ProjectOnlyFetcher(URLFetcher):
        """The embedded font, ``data:`` URLs and files under ``roots``; nothing else."""

        def fetch(self, url, headers=None):
            if url == _FONT_URL:
                return URLFetcherResponse(url, _face(), {"Content-Type": "font/otf"})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:") and roots:
                target = Path(unquote(urlparse(url).path)).resolve()
                if target.is_file() and any(target.is_relative_to(root) for root in roots):
                    return super().fetch(url, headers)
            # Other files, http(s), ftp...: would read outside the document.
            raise ValueError(f"refused to fetch {url[:200]!r} while making a PDF")

    return ProjectOnlyFetcher(allowed_protocols={"data", "file", "gongkai-font"})


# --- rendering -----------------------------------------------------------------------------

_local = threading.local()


@atexit.register
def _release_fonts() -> None:
    # Drop this thread's font configuration while the interpreter is still whole (its
    # destructor removes WeasyPrint's temporary font folder).
    _local.__dict__.clear()


def _font_setup():
    """This thread's font configuration and the stylesheet that embeds the face."""
    path = str(font_path())
    if getattr(_local, "path", None) != path:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        faces = "\n".join(
            f'@font-face {{ font-family: "{family}"; src: url("{_FONT_URL}"); }}'
            for family in FONT_FAMILIES
        )
        css = CSS(string=faces, font_config=config, url_fetcher=_fetcher(()))
        _local.path, _local.config, _local.css = path, config, css
    return _local.config, _local.css


class _NotdefLog(logging.Handler):
    """Collects the characters WeasyPrint drew as missing glyphs, in this thread only."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.missing: list[str] = []

    def emit(self, record):
        if record.thread == self.thread and (m := _NOTDEF.search(record.getMessage())):
            self.missing.append(m.group(1))


@contextlib.contextmanager
def _watch_missing_glyphs():
    handler = _NotdefLog()
    weasy = logging.getLogger("weasyprint")
    weasy.addHandler(handler)
    try:
        yield handler
    finally:
        weasy.removeHandler(handler)


def visible_text(html: str) -> str:
    """The text a reader sees in ``html`` (head, scripts and styles left out)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for node in root.xpath("//head|//script|//style|//template"):
        node.drop_tree()
    return " ".join(root.text_content().split())


def verify_text_layer(pdf: bytes, expected_text: str) -> None:
    """Raise ``PdfTextMissing`` unless page 1 holds the first characters of ``expected_text``.

    Checks the first ``_PROBE_CHARS`` distinct characters (CJK ones when the text has any):
    cheap, and it fails exactly when a font was missing and the text layer came out empty
    or partial.
    """
    from pdfminer.high_level import extract_text

    wanted = _CJK.findall(expected_text) or [c for c in expected_text if not c.isspace()]
    probe = list(dict.fromkeys(wanted))[:_PROBE_CHARS]
    if not probe:
        return
    # pdfminer reads the characters of the page's fonts. (A viewer such as pdfium would also
    # report the text of glyphs drawn as boxes, through their ActualText: not a test of ink.)
    text = extract_text(io.BytesIO(pdf), page_numbers=[0], maxpages=1)
    missing = [c for c in probe if c not in text]
    if missing:
        raise PdfTextMissing(
            "生成的 PDF 缺少文字（第1页未见：" + "".join(missing) + "）。"
            "多为中文字体不可用：请运行 gongkai check 查看字体配置。"
        )


def render(
    html: str,
    *,
    base_url: str | None = None,
    allowed_dirs: Iterable[Path] = (),
    cache_dir: Path | None = None,
) -> bytes:
    """The PDF of ``html``, checked (see the module text); raises ``PdfError`` subclasses.

    :param allowed_dirs: directories whose files the document may include (static assets)
    :param cache_dir: keep and reuse results by content (the HTML and ``fingerprint()``)
    """
    key = None
    if cache_dir is not None:
        key = hashlib.sha256(f"{fingerprint()}\0{base_url}\0{html}".encode()).hexdigest()
        cached = Path(cache_dir) / key[:2] / f"{key}.pdf"
        with contextlib.suppress(OSError):
            return cached.read_bytes()
    from weasyprint import HTML

    config, css = _font_setup()
    with _watch_missing_glyphs() as glyphs:
        pdf = HTML(string=html, base_url=base_url, url_fetcher=_fetcher(allowed_dirs)).write_pdf(
            stylesheets=[css], font_config=config
        )
    # A letter or digit drawn as a box is lost text; a symbol (an emoji in an applicant's
    # description) is only logged, so it cannot keep a letter from being made.
    lost = [c for c in dict.fromkeys("".join(glyphs.missing)) if c.isalnum()]
    if lost:
        raise PdfTextMissing("以下字符在 PDF 字体中没有字形，无法显示：" + "".join(lost))
    verify_text_layer(pdf, visible_text(html))
    if key is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_bytes(pdf)
        temporary.replace(cached)  # atomic: a reader never sees half a file
    return pdf
