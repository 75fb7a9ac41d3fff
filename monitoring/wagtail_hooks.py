"""National staff keep the indicator catalogue, the targets and the reporting periods in the
Wagtail admin. (Locking and reopening a period is on the reports page, where it is logged.)"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from monitoring.models import Indicator, Period, Target


class IndicatorViewSet(ModelViewSet):
    name = "monitoring_indicators"
    model = Indicator
    icon = "list-ul"
    menu_label = _("Indicators")
    list_display = ["code", "name_pl", "measure", "aggregation", "level", "source", "is_active"]
    list_filter = ["source", "level", "measure", "is_active"]
    search_fields = ["code", "name_pl", "name_en"]
    form_fields = [
        "code",
        "name_pl",
        "name_en",
        "definition_pl",
        "definition_en",
        "unit_pl",
        "unit_en",
        "measure",
        "aggregation",
        "level",
        "source",
        "metric",
        "event_kind",
        "position",
        "is_active",
    ]
    copy_view_enabled = False


class TargetViewSet(ModelViewSet):
    name = "monitoring_targets"
    model = Target
    icon = "pick"
    menu_label = _("Targets")
    list_display = ["indicator", "region", "baseline_value", "target_value", "target_date"]
    list_filter = ["indicator", "region"]
    form_fields = [
        "indicator",
        "region",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
    ]
    copy_view_enabled = False


class PeriodViewSet(ModelViewSet):
    name = "monitoring_periods"
    model = Period
    icon = "date"
    menu_label = _("Reporting periods")
    list_display = ["name", "start", "end", "due_date", "locked_at"]
    form_fields = ["name", "start", "end", "due_date"]
    copy_view_enabled = False


class MonitoringViewSetGroup(ModelViewSetGroup):
    menu_label = _("Monitoring")
    menu_icon = "table"
    items = (IndicatorViewSet, TargetViewSet, PeriodViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return MonitoringViewSetGroup()
