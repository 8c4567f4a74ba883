"""Effective-dated changes and scenarios (draft reorganisations) over the live org."""
