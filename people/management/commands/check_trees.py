from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.integrity import repair_trees, tree_problems
from roles.integrity import Problem

SHOWN = 50  # a badly broken tree can have a problem per row; the first ones tell the story


class Command(BaseCommand):
    help = _(
        "Check every invariant of the role tree and the reporting lines; with --fix, rebuild "
        "what is derived from the parent keys. Exits with 1 when anything was wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help=_("Rebuild the role tree's bounds and the seat counts from the parent keys."),
        )

    def handle(self, *args, fix: bool = False, **options):
        problems = tree_problems()
        if not problems:
            self.stdout.write(self.style.SUCCESS(_("Both trees are sound.")))
            return
        self._list(
            ngettext("Found %(count)d problem:", "Found %(count)d problems:", len(problems))
            % {"count": len(problems)},
            problems,
        )
        if fix:
            for line in repair_trees():
                self.stdout.write(self.style.SUCCESS(_("Fixed: %(what)s") % {"what": line}))
            left = tree_problems()
            if left:
                self._list(
                    ngettext(
                        "%(count)d problem remains; it needs a person:",
                        "%(count)d problems remain; they need a person:",
                        len(left),
                    )
                    % {"count": len(left)},
                    left,
                )
            else:
                self.stdout.write(self.style.SUCCESS(_("Both trees are sound now.")))
        elif any(p.fixable for p in problems):
            self.stdout.write(_("Run with --fix to rebuild what is derived from the parent keys."))
        raise CommandError(_("The trees were not sound."), returncode=1)

    def _list(self, title: str, problems: list[Problem]) -> None:
        self.stdout.write(self.style.ERROR(title))
        for problem in problems[:SHOWN]:
            self.stdout.write(f"  [{problem.tree}] {problem.message}")
        if len(problems) > SHOWN:
            self.stdout.write(_("  … and %(count)d more.") % {"count": len(problems) - SHOWN})
