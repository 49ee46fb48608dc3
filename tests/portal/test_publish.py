"""Static publishing: `gongkai portal publish OUT_DIR` and re-rendering on publish."""

import json

import pytest
from django.core.management import call_command

from gongkai.portal import publish

pytestmark = pytest.mark.django_db


def test_publish_writes_every_live_public_page_sitemap_and_static(tmp_path, make_page, capsys):
    parent = make_page("政府信息公开", "gk")
    make_page("公开目录", "ml", parent=parent)
    make_page("草稿", "draft", parent=parent, live=False)
    out = tmp_path / "site"
    call_command("portal", "publish", str(out), "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] == []
    assert (out / "gk" / "index.html").read_text().count("政府信息公开") >= 1
    assert "公开目录" in (out / "gk" / "ml" / "index.html").read_text()
    assert not (out / "gk" / "draft").exists()
    assert (out / "index.html").exists()  # the site's root page
    sitemap = (out / "sitemap.xml").read_text()
    assert "/gk/ml/" in sitemap and "/draft/" not in sitemap
    assert (out / "static" / "portal" / "portal.css").exists()
    assert result["static_files"] > 0


def test_republish_removes_pages_no_longer_public(tmp_path, make_page):
    page = make_page("将撤下", "gone")
    out = tmp_path / "site"
    publish.publish_site(out, static=False)
    assert (out / "gone" / "index.html").exists()
    page.unpublish()
    result = publish.publish_site(out, static=False)
    assert not (out / "gone" / "index.html").exists()
    assert "gone/index.html" in result["removed"]


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_publishing_a_page_rerenders_it_when_static_publishing_is_on(
    tmp_path, make_page, settings, django_capture_on_commit_callbacks, immediate_tasks
):
    out = tmp_path / "static-site"
    settings.GONGKAI_STATIC_PUBLISH_DIR = str(out)
    with django_capture_on_commit_callbacks(execute=True):
        page = make_page("第一版", "doc")
    assert "第一版" in (out / "doc" / "index.html").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "第二版"
        page.save_revision().publish()
    assert "第二版" in (out / "doc" / "index.html").read_text()
    assert (out / "sitemap.xml").exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not (out / "doc" / "index.html").exists()


def test_nothing_is_written_without_the_setting(
    tmp_path, make_page, settings, django_capture_on_commit_callbacks, immediate_tasks
):
    settings.GONGKAI_STATIC_PUBLISH_DIR = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_page("不发布", "np")
    from gongkai.portal.tasks import republish

    assert republish.call(page_ids=[]) == {"skipped": "GONGKAI_STATIC_PUBLISH_DIR is not set"}
    assert not any("republish" in repr(c) for c in callbacks)


def test_target_paths_stay_inside_the_output(tmp_path):
    assert publish.target_for(tmp_path, "/a/b/") == (tmp_path / "a/b/index.html").resolve()
    assert publish.target_for(tmp_path, "/") == (tmp_path / "index.html").resolve()
    assert publish.target_for(tmp_path, "/r/x.pdf") == (tmp_path / "r/x.pdf").resolve()
    with pytest.raises(ValueError):
        publish.target_for(tmp_path, "/../../etc/passwd")


def test_sitemap_lists_live_pages_only(client, make_page):
    live = make_page("公开", "live-page")
    make_page("草稿", "draft-page", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<urlset" in body and live.url in body
    assert "draft-page" not in body


def test_bad_output_path(tmp_path):
    from django.core.management.base import CommandError

    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(CommandError):
        call_command("portal", "publish", str(f))
