"""Demo agencies: 满洲里市人民政府, its departments, 满洲里市统计局's units (from the seed report), staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from gongkai.agencies.models import Agency, LeadershipGroupMember, Membership, Role, Unit

CITY = {
    "slug": "mzl",
    "name": "满洲里市人民政府",
    "short_name": "满洲里市政府",
    "kind": Agency.Kind.GOVERNMENT,
    "code": "11152100011625051A",
    "address": "内蒙古自治区满洲里市四道街市政府大楼",
    "postcode": "021400",
    "office_hours": "工作日 8:30-12:00，14:30-17:30",
    "phone": "0470-6222000",
    "email": "zwgk@manzhouli.gov.cn",
    "website": "http://www.manzhouli.gov.cn",
}

DEPARTMENTS = [
    {
        "slug": "mzl-spj",
        "name": "满洲里市行政审批局",
        "short_name": "审批局",
        "code": "11152100MB1A23456X",
        "address": "满洲里市政务服务中心",
        "phone": "0470-6222345",
        "units": [("政务公开办公室", Unit.Kind.OFFICE), ("综合科", Unit.Kind.SECTION)],
        "office": "政务公开办公室",
    },
    {
        "slug": "mzl-tjj",
        "name": "满洲里市统计局",
        "short_name": "统计局",
        "code": "11152100011625123K",
        "address": "满洲里市五道街市政府综合楼5楼",
        "postcode": "021400",
        "office_hours": "工作日 8:30-12:00，14:30-17:30（节假日除外）",
        "phone": "0470-6222586",
        "fax": "0470-6222586",
        "email": "mzltjj@163.com",
        "website": "http://www.manzhouli.gov.cn/tjj",
        "units": [
            ("综合法规科", Unit.Kind.SECTION),
            ("国民经济核算科", Unit.Kind.SECTION),
            ("工业交通能源科", Unit.Kind.SECTION),
            ("贸易外经科", Unit.Kind.SECTION),
            ("人口和社会科技科", Unit.Kind.SECTION),
            ("统计执法监督队", Unit.Kind.TEAM),
            ("城市社会经济调查队", Unit.Kind.TEAM),
            ("普查中心", Unit.Kind.CENTRE),
        ],
        "office": "综合法规科",
        "leadership": [
            (LeadershipGroupMember.Position.LEADER, "卓建明", "局长"),
            (LeadershipGroupMember.Position.DEPUTY, "高玉臣", "副局长"),
        ],
    },
    {
        "slug": "mzl-czj",
        "name": "满洲里市财政局",
        "short_name": "财政局",
        "code": "11152100011625088P",
        "address": "满洲里市三道街财政大厦",
        "phone": "0470-6222188",
        "units": [
            ("办公室", Unit.Kind.OFFICE),
            ("预算科", Unit.Kind.SECTION),
            ("政府采购科", Unit.Kind.SECTION),
        ],
        "office": "办公室",
    },
    {
        "slug": "mzl-jyj",
        "name": "满洲里市教育局",
        "short_name": "教育局",
        "code": "11152100011625096G",
        "address": "满洲里市二道街教育局",
        "phone": "0470-6222299",
        "units": [("办公室", Unit.Kind.OFFICE), ("基础教育科", Unit.Kind.SECTION)],
        "office": "办公室",
    },
    {
        "slug": "mzl-sthjj",
        "name": "呼伦贝尔市生态环境局满洲里分局",
        "short_name": "生态环境分局",
        "code": "11152100MB0P45678L",
        "address": "满洲里市北区环保大楼",
        "phone": "0470-6222411",
        "units": [("办公室", Unit.Kind.OFFICE), ("环境监察大队", Unit.Kind.TEAM)],
        "office": "办公室",
    },
]

# (username, full name, role, agency slug, unit name or None)
STAFF = [
    ("admin", "系统管理员", Role.SYSTEM_ADMIN, "mzl", None),
    ("spj-supervisor", "王督查", Role.SUPERVISOR, "mzl", None),
    ("tjj-registrar", "李登记", Role.REGISTRAR, "mzl-tjj", None),
    ("tjj-handler", "张承办", Role.HANDLER, "mzl-tjj", "国民经济核算科"),
    ("tjj-unithead", "钱科长", Role.UNIT_HEAD, "mzl-tjj", "国民经济核算科"),
    ("tjj-office", "赵综合", Role.HANDLER, "mzl-tjj", "综合法规科"),
    ("tjj-office-head", "郑科长", Role.UNIT_HEAD, "mzl-tjj", "综合法规科"),
    ("tjj-reviewer", "刘审核", Role.REVIEWER, "mzl-tjj", None),
    ("tjj-secrecy", "陈保密", Role.CONFIDENTIALITY_REVIEWER, "mzl-tjj", None),
    ("tjj-signer", "卓建明", Role.SIGNER, "mzl-tjj", None),
    ("tjj-admin", "孙管理", Role.AGENCY_ADMIN, "mzl-tjj", None),
    ("czj-registrar", "周登记", Role.REGISTRAR, "mzl-czj", None),
    ("czj-handler", "吴承办", Role.HANDLER, "mzl-czj", "预算科"),
    ("czj-unithead", "冯科长", Role.UNIT_HEAD, "mzl-czj", "预算科"),
]

STAFF_GROUP = "工作人员"


def _agency(parent, data: dict) -> Agency:
    existing = Agency.objects.filter(slug=data["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in data.items() if k not in {"units", "office", "leadership"}}
    if parent is None:
        return Agency.add_root(**fields)
    return parent.add_child(**fields)


def load(ctx) -> None:
    city = _agency(None, CITY)
    ctx.agencies[city.slug] = city
    for data in DEPARTMENTS:
        city.refresh_from_db()
        agency = _agency(city, data)
        ctx.agencies[agency.slug] = agency
        for order, (name, kind) in enumerate(data["units"]):
            unit, _ = Unit.objects.get_or_create(
                agency=agency, name=name, defaults={"kind": kind, "order": order}
            )
            ctx.units[(agency.slug, name)] = unit
        if agency.disclosure_office_id is None:
            agency.disclosure_office = ctx.units[(agency.slug, data["office"])]
            agency.save(update_fields=["disclosure_office"])
        for order, (position, name, title) in enumerate(data.get("leadership", [])):
            LeadershipGroupMember.objects.get_or_create(
                agency=agency,
                name=name,
                defaults={"position": position, "title": title, "order": order},
            )
        if (
            data["slug"] == "mzl-tjj"
            and not agency.leadership.filter(
                position=LeadershipGroupMember.Position.MEMBER
            ).exists()
        ):
            LeadershipGroupMember.objects.create(
                agency=agency,
                position=LeadershipGroupMember.Position.MEMBER,
                name="各科、队、中心负责人",
                order=10,
            )
    # Siblings are kept in name order (node_order_by), so adding one may move the tree
    # paths of those added before it: hand the later loaders fresh objects.
    for slug in ctx.agencies:
        ctx.agencies[slug].refresh_from_db()
    city = ctx.agencies[city.slug]
    if city.supervising_office_id is None:
        city.supervising_office = ctx.agencies["mzl-spj"]
        city.save(update_fields=["supervising_office"])

    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*access)

    User = get_user_model()
    from gongkai.demo import DEMO_PASSWORD

    password_hash = None  # hashing is deliberately slow: hash the shared password once

    for username, full_name, role, slug, unit_name in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=full_name,
                email=f"{username}@example.gov.cn",
                is_staff=role == Role.SYSTEM_ADMIN,
                is_superuser=role == Role.SYSTEM_ADMIN,
            )
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save()
        user.groups.add(group)
        agency = ctx.agencies[slug]
        unit = ctx.units[(slug, unit_name)] if unit_name else None
        Membership.objects.get_or_create(user=user, agency=agency, role=role, unit=unit)
        ctx.users[username] = user
        where = f"{agency.name}·{unit.name}" if unit else agency.name
        ctx.logins.append((username, Role(role).label, where))
