"""gongkai backup / gongkai restore: demo data round trip on SQLite and PostgreSQL, bad input."""

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SAMPLE = 5  # rows compared per table, besides the counts


def _gongkai(*args, env_extra: dict, check: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "GONGKAI_"))}
    env.update(env_extra)
    env.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def _pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def fresh_pg_database():
    if not _pg_available():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    name = f"gongkai_restore_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    yield name
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _quote(table: str) -> str:
    return f'"{table}"'


def _rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY 1 LIMIT {SAMPLE}")
    return [tuple(row) for row in cursor.fetchall()]


def _compare(manifest: dict, source_cursor, target_cursor) -> None:
    """Every table's row count as in the manifest and the source, and a sample of rows equal."""
    for table, count in manifest["tables"].items():
        source_cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        assert source_cursor.fetchone()[0] == count, table
        target_cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        assert target_cursor.fetchone()[0] == count, table
        assert _rows(target_cursor, table) == _rows(source_cursor, table), table
    assert sum(manifest["tables"].values()) > 100  # the demo data really is in there


def _make_media(settings) -> None:
    media = Path(settings.MEDIA_ROOT)
    (media / "uploads" / "2026").mkdir(parents=True, exist_ok=True)
    (media / "uploads" / "2026" / "reply-letter.pdf").write_bytes(b"%PDF-1.7 test\n")


@pytest.mark.django_db(transaction=True)
def test_round_trip_of_the_demo_data(demo, tmp_path, settings, request):
    _make_media(settings)
    bundle = tmp_path / "backup.tar.gz"
    call_command("backup", str(bundle))
    with tarfile.open(bundle) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["db_vendor"] == connection.vendor
    assert "media/uploads/2026/reply-letter.pdf" in names
    assert manifest["media_files"] >= 1
    assert "ops" in manifest["migrations"] and manifest["migrations"]["agencies"]
    assert "agencies_agency" in manifest["tables"]

    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        env = {"DATABASE_URL": f"sqlite:///{target}", "GONGKAI_VAR_DIR": str(tmp_path / "var")}
        result = _gongkai("restore", str(bundle), env_extra=env, check=True)
        assert "已恢复" in result.stdout
        # Both sides through plain sqlite3 (no Django type converters).
        source = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
        db = sqlite3.connect(target)
        try:
            _compare(manifest, source.cursor(), db.cursor())
        finally:
            db.close()
            source.close()
    else:
        name = request.getfixturevalue("fresh_pg_database")
        env = {"DATABASE_URL": f"{PG_SERVER}/{name}", "GONGKAI_VAR_DIR": str(tmp_path / "var")}
        _gongkai("restore", str(bundle), env_extra=env, check=True)
        import psycopg

        source_name = connection.settings_dict["NAME"]
        with (
            psycopg.connect(f"{PG_SERVER}/{source_name}") as a,
            psycopg.connect(f"{PG_SERVER}/{name}") as b,
        ):
            _compare(manifest, a.cursor(), b.cursor())
    restored_media = tmp_path / "var" / "media" / "uploads" / "2026" / "reply-letter.pdf"
    assert restored_media.read_bytes() == b"%PDF-1.7 test\n"


@pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", "")
    or not os.environ.get("GONGKAI_TEST_PG_BACKUP"),
    reason="the PostgreSQL suite run covers this in-process; set GONGKAI_TEST_PG_BACKUP=1 to force",
)
def test_postgresql_round_trip_from_a_demo_database(tmp_path, fresh_pg_database):
    """On SQLite test runs, still prove the PostgreSQL path: demo → pg_dump → pg_restore."""
    source = f"{fresh_pg_database}_src"
    _pg_admin(f'CREATE DATABASE "{source}"')
    try:
        src_env = {"DATABASE_URL": f"{PG_SERVER}/{source}", "GONGKAI_VAR_DIR": str(tmp_path / "a")}
        _gongkai("demo", "--no-serve", env_extra=src_env, check=True)
        bundle = tmp_path / "pg.tar.gz"
        _gongkai("backup", str(bundle), env_extra=src_env, check=True)
        dst_env = {
            "DATABASE_URL": f"{PG_SERVER}/{fresh_pg_database}",
            "GONGKAI_VAR_DIR": str(tmp_path / "b"),
        }
        _gongkai("restore", str(bundle), env_extra=dst_env, check=True)
        # A second restore into the now non-empty database is refused ...
        again = _gongkai("restore", str(bundle), env_extra=dst_env)
        assert again.returncode == 1 and "--force" in again.stderr
        # ... unless forced.
        _gongkai("restore", "--force", str(bundle), env_extra=dst_env, check=True)
        import psycopg

        with tarfile.open(bundle) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["db_vendor"] == "postgresql"
        with (
            psycopg.connect(f"{PG_SERVER}/{source}") as a,
            psycopg.connect(f"{PG_SERVER}/{fresh_pg_database}") as b,
        ):
            _compare(manifest, a.cursor(), b.cursor())
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)')


# --- bad input: clear message, exit status 1 ------------------------------------------------


@pytest.fixture
def sqlite_env(tmp_path):
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}",
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
    }


def _bad(tmp_path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


def _tar_with(tmp_path, files: dict[str, bytes]) -> Path:
    import io

    path = tmp_path / "crafted.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: _bad(p, "missing.tar.gz", None), "备份文件不存在"),
        (lambda p: _bad(p, "junk.tar.gz", b"not a tar file"), "不是有效的备份文件"),
        (lambda p: _tar_with(p, {"other.txt": b"x"}), "缺少 manifest.json"),
        (lambda p: _tar_with(p, {"manifest.json": b"{oops"}), "manifest.json 已损坏"),
        (
            lambda p: _tar_with(p, {"manifest.json": b'{"format": "something-else"}'}),
            "不是本系统的备份文件",
        ),
        (
            lambda p: _tar_with(
                p,
                {
                    "manifest.json": json.dumps(
                        {
                            "format": "gongkai-backup",
                            "format_version": 1,
                            "db_vendor": "postgresql",
                            "database_file": "database.pgdump",
                            "tables": {},
                        }
                    ).encode()
                },
            ),
            "不能直接恢复",
        ),
        (
            lambda p: _tar_with(
                p,
                {
                    "manifest.json": json.dumps(
                        {
                            "format": "gongkai-backup",
                            "format_version": 1,
                            "db_vendor": "sqlite",
                            "database_file": "database.sqlite3",
                            "tables": {},
                        }
                    ).encode()
                },
            ),
            "缺少数据库文件",
        ),
    ],
)
def test_bad_bundles_are_refused_clearly(tmp_path, sqlite_env, make, message):
    result = _gongkai("restore", str(make(tmp_path)), env_extra=sqlite_env)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_to_a_missing_folder_fails_clearly(tmp_path, sqlite_env):
    result = _gongkai("backup", str(tmp_path / "no" / "such" / "b.tar.gz"), env_extra=sqlite_env)
    assert result.returncode == 1 and "目标目录不存在" in result.stderr


def test_sqlite_restore_refuses_a_non_empty_target_unless_forced(tmp_path, sqlite_env):
    empty = {**sqlite_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    bundle = tmp_path / "b.tar.gz"
    _gongkai("backup", str(bundle), env_extra=empty, check=True)
    target = tmp_path / "target.sqlite3"
    db = sqlite3.connect(target)
    db.execute("CREATE TABLE precious (a)")
    db.execute("INSERT INTO precious VALUES (1)")
    db.commit()
    db.close()
    refused = _gongkai("restore", str(bundle), env_extra=sqlite_env)
    assert refused.returncode == 1 and "目标数据库不是空的" in refused.stderr
    db = sqlite3.connect(target)
    assert db.execute("SELECT COUNT(*) FROM precious").fetchone() == (1,)  # untouched
    db.close()
    forced = _gongkai("restore", "--force", str(bundle), env_extra=sqlite_env)
    assert forced.returncode == 0, forced.stderr
    db = sqlite3.connect(target)
    tables = db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    db.close()
    assert ("precious",) not in tables
