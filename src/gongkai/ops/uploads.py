"""Uploads checked by content, size-limited, stored under random names, served as attachments.

    from gongkai.ops.uploads import store_upload, UploadRejected
    try:
        upload = store_upload(request.FILES["file"], agency=agency, user=request.user,
                              allowed={"pdf", "docx", "jpeg", "png"})
    except UploadRejected as error:
        form.add_error("file", error)

``check_upload`` looks at the bytes, never at the file name or the browser's
content type: PDF (``%PDF-``), JPEG, PNG, and the zip-based DOCX, XLSX and OFD
(GB/T 33190) recognised by their required members. The limit is
``settings.GONGKAI["UPLOAD_MAX_BYTES"]``. A zip container is opened member by member
and decompressed (into nothing) before anything reads it for real: more than
``MAX_ZIP_MEMBERS`` members, or more than ``MAX_ZIP_RATIO`` times its size (and at most
``MAX_EXPANDED_BYTES``) once expanded, and it is refused as a zip bomb. Every staff
import (cases from XLSX, published reports) goes through here before it writes anything. ``Upload`` rows (``gongkai.ops.models``)
are served only through ``/admin/ops/uploads/<id>/`` after ``can(user, "view",
upload)``, always as an attachment; ``attachment_response`` gives other apps'
permission-checked views the same response.
"""

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

KINDS = {
    # kind: (extension, content type, label)
    "pdf": (".pdf", "application/pdf", "PDF"),
    "docx": (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    "xlsx": (
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (XLSX)",
    ),
    "ofd": (".ofd", "application/ofd", "OFD"),
    "jpeg": (".jpg", "image/jpeg", "JPEG"),
    "png": (".png", "image/png", "PNG"),
}
ALL_KINDS = frozenset(KINDS)

# Zip containers: refuse archives that would expand absurdly (zip bombs) or hold
# thousands of members; the file is never extracted here, but readers will be.
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_RATIO = 200
MAX_EXPANDED_BYTES = 200 * 1024 * 1024


class UploadRejected(ValidationError):
    """The file is not accepted; the message tells the person why, in Chinese."""


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str


def _size(f) -> int:
    size = getattr(f, "size", None)
    if size is not None:
        return int(size)
    position = f.tell()
    f.seek(0, 2)
    size = f.tell()
    f.seek(position)
    return size


def _check_expansion(archive: zipfile.ZipFile, size: int) -> None:
    """Refuse a zip bomb: too many members, or too large once expanded (as declared, and as
    really decompressed: a member's header may lie)."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UploadRejected(
            _("压缩包内文件过多（%(n)s 个，上限 %(limit)s 个），已拒绝。")
            % {"n": len(infos), "limit": MAX_ZIP_MEMBERS}
        )
    cap = min(max(size, 1) * MAX_ZIP_RATIO, MAX_EXPANDED_BYTES)
    refused = UploadRejected(
        _("文件解压后体积异常（超过 %(limit).0f MB），疑似压缩炸弹，已拒绝。")
        % {"limit": cap / 1048576}
    )
    if sum(info.file_size for info in infos) > cap:
        raise refused
    expanded = 0
    for info in infos:
        with archive.open(info) as member:
            while chunk := member.read(1 << 16):
                expanded += len(chunk)
                if expanded > cap:
                    raise refused


def _zip_kind(f, size: int) -> str | None:
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as archive:
            _check_expansion(archive, size)
            names = {info.filename for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        return None  # not a readable zip: not one of the zip-based kinds
    finally:
        f.seek(0)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return None


def sniff(f, size: int) -> str | None:
    """The kind of file by its content, or None."""
    f.seek(0)
    head = f.read(16)
    f.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(f, size)
    return None


def _labels(kinds) -> str:
    return "、".join(KINDS[k][2] for k in sorted(kinds))


def check_size(f, *, max_bytes: int | None = None) -> int:
    """The size of ``f``; UploadRejected when it is empty or over the limit."""
    limit = max_bytes if max_bytes is not None else settings.GONGKAI["UPLOAD_MAX_BYTES"]
    size = _size(f)
    if size == 0:
        raise UploadRejected(_("文件是空的。"))
    if size > limit:
        raise UploadRejected(
            _("文件过大（%(size).1f MB），上限为 %(limit).1f MB。")
            % {"size": size / 1048576, "limit": limit / 1048576}
        )
    return size


def check_upload(f, *, allowed=ALL_KINDS, max_bytes: int | None = None) -> CheckedFile:
    """Accept ``f`` (an uploaded file or any seekable binary file) or raise UploadRejected."""
    unknown = set(allowed) - ALL_KINDS
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    size = check_size(f, max_bytes=max_bytes)
    kind = sniff(f, size)
    if kind is None or kind not in allowed:
        raise UploadRejected(
            _("不支持的文件类型。可上传：%(kinds)s。") % {"kinds": _labels(allowed)}, code="type"
        )
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(1 << 16), b""):
        digest.update(chunk)
    f.seek(0)
    extension, content_type, _label = KINDS[kind]
    return CheckedFile(kind, extension, content_type, size, digest.hexdigest())


def store_upload(f, *, agency=None, user=None, allowed=ALL_KINDS, max_bytes=None):
    """Check ``f`` and save it as an ``Upload`` under a random name; return the row."""
    from django.core.files import File

    from gongkai.ops.models import Upload

    checked = check_upload(f, allowed=allowed, max_bytes=max_bytes)
    original = (getattr(f, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    upload = Upload(
        original_name=original[:255] or "file",
        kind=checked.kind,
        extension=checked.extension,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        agency=agency,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    upload.file.save("ignored", File(f), save=False)  # name from Upload's upload_to
    upload.save()
    return upload


def attachment_response(upload) -> FileResponse:
    """The file of ``upload`` as a download (call only after checking permission)."""
    from gongkai.ops.downloads import file_download

    response = file_download(upload.file, upload.original_name, content_type=upload.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@deconstructible
class ContentValidator:
    """A form/model field validator: ``FileField(validators=[ContentValidator({"pdf"})])``."""

    def __init__(self, allowed=ALL_KINDS, max_bytes: int | None = None):
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes

    def __call__(self, f):
        check_upload(getattr(f, "file", f), allowed=self.allowed, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, ContentValidator)
            and self.allowed == other.allowed
            and self.max_bytes == other.max_bytes
        )
