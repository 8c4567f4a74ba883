"""Recompute every skill fit (ladder.models.SkillFit) from the people's and the paths' skills.

Signals keep the fits current for every saved or deleted skill row; run this after writing
skills in bulk around the ORM (raw SQL, `bulk_create`, a restored backup).
"""

from django.core.management.base import BaseCommand

from ladder.fit import rebuild
from ladder.models import SkillFit


class Command(BaseCommand):
    help = "Recompute which people have every skill each promotion path requires."

    def handle(self, *args, **options) -> None:
        rebuild()
        self.stdout.write(f"{SkillFit.objects.count()} skill fits.")
