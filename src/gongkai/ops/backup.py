"""Backup and restore of the database and the media folder as one .tar.gz bundle.

Bundle layout::

    manifest.json       format, database vendor, creation time, versions, applied
                        migrations, row count of every table, media file count
    database.sqlite3    SQLite: a consistent copy made with the online backup API
    database.pgdump     PostgreSQL: ``pg_dump --format=custom``
    media/...           the MEDIA_ROOT tree (absent when media live on S3)

A restore goes into an empty database (no tables) and an empty media folder;
``force=True`` replaces what is there. Afterwards every table's row count is
compared with the manifest.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Chinese."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    media_files: int
    mismatches: dict[str, tuple[int, int | None]]


# --- inspection -----------------------------------------------------------------------


def table_counts(alias: str = "default") -> dict[str, int]:
    conn = connections[alias]
    counts = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_root() -> Path | None:
    if getattr(settings, "USE_S3", False):
        return None
    return Path(settings.MEDIA_ROOT)


def _pg_env_and_args(alias: str = "default") -> tuple[dict, list[str]]:
    db = connections[alias].settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(cmd: list[str], env: dict) -> None:
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"找不到命令 {cmd[0]}：请安装 PostgreSQL 客户端工具") from None
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败：{result.stderr.strip()[-2000:]}")


# --- backup -----------------------------------------------------------------------------


def backup(out: Path, *, alias: str = "default") -> dict:
    """Write a bundle to ``out`` (a .tar.gz path, or a folder to put a dated bundle in)."""
    out = Path(out)
    if out.is_dir():
        out = out / f"gongkai-backup-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
    if not out.parent.exists():
        raise BackupError(f"目标目录不存在：{out.parent}")
    conn = connections[alias]
    vendor = conn.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库类型：{vendor}")
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        tmp = Path(tmp)
        # Counts first, then the copy: on a live system rows may be added between the
        # two, so the manifest's counts are what the copy holds at least.
        if vendor == "sqlite":
            db_file = "database.sqlite3"
            conn.ensure_connection()
            target = sqlite3.connect(tmp / db_file)
            try:
                conn.connection.backup(target)
            finally:
                target.close()
            counts = _sqlite_counts(tmp / db_file)
        else:
            db_file = "database.pgdump"
            env, args = _pg_env_and_args(alias)
            # Count inside the snapshot that pg_dump then copies, so that the manifest
            # describes exactly the dump even while the system is in use.
            with transaction.atomic(using=alias), conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = table_counts(alias)
                _run(
                    [
                        "pg_dump",
                        *args,
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        "--file",
                        str(tmp / db_file),
                        conn.settings_dict["NAME"],
                    ],
                    env,
                )
        media = _media_root()
        media_files = media_bytes = 0
        if media is not None and media.exists():
            for path in media.rglob("*"):
                if path.is_file():
                    media_files += 1
                    media_bytes += path.stat().st_size
        from importlib.metadata import PackageNotFoundError, version

        try:
            gongkai_version = version("gongkai")
        except PackageNotFoundError:
            gongkai_version = "unknown"
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "db_vendor": vendor,
            "database_file": db_file,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "gongkai_version": gongkai_version,
            "django_version": django.get_version(),
            "migrations": applied_migrations(alias),
            "tables": counts,
            "media": "external" if media is None else "included",
            "media_files": media_files,
            "media_bytes": media_bytes,
        }
        partial = out.with_name(out.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(tmp / db_file, arcname=db_file)
            if media is not None and media.exists():
                tar.add(media, arcname="media")
        partial.replace(out)  # never leave a half-written bundle under the final name
    manifest["path"] = str(out)
    return manifest


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    finally:
        db.close()


# --- restore ----------------------------------------------------------------------------


def read_manifest(bundle: Path) -> dict:
    bundle = Path(bundle)
    if not bundle.is_file():
        raise BackupError(f"备份文件不存在：{bundle}")
    try:
        with tarfile.open(bundle, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError
            manifest = json.load(member)
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"不是有效的备份文件（无法读取 .tar.gz）：{bundle}") from None
    except KeyError:
        raise BackupError(f"备份文件缺少 manifest.json：{bundle}") from None
    except json.JSONDecodeError:
        raise BackupError(f"备份文件的 manifest.json 已损坏：{bundle}") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"不是本系统的备份文件，或格式版本不受支持：{bundle}")
    return manifest


def restore(bundle: Path, *, force: bool = False, alias: str = "default") -> RestoreReport:
    """Restore a bundle into the configured database and media folder."""
    manifest = read_manifest(bundle)
    conn = connections[alias]
    if manifest["db_vendor"] != conn.vendor:
        raise BackupError(
            f"备份来自 {manifest['db_vendor']} 数据库，当前数据库是 {conn.vendor}：不能直接恢复"
        )
    existing = conn.introspection.table_names()
    if existing and not force:
        raise BackupError(
            f"目标数据库不是空的（已有 {len(existing)} 张表）。确认要覆盖时加 --force"
        )
    media = _media_root()
    if (
        manifest.get("media") == "included"
        and media is not None
        and media.exists()
        and any(media.iterdir())
        and not force
    ):
        raise BackupError(f"媒体目录不是空的：{media}。确认要覆盖时加 --force")
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        tmp = Path(tmp)
        try:
            with tarfile.open(bundle, "r:gz") as tar:
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"备份文件已损坏，无法解开：{error}") from None
        db_file = tmp / manifest["database_file"]
        if not db_file.is_file():
            raise BackupError(f"备份文件缺少数据库文件 {manifest['database_file']}")
        if conn.vendor == "sqlite":
            _restore_sqlite(db_file, alias)
        else:
            _restore_postgresql(db_file, force=bool(existing), alias=alias)
        media_files = 0
        if manifest.get("media") == "included" and media is not None and (tmp / "media").exists():
            media.mkdir(parents=True, exist_ok=True)
            for path in (tmp / "media").rglob("*"):
                target = media / path.relative_to(tmp / "media")
                if path.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
                    media_files += 1
    connections[alias].close()
    counts = table_counts(alias)
    mismatches = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    return RestoreReport(
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=media_files,
        mismatches=mismatches,
    )


def _restore_sqlite(db_file: Path, alias: str) -> None:
    conn = connections[alias]
    conn.close()
    target_path = Path(conn.settings_dict["NAME"])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(db_file)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        source.backup(target)  # replaces every page of the target, atomically for readers
    finally:
        source.close()
        target.close()


def _restore_postgresql(dump: Path, *, force: bool, alias: str) -> None:
    conn = connections[alias]
    if force:
        with conn.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        conn.close()
    conn.close()
    env, args = _pg_env_and_args(alias)
    _run(
        [
            "pg_restore",
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            conn.settings_dict["NAME"],
            str(dump),
        ],
        env,
    )
