import datetime

import factory
from django.utils import timezone

from reviews.enums import PanelRole
from reviews.models import Criterion, Panel, PanelMember, Review
from tests.factories import StageFactory


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    stage = factory.SubFactory(StageFactory)
    name_ko = factory.Sequence(lambda n: f"서면평가위원회{n}")
    name_en = factory.Sequence(lambda n: f"Document panel {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    panel = factory.SubFactory(PanelFactory)
    order = factory.Sequence(lambda n: n + 1)
    name_ko = factory.Sequence(lambda n: f"평가항목{n}")
    weight = 50


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    role = PanelRole.MEMBER
    pledge_signed_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review


def rubric(panel, weights=(60, 40), knockout=False):
    criteria = [
        CriterionFactory(panel=panel, order=i, weight=w) for i, w in enumerate(weights, start=1)
    ]
    if knockout:
        criteria.append(
            CriterionFactory(
                panel=panel, order=len(weights) + 1, weight=0, is_knockout=True, name_ko="독자성"
            )
        )
    return criteria
