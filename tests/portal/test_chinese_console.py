"""The staff console and the portal speak Chinese (#18.11), and 帮助 leads to the project's own
guide for each role (#16, #18.11).

A crawl of the console's and the portal's pages, as each demo role and anonymously, fails on
visible Latin-letter words (text, and the placeholder / title / aria-label / alt a person
reads) outside an allowlist of product names, file formats and units.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

#: Words a Chinese page may show: names of products and formats, units, codes.
ALLOWED = {
    "gongkai",
    "wagtail",
    "pdf",
    "docx",
    "xlsx",
    "csv",
    "json",
    "html",
    "api",
    "url",
    "http",
    "https",
    "www",
    "email",
    "e-mail",
    "totp",
    "excel",
    "word",
    "wps",
    "ofd",
    "jpg",
    "jpeg",
    "png",
    "zip",
    "txt",
    "rss",
    "utf-8",
    "cjk",
    "noto",
    "chromium",
    "ocr",
    "ukey",
    "ca",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*[A-Za-z]")
# attributes a person reads (or hears from a screen reader)
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
SKIPPED_TAGS = {"script", "style", "template", "svg", "code", "pre", "noscript"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skipping += 1
            return
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])
        if (
            tag == "input"
            and attributes.get("type") in ("submit", "button")
            and attributes.get("value")
        ):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data)


def latin_phrases(html: str) -> set[str]:
    """The pieces of text a person reads that hold a Latin-letter word not in ``ALLOWED``."""
    parser = _VisibleText()
    parser.feed(html)
    phrases = set()
    for part in parser.parts:
        # codes and file names carry digits or dots: 'TJJ-2026-0001', 'report.pdf'
        for token in re.split(r"[\s，。；：、（）()《》「」“”\"/|·]+", part):
            if re.search(r"[\d_.@=]", token):
                continue
            if any(w.lower() not in ALLOWED for w in LATIN_WORD.findall(token)):
                phrases.add(" ".join(part.split()))
                break
    return phrases


def _admin_urls(demo) -> list[str]:
    from gongkai.applications.models import Application
    from gongkai.reports.models import AnnualReport

    tjj = demo.agencies["mzl-tjj"]
    case = Application.objects.filter(agency=tjj).order_by("pk").first()
    report = AnnualReport.objects.filter(agency=tjj).order_by("-year").first()
    urls = [
        "/admin/",
        reverse("gongkai_guide"),
        reverse("notifications:inbox"),
        reverse("applications_admin:worklist"),
        reverse("applications_admin:inquiries"),
        reverse("applications_admin:register"),
        reverse("reports_admin:list"),
        "/admin/pages/",
        "/admin/documents/",
    ]
    if case is not None:
        urls.append(reverse("applications_admin:case", args=[case.pk]))
    if report is not None:
        urls.append(reverse("reports_admin:detail", args=[report.pk]))
    return urls


def _portal_urls(demo) -> list[str]:
    return ["/", "/apply/mzl-tjj/", "/apply/status/", "/reports/", "/search/?q=统计"]


@pytest.mark.django_db
def test_every_console_and_portal_page_is_in_chinese(demo):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.demo import STAFF

    users = get_user_model().objects.filter(username__in=[s[0] for s in STAFF])
    found: dict[str, set[str]] = {}
    for user in users:
        client = Client()
        client.force_login(user)
        for url in _admin_urls(demo) + _portal_urls(demo):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            words = latin_phrases(response.content.decode())
            if words:
                found.setdefault(f"{user.username} {url}", set()).update(words)
    anonymous = Client()
    for url in _portal_urls(demo):
        response = anonymous.get(url)
        assert response.status_code in (200, 302, 404), url
        if response.status_code == 200:
            words = latin_phrases(response.content.decode())
            if words:
                found.setdefault(f"anonymous {url}", set()).update(words)
    assert found == {}, "\n".join(f"{where}: {sorted(words)}" for where, words in found.items())


@pytest.mark.django_db
def test_help_menu_leads_to_the_chinese_guide_for_the_users_role(demo):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.demo import STAFF

    by_name = {s[0]: s for s in STAFF}
    User = get_user_model()
    client = Client()
    client.force_login(User.objects.get(username="tjj-registrar"))
    dashboard = client.get("/admin/").content.decode()
    assert reverse("gongkai_guide") in dashboard
    assert "guide.wagtail.org" not in dashboard and "Editor Guide" not in dashboard
    page = client.get(reverse("gongkai_guide")).content.decode()
    mine, _, others = page.partition("其他角色")
    # the registrar's own sections come first; the handlers' are under 其他角色
    assert "登记员：收件、登记与送达" in mine and "承办人与科室负责人" in others
    # the clock and the reminders, with the figures the code applies
    assert "每天 08:30" in mine and "默认3个工作日" in mine and "15个" not in mine
    assert "年度节假日安排" in mine and "暂定" in mine
    client.force_login(User.objects.get(username="tjj-handler"))
    page = client.get(reverse("gongkai_guide")).content.decode()
    mine = page.partition("其他角色")[0]
    assert by_name["tjj-handler"][2] == "handler"
    assert "收到后15个工作日内" in mine and "第三十二条" in mine


def _po_entries(path) -> dict[str, str]:
    """msgid → msgstr (msgstr[0] for plural entries) of a .po file (no msgctxt used here)."""
    entries, key, field = {}, None, None
    values: dict[str, str] = {}

    def flush():
        if values.get("msgid"):
            entries[values["msgid"]] = values.get("msgstr", values.get("msgstr[0]", ""))

    for line in path.read_text("utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
            values, field = {}, "msgid"
        elif line.startswith(("msgstr", "msgid_plural")):
            field = line.split(" ", 1)[0]
        elif not line.startswith('"'):
            continue
        if field:
            key = field
            text = line.split('"', 1)[1].rsplit('"', 1)[0] if '"' in line else ""
            values[key] = values.get(key, "") + text.encode().decode("unicode_escape").encode(
                "latin-1"
            ).decode("utf-8")
    flush()
    return entries


def test_the_compiled_catalogue_matches_its_source():
    """The committed .mo says what the .po says (msgfmt -o django.mo django.po after edits)."""
    import gettext
    from pathlib import Path

    import gongkai

    folder = Path(gongkai.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    assert len(entries) >= 20
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, msgstr in entries.items():
        got = compiled.gettext(msgid)
        if got == msgid:  # a plural entry: looked up by its singular and a count
            got = compiled.ngettext(msgid, msgid, 1)
        assert got == msgstr, msgid
