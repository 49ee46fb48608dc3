"""``gongkai api create-client NAME --scopes ... [--agency SLUG] [--rate N]`` / ``list`` / ``revoke NAME``.

``create-client`` prints the token once (only its digest is stored). Exit status 1 with a
Chinese message on bad input (unknown scope, unknown agency, duplicate name).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.api import services
from gongkai.api.models import ApiClient, Scope


class Command(BaseCommand):
    help = "数据接口：创建、列出、吊销接口客户端（令牌只在创建时显示一次）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create-client", help="创建客户端并显示令牌")
        create.add_argument("name")
        create.add_argument(
            "--scopes",
            required=True,
            nargs="+",
            help=f"权限范围（空格或逗号分隔）：{', '.join(Scope.values)}",
        )
        create.add_argument("--agency", default="", help="限定机关的标识（slug），可选")
        create.add_argument("--rate", type=int, default=None, help="每分钟请求上限")
        create.add_argument("--note", default="")
        create.add_argument("--json", action="store_true", help="以 JSON 输出")
        listing = sub.add_parser("list", help="列出客户端")
        listing.add_argument("--json", action="store_true")
        revoke = sub.add_parser("revoke", help="吊销客户端的令牌")
        revoke.add_argument("name")

    def handle(self, *args, verb, **options):
        if verb == "create-client":
            return self._create(options)
        if verb == "list":
            return self._list(options)
        client = ApiClient.objects.filter(name=options["name"]).first()
        if client is None:
            raise CommandError(f"没有名为“{options['name']}”的接口客户端")
        services.api_client_revoke(client=client)
        self.stdout.write(f"已吊销：{client.name}")

    def _create(self, options):
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"没有标识为 {options['agency']} 的机关")
        if options["rate"] is not None and options["rate"] < 1:
            raise CommandError("--rate 应为正整数")
        try:
            created = services.api_client_create(
                name=options["name"],
                scopes=options["scopes"],
                agency=agency,
                rate_limit=options["rate"],
                note=options["note"],
            )
        except services.ClientError as error:
            raise CommandError(error.message) from None
        client = created.client
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "name": client.name,
                        "token": created.token,
                        "scopes": client.scopes,
                        "agency": agency.slug if agency else None,
                        "rate_limit": client.rate_limit,
                    },
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(f"已创建接口客户端：{client.name}")
        self.stdout.write(f"权限范围：{' '.join(client.scopes)}")
        self.stdout.write(f"限定机关：{agency.name if agency else '（不限）'}")
        self.stdout.write(f"每分钟请求上限：{client.rate_limit}")
        self.stdout.write("令牌（只显示这一次，请妥善保存）：")
        self.stdout.write(created.token)

    def _list(self, options):
        rows = [
            {
                "name": c.name,
                "scopes": c.scopes,
                "agency": c.agency.slug if c.agency_id else None,
                "active": c.active,
                "token_prefix": c.token_prefix,
                "rate_limit": c.rate_limit,
                "created_at": c.created_at.isoformat(),
                "last_used_at": c.last_used_at.isoformat() if c.last_used_at else None,
            }
            for c in ApiClient.objects.select_related("agency")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            state = "有效" if r["active"] else "已吊销"
            self.stdout.write(
                f"{r['name']}\t{state}\t{' '.join(r['scopes'])}\t{r['agency'] or '-'}\tgk_{r['token_prefix']}_…"
            )
