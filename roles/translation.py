"""Role content that is translated in the database (django-modeltranslation).

modeltranslation adds a column per language (title_en, title_de, title_pl) to the same table, so
reading a translated role costs no join and no extra query, which the chart and the API need; it is
maintained, supports Django 5.2 and fits the admin with tabbed language fields.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Responsibility, Role, Skill


@register(Role)
class RoleTranslation(TranslationOptions):
    fields = ("title", "summary", "education")


@register(Responsibility)
class ResponsibilityTranslation(TranslationOptions):
    fields = ("text",)


@register(Skill)
class SkillTranslation(TranslationOptions):
    fields = ("name", "description")
