"""``gongkai search_index``: rebuild the bigram search index from the live items."""

from django.core.management.base import BaseCommand

from gongkai.catalogue.search import rebuild


class Command(BaseCommand):
    help = "重建全文检索索引（所有已发布的主动公开信息）"

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"已索引 {count} 条信息")
