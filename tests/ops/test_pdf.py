"""PDFs carry their text on any machine, or fail with a clear error; nothing outside is read.

The machine-dependent cases run in a subprocess whose fontconfig sees the machine's fonts
minus every CJK one (``FONTCONFIG_FILE`` pointing at CI's ``.ci/fonts-hidden.conf``), the way
a fresh machine without ``fonts-noto-cjk`` does: fontconfig is read once per process.
"""

import http.server
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from gongkai import pdf

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
LETTER_HTML = (
    '<html lang="zh-CN"><head><title>不在正文</title></head><body>'
    "<h1 style=\"font-family: 'Noto Serif CJK SC'\">政府信息公开申请答复书</h1>"
    "<p>王小明：本机关于2026年12月4日收到您的申请。</p></body></html>"
)


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "".join(page.extract_text() or "" for page in document.pages)


HIDDEN_CJK = Path(__file__).resolve().parents[2] / ".ci" / "fonts-hidden.conf"


@pytest.fixture
def no_system_fonts(tmp_path):
    """The environment of a process that finds no CJK system font."""
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(HIDDEN_CJK),
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("GONGKAI_PDF_FONT", None)
    return env


@pytest.fixture
def latin_only_font(tmp_path) -> Path:
    """A real TrueType font that has Latin letters and digits only (no CJK)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "
    names = [".notdef"] + [f"g{ord(c)}" for c in chars]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"g{ord(c)}" for c in chars})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 700))
        pen.lineTo((450, 700))
        pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (500, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Latin Only", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path = tmp_path / "latin-only.ttf"
    builder.save(str(path))
    return path


def _render_in_subprocess(env: dict, html: str) -> subprocess.CompletedProcess:
    code = (
        "import sys; from gongkai import pdf\n"
        "try:\n"
        "    data = pdf.render(sys.stdin.read())\n"
        "except pdf.PdfError as error:\n"
        "    print(error.message, file=sys.stderr); sys.exit(3)\n"
        "sys.stdout.buffer.write(data)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], input=html.encode(), env=env, capture_output=True
    )


def test_pdf_has_its_text_on_a_machine_without_system_fonts(no_system_fonts):
    result = _render_in_subprocess(no_system_fonts, LETTER_HTML)
    assert result.returncode == 0, result.stderr.decode()
    text = _text(result.stdout)
    assert "政府信息公开申请答复书" in text and "王小明" in text
    # The environment really has no CJK font: WeasyPrint on its own draws boxes there.
    plain = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from weasyprint import HTML; "
            "sys.stdout.buffer.write(HTML(string=sys.stdin.read()).write_pdf())",
        ],
        input=LETTER_HTML.encode(),
        env=no_system_fonts,
        capture_output=True,
        check=True,
    )
    assert "王小明" not in _text(plain.stdout)


def test_the_check_catches_boxes_that_only_look_like_text(no_system_fonts):
    """Without a CJK font WeasyPrint draws boxes but still writes the characters as
    ActualText, which viewers extract: the check reads the page's fonts and refuses it."""
    code = (
        "import sys; from weasyprint import HTML; from gongkai import pdf\n"
        "html = sys.stdin.read()\n"
        "boxes = HTML(string=html).write_pdf()\n"  # what rendering without the project did
        "try:\n"
        "    pdf.verify_text_layer(boxes, pdf.visible_text(html))\n"
        "except pdf.PdfTextMissing as error:\n"
        "    print(error.message, file=sys.stderr); sys.exit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=LETTER_HTML.encode(),
        env=no_system_fonts,
        capture_output=True,
    )
    assert result.returncode == 3, result.stderr.decode()
    assert "第1页未见" in result.stderr.decode()


def test_without_a_cjk_font_the_renderer_refuses_instead_of_writing_boxes(
    no_system_fonts, latin_only_font
):
    env = {**no_system_fonts, "GONGKAI_PDF_FONT": str(latin_only_font)}
    result = _render_in_subprocess(env, LETTER_HTML)
    assert result.returncode == 3, "a PDF without its Chinese text must not be written"
    assert result.stdout == b""
    assert "没有字形" in result.stderr.decode() or "缺少文字" in result.stderr.decode()


def test_gongkai_check_reports_a_font_without_chinese_as_an_error(no_system_fonts, latin_only_font):
    env = {**no_system_fonts, "GONGKAI_PDF_FONT": str(latin_only_font)}
    result = subprocess.run([GONGKAI, "check"], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "gongkai.E001" in result.stderr and "不含中文字符" in result.stderr
    healthy = subprocess.run(
        [GONGKAI, "check"], env=no_system_fonts, capture_output=True, text=True
    )
    assert healthy.returncode == 0, healthy.stderr
    assert "gongkai.E001" not in healthy.stderr


def test_system_check_in_process(monkeypatch, latin_only_font):
    call_command("check")  # the packaged font: no error
    monkeypatch.setenv("GONGKAI_PDF_FONT", str(latin_only_font))
    with pytest.raises(SystemCheckError, match="gongkai.E001"):
        call_command("check")
    monkeypatch.setenv("GONGKAI_PDF_FONT", str(latin_only_font.with_name("absent.ttf")))
    with pytest.raises(SystemCheckError, match="gongkai.E001"):
        call_command("check")


def test_text_layer_check_fails_when_the_text_is_not_on_the_first_page():
    made = pdf.render("<html><body><p>ABC 123</p></body></html>")
    pdf.verify_text_layer(made, "ABC 123")
    with pytest.raises(pdf.PdfTextMissing, match="第1页未见"):
        pdf.verify_text_layer(made, "政府信息公开")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server API)
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_listener():
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _CountingHandler.hits
    server.shutdown()


def test_hostile_markup_cannot_make_the_renderer_read_files_or_the_network(
    http_listener, tmp_path, caplog
):
    port, hits = http_listener
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the PDF")
    html = (
        '<html lang="zh-CN"><head><style>'
        f'body {{ background: url("http://127.0.0.1:{port}/style-bg") }}</style>'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/sheet.css"></head><body>'
        f'<p>申请人：王小明<img src="file://{secret}"><img src="http://127.0.0.1:{port}/img">'
        f'<span style="background-image: url(file:///etc/passwd)">附件</span></p></body></html>'
    )
    with caplog.at_level("WARNING", logger="weasyprint"):
        made = pdf.render(html, base_url=f"http://127.0.0.1:{port}/")
    assert "王小明" in _text(made)
    assert hits == [], "no request may leave the renderer"
    refused = [r.getMessage() for r in caplog.records if "refused to fetch" in r.getMessage()]
    assert any(str(secret) in m for m in refused) and any("/etc/passwd" in m for m in refused)
    # Files under a directory the caller allows (the project's static assets) still load.
    allowed = pdf.render(html, allowed_dirs=[tmp_path])
    assert "王小明" in _text(allowed)
