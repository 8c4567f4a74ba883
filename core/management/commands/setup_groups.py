from django.core.management.base import BaseCommand

from core.groups import ensure_groups


class Command(BaseCommand):
    help = "Create or update the Employee, Manager, HR and HR admin groups and their permissions."

    def handle(self, *args, **options):
        for name, group in ensure_groups().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
