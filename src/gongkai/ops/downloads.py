"""Downloads under their full, human (Chinese) names.

Every view that serves a file goes through :func:`file_download` (a stored file) or
:func:`content_download` (bytes made on the fly). The name is the one a person gave or sees
(a letter's title, a released file's name, an attachment's original name), never the
storage path, which ``FileField(max_length=100)`` may have cut ("…统计.docx"). The header
carries the full name as RFC 5987 / RFC 6266 ``filename*=utf-8''…`` and a plain ASCII
``filename="…"`` for old clients (``content_disposition``).
"""

import posixpath
import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

DEFAULT_NAME = "文件"


def download_name(name: str, stored_name: str = "") -> str:
    """The name to offer: ``name`` without path parts or control characters, with the stored
    file's extension added when ``name`` lacks it (``2025年统计公报`` + ``….docx``)."""
    clean = re.sub(r"[\x00-\x1f\x7f/\\]+", " ", name or "").strip() or DEFAULT_NAME
    ext = posixpath.splitext(stored_name or "")[1].lower()
    if ext and not clean.lower().endswith(ext):
        clean += ext
    return clean


def ascii_fallback(name: str) -> str:
    """A plain ASCII stand-in for clients that ignore ``filename*`` (the extension kept)."""
    root, ext = posixpath.splitext(name)
    folded = unicodedata.normalize("NFKD", root).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._") or "download"
    ext = re.sub(r"[^A-Za-z0-9.]+", "", ext)
    return folded + ext


def content_disposition(name: str, *, as_attachment: bool = True) -> str:
    """The ``Content-Disposition`` value for ``name``: Django's own for ASCII names, else
    an ASCII ``filename`` fallback plus the full name in ``filename*`` (RFC 5987)."""
    if name.isascii():
        return content_disposition_header(as_attachment, name)
    kind = "attachment" if as_attachment else "inline"
    return f"{kind}; filename=\"{ascii_fallback(name)}\"; filename*=utf-8''{quote(name)}"


def file_download(
    field_file, name: str, *, content_type: str | None = None, as_attachment: bool = True
) -> FileResponse:
    """A stored file (a ``FieldFile``) served under ``name`` (extension from the stored file)."""
    full = download_name(name, field_file.name)
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(full, as_attachment=as_attachment)
    return response


def content_download(content: bytes | str, name: str, content_type: str) -> HttpResponse:
    """Bytes made for this request (an export, a template) served as an attachment ``name``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(download_name(name))
    return response
