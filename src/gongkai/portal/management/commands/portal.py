"""``gongkai portal publish OUT_DIR``: render the public portal to static files.

Writes every live public page to ``OUT_DIR/<url>/index.html``, ``OUT_DIR/sitemap.xml``,
the report pages under ``/reports/`` (followed from links) and the static assets into
``OUT_DIR/static``; page files of pages that are no longer public are removed.
``gongkai portal cache clear`` invalidates every cached anonymous page.
Exit codes: 0 done, 1 some page failed to render, 2 bad arguments.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.portal import cache, publish


class Command(BaseCommand):
    help = "门户：publish 输出目录（静态发布公开页面）；cache clear（清除匿名页面缓存）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        pub = sub.add_parser("publish", help="把全部公开页面、网站地图和静态文件写入输出目录")
        pub.add_argument("out_dir")
        pub.add_argument("--no-static", action="store_true", help="不复制静态文件")
        pub.add_argument("--keep-stale", action="store_true", help="不删除已下线页面的文件")
        pub.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        cache_parser = sub.add_parser("cache", help="匿名页面缓存")
        cache_parser.add_argument("what", choices=["clear"])

    def handle(self, *args, **options):
        if options["action"] == "cache":
            cache.bump()
            self.stdout.write("已清除匿名页面缓存")
            return
        out = Path(options["out_dir"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"输出路径不是目录：{out}", returncode=2)
        result = publish.publish_site(
            out, static=not options["no_static"], prune=not options["keep_stale"]
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "out_dir": str(out),
                        "pages": len(result["written"]) + len(result["unchanged"]),
                        "written": len(result["written"]),
                        "failed": result["failed"],
                        "removed": result.get("removed", []),
                        "static_files": result.get("static_files", 0),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            pages = len(result["written"]) + len(result["unchanged"])
            self.stdout.write(
                f"已发布 {pages} 个页面到 {out}（更新 {len(result['written'])} 个，"
                f"删除 {len(result.get('removed', []))} 个，静态文件 {result.get('static_files', 0)} 个）"
            )
            for path in result["failed"]:
                self.stderr.write(f"未能生成：{path}")
        if result["failed"]:
            raise CommandError("部分页面未能生成", returncode=1)
