from modeltranslation.translator import TranslationOptions, register

from .models import CareerTrack, Criterion


@register(CareerTrack)
class CareerTrackTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("label",)
