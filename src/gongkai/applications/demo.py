"""Demo cases: 满洲里市统计局 (mzl-tjj) in 2025 and 2026 in every kind of state, a few for 财政局.

Built through the real services, each step run "on" its historical day
(``clock.acting_on``), so events, letters, due dates and report rows are what the
system itself would have produced. Idempotent: a case is identified by its
agency and information title and only created when missing.

Nothing is dated 2020: the reproduction of 统计局's seed 2020 report needs every
2020 application count to be 0.
"""

import datetime

from gongkai.agencies.models import Agency
from gongkai.applications import services as sv
from gongkai.applications.clock import acting_on
from gongkai.applications.models import Application, Inquiry
from gongkai.rules import procedure
from gongkai.rules.identity import credit_code_check_char, resident_id_check_char

D = datetime.date

PERSON = {
    "applicant_type": "natural_person",
    "id_type": "resident_id",
    "address": "内蒙古自治区满洲里市",
    "provision_form": "electronic",
    "receipt_method": "online",
}


def _valid_id(number: str) -> str:
    """The 17 leading digits with their correct GB 11643 check character."""
    return number[:17] + resident_id_check_char(number[:17])


def _valid_code(code: str) -> str:
    return code[:17] + credit_code_check_char(code[:17])


def person(name: str, id_number: str, phone: str, title: str, **extra) -> dict:
    return {
        **PERSON,
        "applicant_name": name,
        "id_number": _valid_id(id_number),
        "phone": phone,
        "info_title": title,
        "description": extra.pop("description", "请提供全文"),
        **extra,
    }


def org(kind: str, name: str, code: str, contact: str, title: str, **extra) -> dict:
    return {
        "applicant_type": kind,
        "applicant_name": name,
        "credit_code": _valid_code(code),
        "contact_person": contact,
        "phone": "0470-6230000",
        "address": "满洲里市",
        "provision_form": "paper",
        "receipt_method": "post",
        "info_title": title,
        "description": extra.pop("description", "请提供复印件"),
        **extra,
    }


def _step(day: D, fn, **kwargs):
    with acting_on(day):
        return fn(**kwargs)


def _case(
    ctx,
    slug: str,
    data: dict,
    channel: str,
    submitted: D,
    received: D | None = None,
    registrar: str = "tjj-registrar",
):
    # Fresh from the database: the tree paths of ctx.agencies can be stale (siblings are
    # ordered by name, so adding one may renumber the others).
    agency = Agency.objects.get(slug=slug)
    existing = Application.objects.filter(agency=agency, info_title=data["info_title"]).first()
    if existing:
        return None
    actor = ctx.users[registrar] if channel != "online" else None
    with acting_on(received or submitted):
        reg = sv.application_register(
            agency=agency,
            data=data,
            channel=channel,
            submitted_on=submitted,
            received_on=received if channel == "mail" else None,
            actor=actor,
        )
    return reg.application


def _confirm(ctx, app, day, who="tjj-registrar"):
    return _step(day, sv.application_confirm_receipt, application=app, actor=ctx.users[who], on=day)


def _route(ctx, app, day, unit, registrar="tjj-registrar", handler="tjj-handler", slug="mzl-tjj"):
    app = _step(day, sv.application_accept, application=app, actor=ctx.users[registrar])
    app = _step(
        day,
        sv.application_route,
        application=app,
        actor=ctx.users[registrar],
        unit=ctx.units[(slug, unit)],
    )
    return _step(day, sv.application_claim, application=app, actor=ctx.users[handler])


def _answer(
    ctx,
    app,
    drafted: D,
    signed: D,
    delivered: D,
    outcome: str,
    handler="tjj-handler",
    reviewer="tjj-reviewer",
    signer="tjj-signer",
    registrar="tjj-registrar",
    secrecy="tjj-secrecy",
    close=True,
    **reply,
):
    app = _step(
        drafted,
        sv.application_draft_reply,
        application=app,
        actor=ctx.users[handler],
        outcome=outcome,
        **reply,
    )
    app = _step(
        drafted, sv.application_review, application=app, actor=ctx.users[reviewer], approve=True
    )
    if procedure.needs_secrecy_review(outcome):  # Art. 17: before information goes out
        app = _step(
            drafted,
            sv.application_secrecy_review,
            application=app,
            actor=ctx.users[secrecy],
            passed=True,
            basis="《中华人民共和国保守国家秘密法》及本局保密审查制度",
            checked=[key for key, _label in procedure.SECRECY_CHECKLIST],
        )
    app = _step(
        signed, sv.application_sign_off, application=app, actor=ctx.users[signer], on=signed
    )
    app = _step(
        delivered,
        sv.application_deliver,
        application=app,
        actor=ctx.users[registrar],
        method="online" if app.receipt_method == "online" else "post",
        tracking="" if app.receipt_method == "online" else "KA123456789CN",
        on=delivered,
    )
    if close:
        app = _step(delivered, sv.application_close, application=app, actor=ctx.users[registrar])
    return app


def load(ctx) -> None:
    if "mzl-tjj" not in ctx.agencies:
        return
    tjj_unit = "国民经济核算科"
    made = 0

    # --- 2025 --------------------------------------------------------------------------
    app = _case(
        ctx,
        "mzl-tjj",
        person(
            "刘建国",
            "15078119800115231X",
            "13904701234",
            "2024年满洲里市国民经济和社会发展统计公报",
        ),
        "in_person",
        D(2025, 3, 10),
    )
    if app:
        app = _route(ctx, app, D(2025, 3, 11), tjj_unit)
        _answer(ctx, app, D(2025, 3, 24), D(2025, 3, 26), D(2025, 3, 27), "result.open")
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person("陈晓梅", "150781198507220324", "13847012345", "2024年规模以上工业企业主要经济指标"),
        "online",
        D(2025, 5, 6),
    )
    if app:
        app = _confirm(ctx, app, D(2025, 5, 7))
        app = _route(ctx, app, D(2025, 5, 8), tjj_unit)
        _answer(
            ctx,
            app,
            D(2025, 5, 26),
            D(2025, 5, 28),
            D(2025, 5, 29),
            "result.partial",
            withheld=[
                {
                    "part": "单个企业的产值数据",
                    "reason": "属于统计调查对象的商业秘密（条例第十五条、统计法第三十九条）",
                }
            ],
        )
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person(
            "赵志刚",
            "150781197903110516",
            "13500000001",
            "某企业2024年统计执法检查记录",
            description="2024年对某贸易公司的统计执法检查",
        ),
        "mail",
        D(2025, 6, 2),
        D(2025, 6, 4),
    )
    if app:
        app = _route(ctx, app, D(2025, 6, 5), tjj_unit)
        app = _step(
            D(2025, 6, 9),
            sv.application_open_consultation,
            application=app,
            actor=ctx.users["tjj-handler"],
            party="满洲里某贸易有限公司",
            on=D(2025, 6, 9),
        )
        app = _step(
            D(2025, 6, 27),
            sv.application_close_consultation,
            application=app,
            actor=ctx.users["tjj-handler"],
            opinion="不同意公开",
            on=D(2025, 6, 27),
        )
        _answer(
            ctx,
            app,
            D(2025, 7, 7),
            D(2025, 7, 8),
            D(2025, 7, 9),
            "result.refuse.4",
            ground_detail="第三方书面表示不同意公开，且不公开不会对公共利益造成重大影响。",
        )
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person("孙立", "150781199212120021", "13600000002", "统计数据", description="要一些数据"),
        "in_person",
        D(2025, 8, 12),
    )
    if app:
        app = _step(
            D(2025, 8, 14),
            sv.application_request_correction,
            application=app,
            actor=ctx.users["tjj-registrar"],
            matters="请写明所需统计数据的名称、年度和范围",
            deadline=D(2025, 8, 29),
            on=D(2025, 8, 14),
        )
        _step(
            D(2025, 9, 1),
            sv.application_lapse_correction,
            application=app,
            actor=ctx.users["tjj-registrar"],
            on=D(2025, 9, 1),
        )
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        org(
            "commercial",
            "满洲里市口岸物流有限公司",
            "91330100799655058B",
            "周经理",
            "2025年上半年口岸货运量统计",
        ),
        "in_person",
        D(2025, 9, 15),
    )
    if app:
        app = _route(ctx, app, D(2025, 9, 16), tjj_unit)
        _answer(ctx, app, D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 13), "result.unable.1")
        made += 1

    # Received late in 2025, answered in 2026: carried over.
    app = _case(
        ctx,
        "mzl-tjj",
        person("高峰", "150781198811080918", "13700000003", "满洲里市第七次人口普查主要数据公报"),
        "online",
        D(2025, 12, 22),
    )
    if app:
        app = _confirm(ctx, app, D(2025, 12, 23))
        app = _route(ctx, app, D(2025, 12, 24), tjj_unit)
        _answer(
            ctx,
            app,
            D(2026, 1, 12),
            D(2026, 1, 14),
            D(2026, 1, 15),
            "result.open.already",
            text="本机关门户网站“统计数据—普查数据”栏目",
        )
        made += 1

    # --- 2026 --------------------------------------------------------------------------
    # Through correction, consultation, extension and a partial-disclosure reply.
    app = _case(
        ctx,
        "mzl-tjj",
        person(
            "王小明", "11010519491231002X", "13812345678", "2025年城镇居民人均可支配收入调查资料"
        ),
        "in_person",
        D(2026, 3, 2),
    )
    if app:
        app = _step(
            D(2026, 3, 4),
            sv.application_request_correction,
            application=app,
            actor=ctx.users["tjj-registrar"],
            matters="请说明所需调查资料的具体范围（全市或分区）",
            deadline=D(2026, 3, 20),
            on=D(2026, 3, 4),
        )
        app = _step(
            D(2026, 3, 6),
            sv.application_record_correction,
            application=app,
            actor=ctx.users["tjj-registrar"],
            on=D(2026, 3, 6),
            content="全市汇总数据",
        )
        app = _route(ctx, app, D(2026, 3, 6), tjj_unit)
        app = _step(
            D(2026, 3, 9),
            sv.application_open_consultation,
            application=app,
            actor=ctx.users["tjj-handler"],
            party="国家统计局满洲里调查队",
            party_kind="agency",
            on=D(2026, 3, 9),
        )
        app = _step(
            D(2026, 3, 20),
            sv.application_close_consultation,
            application=app,
            actor=ctx.users["tjj-handler"],
            opinion="同意公开汇总数据",
            on=D(2026, 3, 20),
        )
        app = _step(
            D(2026, 3, 23),
            sv.application_request_extension,
            application=app,
            actor=ctx.users["tjj-handler"],
            reason="需调取并汇总多个年度资料",
            workdays=10,
        )
        app = _step(
            D(2026, 3, 23),
            sv.application_decide_extension,
            application=app,
            # Art. 33: the head of the disclosure office (综合法规科) approves
            actor=ctx.users["tjj-office-head"],
            on=D(2026, 3, 23),
        )
        _answer(
            ctx,
            app,
            D(2026, 4, 20),
            D(2026, 4, 21),
            D(2026, 4, 22),
            "result.partial",
            withheld=[{"part": "调查户样本名单", "reason": "属于个人隐私（条例第十五条）"}],
        )
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person("李红", "150781199001010010", "13900000004", "2025年满洲里市居民消费价格指数"),
        "in_person",
        D(2026, 6, 8),
    )
    if app:
        app = _route(ctx, app, D(2026, 6, 9), tjj_unit)
        _answer(ctx, app, D(2026, 6, 25), D(2026, 6, 26), D(2026, 6, 29), "result.open")
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person(
            "马丽", "150781198302140027", "13900000005", "2026年第二季度地区生产总值初步核算结果"
        ),
        "fax",
        D(2026, 9, 1),
    )
    if app:
        app = _confirm(ctx, app, D(2026, 9, 2))
        _step(
            D(2026, 9, 4),
            sv.application_withdraw,
            application=app,
            actor=ctx.users["tjj-registrar"],
            reason="申请人电话告知已在网站查到",
            on=D(2026, 9, 4),
        )
        made += 1

    # Open cases for the worklist (risk marks relative to late November 2026).
    app = _case(
        ctx,
        "mzl-tjj",
        person("郑军", "150781197505050039", "13900000006", "2026年1-9月固定资产投资统计资料"),
        "mail",
        D(2026, 10, 9),
        D(2026, 10, 12),
    )
    if app:
        _route(ctx, app, D(2026, 10, 13), tjj_unit)  # due 2026-11-09: overdue
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person("吴敏", "150781199508080046", "13900000007", "2026年10月主要经济指标月报"),
        "in_person",
        D(2026, 11, 2),
    )
    if app:
        _route(ctx, app, D(2026, 11, 3), tjj_unit)
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        org(
            "research",
            "内蒙古某经济研究院",
            "121521000116250510",
            "许研究员",
            "满洲里市外贸企业名录及进出口额",
        ),
        "in_person",
        D(2026, 11, 16),
    )
    if app:
        app = _route(ctx, app, D(2026, 11, 17), tjj_unit)
        _step(
            D(2026, 11, 18),
            sv.application_open_consultation,
            application=app,
            actor=ctx.users["tjj-handler"],
            party="满洲里市商务局",
            party_kind="agency",
            on=D(2026, 11, 18),
        )
        made += 1

    app = _case(
        ctx,
        "mzl-tjj",
        person("冯涛", "150781200010100053", "13900000008", "2026年满洲里市统计年鉴"),
        "online",
        D(2026, 11, 20),
    )
    if app:
        made += 1  # awaiting confirmation: no clock yet

    # --- 满洲里市财政局 --------------------------------------------------------------------------
    if "mzl-czj" in ctx.agencies:
        app = _case(
            ctx,
            "mzl-czj",
            person(
                "何平", "150781198109090061", "13900000009", "2025年满洲里市一般公共预算执行情况"
            ),
            "in_person",
            D(2026, 2, 2),
            registrar="czj-registrar",
        )
        if app:
            app = _route(
                ctx,
                app,
                D(2026, 2, 3),
                "预算科",
                registrar="czj-registrar",
                handler="czj-handler",
                slug="mzl-czj",
            )
            _answer(
                ctx,
                app,
                D(2026, 2, 26),
                D(2026, 2, 27),
                D(2026, 3, 2),
                "result.open",
                handler="czj-handler",
                reviewer="admin",
                signer="admin",
                secrecy="admin",
                registrar="czj-registrar",
            )
            made += 1
        app = _case(
            ctx,
            "mzl-czj",
            person("韩雪", "150781199306060078", "13900000010", "2026年政府采购项目合同"),
            "in_person",
            D(2026, 11, 19),
            registrar="czj-registrar",
        )
        if app:
            _route(
                ctx,
                app,
                D(2026, 11, 19),
                "预算科",
                registrar="czj-registrar",
                handler="czj-handler",
                slug="mzl-czj",
            )
            made += 1

    # The steps above ran on their own days; the calendar may have changed since the demo
    # was first loaded (a schedule imported): the stored dates follow it.
    sv.recompute_open_cases(reason="载入演示数据", notify=False)

    tjj = Agency.objects.get(slug="mzl-tjj")
    inquiries = [
        (
            D(2026, 3, 5),
            Inquiry.Channel.MAYOR_MAILBOX,
            "2025年统计公报什么时候发布？",
            "已于3月底在门户网站发布。",
        ),
        (
            D(2026, 5, 12),
            Inquiry.Channel.PHONE,
            "如何申请查阅人口普查资料？",
            "可通过依申请公开栏目在线申请。",
        ),
        (D(2026, 11, 20), Inquiry.Channel.ONLINE, "统计年鉴是否可以购买纸质版？", ""),
    ]
    for day, channel, question, answer in inquiries:
        if Inquiry.objects.filter(agency=tjj, question=question).exists():
            continue
        Inquiry.objects.create(
            agency=tjj,
            channel=channel,
            question=question,
            received_on=day,
            unit=ctx.units[("mzl-tjj", "综合法规科")],
            status=Inquiry.Status.ANSWERED if answer else Inquiry.Status.ROUTED,
            answer=answer,
            answered_on=day + datetime.timedelta(days=1) if answer else None,
        )
    if made:
        ctx.say(f"依申请公开：{made} 件演示申请")
