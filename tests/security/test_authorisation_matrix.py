"""The authorisation matrix: every URL of the staff console and the API × every role × an
object of the user's own agency and of another agency (#15).

The URLs come from the URL resolver (Wagtail's admin with its viewsets, snippets,
choosers, bulk actions, reports and admin API; every app's ``register_admin_urls``; the
Django admin; the JSON API); the rule of each URL from ``authorisation_table.ENTRIES`` or,
for viewsets of models registered with ``agencies.permissions``, from the model's rules
(``derived_entry``). One test per URL pattern requests it as one demo user of each role
and anonymously and asserts, for each:

- never a server error;
- allowed exactly when the rule allows (refused = 401/403/404 or a redirect to the login
  or the dashboard), for an object of 统计局 (the users' own agency) and of 财政局;
- no answer, allowed or not, names a record of 财政局 that the user may not view
  (marked records of every kind: a draft page, a case, an inquiry, a document, an image,
  a register row).

A URL without an entry fails ``test_every_url_has_an_entry``. The demo is loaded once per
worker inside a transaction that is rolled back at the end (each test in a savepoint of
its own), so the suite stays fast.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.agencies import permissions
from gongkai.agencies.demo import STAFF
from gongkai.agencies.viewsets import _required_actions, gongkai_action
from tests.security import authorisation_table as table

PREFIXES = ("admin/", "django-admin/", "api/")
OWN, OTHER = "mzl-tjj", "mzl-czj"
MARK = {
    "page": "财政局未发布草稿标记",
    "document": "财政局内部文件标记",
    "image": "财政局内部图片标记",
    "register": "财政局登记备注标记",
}


# --- the URLs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "admin/pages/<int:page_id>/edit/"
    name: str | None  # namespace:name
    callback: object
    params: tuple[str, ...]

    def __str__(self):
        return self.route


def _params(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.regex.groupindex)


def _walk(patterns, prefix="", namespace="", params=()):
    for pattern in patterns:
        here = params + tuple(_params(pattern.pattern))
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns, here)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(prefix + str(pattern.pattern), name, pattern.callback, here)


def routes() -> list[Route]:
    """Every URL pattern under /admin/, /django-admin/ and /api/ (the first of equal routes:
    the later ones are never reached)."""
    seen, out = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.route.startswith(PREFIXES) and route.route not in seen:
            seen.add(route.route)
            out.append(route)
    return out


ROUTES = routes()


def _model_of(route: Route):
    initkwargs = getattr(route.callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model") or getattr(
        getattr(route.callback, "view_class", None), "model", None
    )
    if isinstance(model, str):
        model = apps.get_model(model)
    return model if isinstance(model, type) and hasattr(model, "_meta") else None


@dataclass(frozen=True, repr=False)
class CanAny(table.Rule):
    """``permissions.can`` for any of the actions a Wagtail view requires."""

    actions: tuple[str, ...]

    def allows(self, user, obj):
        return user is not None and any(permissions.can(user, a, obj) for a in self.actions)

    def __repr__(self):
        return f"CanAny({self.actions})"


def derived_entry(route: Route) -> table.Entry | None:
    """The entry of a viewset URL of a model with Gongkai rules: its view's Wagtail
    permission(s), mapped to the model's actions, for the object its URL names (or, for a
    list or a form, for any object of the model)."""
    model = _model_of(route)
    if model is None or model._meta.label not in permissions._registry:
        return None
    view_class = getattr(route.callback, "view_class", None)
    actions = tuple(gongkai_action(model, a) for a in _required_actions(view_class))
    target = f"model:{model._meta.label}"
    if "pk" in route.params:
        others = [p for p in route.params if p != "pk"]
        rule = CanAny(actions)
        if others:  # a revision or workflow state as well: not in the world, so refusals only
            rule = table.RefusedUnless(rule)
        return table.Entry(route.name, rule, target=target, args={p: 0 for p in others})
    return table.Entry(route.name, table.AnyRole(model._meta.label, actions))


def entry_for(route: Route) -> table.Entry | None:
    """The URL's entry: derived from the model's rules for a scoped viewset, else the first
    entry of the table whose name (or, for an unnamed URL, route) matches."""
    derived = derived_entry(route)
    if derived is not None:
        return derived
    for entry in table.ENTRIES:
        if route.name is None:
            if entry.route is not None and re.fullmatch(entry.route, route.route):
                return entry
        elif entry.name is not None and re.fullmatch(entry.name, route.name):
            return entry
    return None


def test_every_url_has_an_entry():
    missing = [f"{r.route} ({r.name})" for r in ROUTES if entry_for(r) is None]
    assert missing == [], (
        "URLs without an entry in tests/security/authorisation_table.py:\n" + "\n".join(missing)
    )
    assert len(ROUTES) > 300  # the walk found the admin at all


# --- the world: the demo, and a marked record of every kind in both agencies --------------------


def _png() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


class World:
    """The demo plus, for 统计局 (own) and 财政局 (other), an object of every kind a URL can
    name (``targets``), the users (one per role, and anonymous), and the 财政局 markers."""

    def __init__(self):
        from django.contrib.auth import get_user_model

        from gongkai.demo import load_demo

        self.demo = load_demo(verbosity=0)
        self.agencies = {slug: self.demo.agencies[slug] for slug in (OWN, OTHER)}
        chosen = {}
        for username, _name, role, *_ in STAFF:
            chosen.setdefault(role, username)
        User = get_user_model()
        self.users = [("anonymous", None)] + [
            (name, User.objects.get(username=name)) for name in chosen.values()
        ]
        self.targets: dict[str, tuple] = {}
        self.markers: list[tuple[str, table.Rule, object]] = []  # (text, who may see it, object)
        self._build()
        self.clients = {}
        for label, user in self.users:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[label] = client

    # -- records of both agencies
    def _build(self):
        from django.contrib.auth.models import Group
        from django.contrib.contenttypes.models import ContentType
        from django.core.files.base import ContentFile
        from django.core.files.images import ImageFile
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Site, Task, UploadedFile, Workflow

        from gongkai.catalogue.models import AgencyHomePage, CataloguePage, DisclosureItemPage
        from gongkai.catalogue.services import agency_collection
        from gongkai.registers.models import Art20Count
        from tests.security.test_agency_pairs import _records_of

        admin = self.demo.users["admin"]
        own, other = self.agencies[OWN], self.agencies[OTHER]
        records = {slug: _records_of(agency, admin) for slug, agency in self.agencies.items()}
        # The own case is routed to the unit of the demo's 承办人 and 科室负责人, so that
        # unit roles are allowed something too.
        from gongkai.applications.models import Application

        unit = self.demo.units[(OWN, "国民经济核算科")]
        Application.objects.filter(pk=records[OWN]["app"].pk).update(unit=unit)
        records[OWN]["app"].refresh_from_db()

        # Pages: a draft item of each agency, and each agency's catalogue page.
        catalogue = {
            slug: CataloguePage.objects.descendant_of(
                AgencyHomePage.objects.get(agency=agency)
            ).first()
            for slug, agency in self.agencies.items()
        }
        own_draft = DisclosureItemPage.objects.filter(agency=own, live=False).first()
        other_draft = DisclosureItemPage(
            title=MARK["page"],
            slug="i15-matrix-draft",
            agency=other,
            live=False,
            summary="矩阵测试的草稿",
            written_date=own_draft.written_date,
            formed_or_changed_date=own_draft.formed_or_changed_date,
        )
        catalogue[OTHER].add_child(instance=other_draft)
        other_draft.save_revision(user=admin)
        self.targets["page"] = (own_draft.page_ptr, other_draft.page_ptr)
        self.targets["catalogue"] = (catalogue[OWN].page_ptr, catalogue[OTHER].page_ptr)

        Document, Image = get_document_model(), get_image_model()
        docs, images, uploads_doc, uploads_img = [], [], [], []
        for slug, agency in self.agencies.items():
            title = MARK["document"] if slug == OTHER else "统计局矩阵文件"
            doc = Document(title=title, collection=agency_collection(agency))
            doc.file.save(f"{slug}.txt", ContentFile(b"matrix"), save=True)
            docs.append(doc)
            image = Image(
                title=MARK["image"] if slug == OTHER else "统计局矩阵图片",
                collection=agency_collection(agency),
                file=ImageFile(io.BytesIO(_png()), name=f"{slug}.png"),
            )
            image.save()
            images.append(image)
            owner = self.demo.users["tjj-admin" if slug == OWN else "czj-handler"]
            for model, bucket in ((Document, uploads_doc), (Image, uploads_img)):
                uploaded = UploadedFile(
                    for_content_type=ContentType.objects.get_for_model(model),
                    uploaded_by_user=owner,
                )
                uploaded.file.save(f"{slug}-upload.txt", ContentFile(b"upload"), save=True)
                bucket.append(uploaded)
        self.targets["document"] = tuple(docs)
        self.targets["image"] = tuple(images)
        self.targets["uploaded_document"] = tuple(uploads_doc)
        self.targets["uploaded_image"] = tuple(uploads_img)

        from django_otp.plugins.otp_totp.models import TOTPDevice

        users = self.demo.users
        self.targets["totp_device"] = tuple(
            # (users who are not among the requesting ones: a device means a code at login)
            TOTPDevice.objects.create(user=users[name], name="matrix", confirmed=True)
            for name in ("tjj-office", "czj-handler")
        )
        self.targets["user"] = (users["tjj-registrar"], users["czj-registrar"])
        groups = [
            Group.objects.filter(name__startswith=a.display_short_name).first()
            for a in (own, other)
        ]
        self.targets["group"] = tuple(groups)
        site = Site.objects.first()
        self.targets["site"] = (site, site)
        self.targets["collection"] = (agency_collection(own), agency_collection(other))
        redirects = [
            Redirect.objects.create(old_path=f"/i15-{slug}", redirect_link="/")
            for slug in (OWN, OTHER)
        ]
        self.targets["redirect"] = tuple(redirects)
        workflows = [
            Workflow.objects.filter(name__startswith=a.display_short_name).first()
            for a in (own, other)
        ]
        self.targets["workflow"] = tuple(w or Workflow.objects.first() for w in workflows)
        tasks = [
            Task.objects.filter(name__startswith=a.display_short_name).first() for a in (own, other)
        ]
        self.targets["task"] = tuple(t or Task.objects.first() for t in tasks)

        for kind, key in (
            ("application", "app"),
            ("attachment", "attachment"),
            ("inquiry", "inquiry"),
            ("report", "report"),
            ("upload", "upload"),
        ):
            self.targets[kind] = (records[OWN][key], records[OTHER][key])
        self.targets["letter"] = (records[OWN]["letters"][0], records[OTHER]["letters"][0])

        # Records the demo has in one agency only, so that every model has one in both.
        import datetime

        from gongkai.agencies.models import LeadershipGroupMember
        from gongkai.catalogue.models import ChannelPost
        from gongkai.registers.models import ReviewCase

        ReviewCase.objects.create(
            agency=own,
            kind=ReviewCase.Kind.RECONSIDERATION,
            case_number="满政复〔2025〕矩阵号",
            filed_date=datetime.date(2025, 3, 1),
        )
        ChannelPost.objects.create(
            agency=other,
            title="财政局微信推送",
            channel="wechat",
            published_on=datetime.date(2025, 3, 1),
        )
        LeadershipGroupMember.objects.create(
            agency=other, position=LeadershipGroupMember.Position.LEADER, name="财政局长"
        )

        register = Art20Count.objects.filter(agency=other).first()
        Art20Count.objects.filter(pk=register.pk).update(note=MARK["register"])
        other_app, other_inquiry = records[OTHER]["app"], records[OTHER]["inquiry"]
        from tests.security.authorisation_table import FilePerm

        self.markers = [
            (MARK["page"], table.PAGE_VISIBLE, other_draft.page_ptr),
            (MARK["document"], FilePerm("wagtaildocs.Document", ("change", "choose")), docs[1]),
            (MARK["image"], FilePerm("wagtailimages.Image", ("change", "choose")), images[1]),
            (MARK["register"], table.Can("view"), Art20Count.objects.get(pk=register.pk)),
            (records[OTHER]["name"], table.Can("view"), other_app),
            (other_inquiry.question, table.Can("view"), other_inquiry),
        ]

    def pair(self, target: str) -> tuple:
        """(own, other) objects of a target kind; ``model:<label>`` picks them by agency."""
        if target in self.targets:
            return self.targets[target]
        label = target.split(":", 1)[1]
        model = apps.get_model(label)
        rules = permissions.rules_for(label)
        objects = list(model._default_manager.all()[:500])
        if not rules.agency_field and model is not apps.get_model("agencies.Agency"):
            assert objects, f"the world holds no {label}"
            return objects[0], objects[-1]

        def agency_of(obj):
            from gongkai.agencies.permissions import _resolve

            return _resolve(obj, rules.agency_field)

        picked = []
        for slug in (OWN, OTHER):
            agency = self.agencies[slug]
            mine = [
                o
                for o in objects
                if (a := agency_of(o)) is not None and a.path.startswith(agency.path)
            ]
            assert mine, f"the world holds no {label} of {slug}: add one in World._build"
            picked.append(mine[0])
        self.targets[target] = tuple(picked)
        return self.targets[target]

    def forbidden_markers(self, user) -> list[str]:
        return [text for text, rule, obj in self.markers if not rule.allows(user, obj)]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def _media_root():
    """Overrides the conftest's per-test media folder: the world's files stay in the one the
    ``world`` fixture set for the module."""


# --- requests and answers -------------------------------------------------------------------------


def _url(route: Route, entry: table.Entry, obj) -> str:
    extra = entry.args(obj) if callable(entry.args) else dict(entry.args or {})
    values = {}
    for param in route.params:
        if param in extra:
            values[param] = extra[param]
        elif obj is not None:
            values[param] = obj.pk
        else:
            values[param] = 1
    if route.name:
        return reverse(route.name, kwargs=values)
    url = "/" + route.route
    for param, value in values.items():
        url = re.sub(rf"<(\w+:)?{param}>", str(value), url)
    return url


def _text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


REFUSED_STATUS = {401, 403, 404}


def outcome(response, method: str) -> str:
    """ "error", "refused" or "allowed". A GET answered by a redirect is a refusal (the page
    was not shown: Wagtail sends users it turns away to the dashboard or elsewhere); a POST
    may redirect when it worked, so there only a redirect to the login or the dashboard is."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in REFUSED_STATUS:
        return "refused"
    if status in (301, 302, 303, 307):
        path = urlsplit(response.get("Location", "")).path
        if method == "GET" or "login" in path or path in ("/admin/", "/django-admin/"):
            return "refused"
    return "allowed"


def _fingerprint(obj) -> tuple:
    """What a change to ``obj`` would alter: its fields, and the audit log's length (every
    change is recorded through ``audit_record``)."""
    from gongkai.audit.models import AuditEntry

    fields = ()
    if obj is not None and obj.pk is not None:
        fresh = type(obj)._default_manager.filter(pk=obj.pk).values().first()
        fields = tuple(sorted((fresh or {}).items(), key=lambda kv: kv[0]))
    return fields, AuditEntry.objects.count()


def _bulk_urls(world) -> list[tuple[str, object]]:
    """Every registered bulk action, with 财政局's object of its model (where the world has one)."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry._scan_for_bulk_actions()
    others = {type(objs[1])._meta.label_lower: objs[1] for objs in world.targets.values()}
    others["wagtailcore.page"] = world.targets["page"][1]
    urls = []
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            obj = others.get(f"{app_label}.{model_name}")
            if obj is None:
                try:
                    obj = world.pair(f"model:{apps.get_model(app_label, model_name)._meta.label}")[
                        1
                    ]
                except (LookupError, AssertionError):
                    continue
            for action in actions:
                urls.append((f"/admin/bulk/{app_label}/{model_name}/{action}/?id={obj.pk}", obj))
    return urls


def check_route(world, route: Route, entry: table.Entry) -> tuple[list[str], int]:
    """Request the URL as every user, for the own and the other object; the problems found.

    GET: allowed or refused as the rule says, and nothing of 财政局 the user may not view in
    the answer. POST: only users the rule refuses are sent (an allowed POST needs real form
    data: the feature tests send it); each must be refused, or at least change nothing (a
    form that validates before it checks permission answers with its errors)."""
    problems, requests = [], 0
    if isinstance(entry.rule, table.Skip):
        return problems, 0
    if entry.target == "bulk":
        cases = [(url, obj, "other") for url, obj in _bulk_urls(world)]
        assert cases, "no bulk actions found"
    elif entry.target is None:
        cases = [(_url(route, entry, None), None, "-")]
    else:
        own, other = world.pair(entry.target)
        cases = [(_url(route, entry, own), own, "own"), (_url(route, entry, other), other, "other")]
    for url, obj, which in cases:
        for label, user in world.users:
            expected = entry.rule.allows(user, obj)
            client = world.clients[label]
            if entry.method == "POST":
                if expected is not False:
                    continue
                before = _fingerprint(obj)
                response = client.post(url)
            else:
                response = client.get(url)
            requests += 1
            got = outcome(response, entry.method)
            where = f"{label} {entry.method} {url} ({which}) → {response.status_code}"
            if got == "error":
                problems.append(f"{where}: server error")
                continue
            if expected is False and got != "refused":
                if entry.method != "POST" or _fingerprint(obj) != before:
                    problems.append(f"{where}: must be refused ({entry.rule!r})")
            elif expected and entry.rule.checks_allow and got != "allowed":
                problems.append(f"{where}: must be allowed ({entry.rule!r})")
            text = _text(response)
            for marker in world.forbidden_markers(user):
                if marker in text:
                    problems.append(f"{where}: shows 财政局's “{marker}”")
    return problems, requests


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.route for r in ROUTES])
def test_url(world, route):
    entry = entry_for(route)
    assert entry is not None, f"{route.route} ({route.name}) has no entry"
    problems, _requests = check_route(world, route, entry)
    assert problems == [], "\n".join(problems)


def test_the_world_holds_every_target(world):
    """Each target kind of the table names two objects, of the two agencies where it can."""
    kinds = {e.target for e in table.ENTRIES if e.target and e.target != "bulk"}
    kinds |= {d.target for r in ROUTES if (d := derived_entry(r)) and d.target}
    for kind in sorted(kinds):
        own, other = world.pair(kind)
        assert own is not None and other is not None, kind
    assert len(world.users) == len({role for _u, _n, role, *_ in STAFF}) + 1
