"""Factories for monitoring: indicators, periods, targets and actions."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from monitoring.choices import ActionKind, Measure, Source
from monitoring.models import Action, Indicator, Period, Target
from tests.factories import region


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"W{n + 100}")
    name_pl = factory.Sequence(lambda n: f"Uczestnicy działań {n}")
    name_en = factory.Sequence(lambda n: f"Participants {n}")
    measure = Measure.COUNT
    source = Source.ENTERED
    position = factory.Sequence(lambda n: n)


class ComputedIndicatorFactory(IndicatorFactory):
    source = Source.COMPUTED
    metric = "events_hosted"


def _this_quarter_start() -> date:
    today = timezone.localdate()
    return date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


class PeriodFactory(DjangoModelFactory):
    """The current quarter, due in 30 days from its end."""

    class Meta:
        model = Period

    name = factory.Sequence(lambda n: f"Okres {n}")
    start = factory.LazyFunction(_this_quarter_start)
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=89))
    due_date = factory.LazyAttribute(lambda o: o.end + timedelta(days=30))


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.LazyFunction(lambda: region("lodzkie"))
    target_value = 100


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    lead_region = factory.LazyFunction(lambda: region("lodzkie"))
    kind = ActionKind.FESTIVAL
    title = factory.Sequence(lambda n: f"Festiwal zawodów nr {n}")
    description = "Promocja kształcenia zawodowego."
    planned_start = date(2026, 3, 1)
    is_public = True
