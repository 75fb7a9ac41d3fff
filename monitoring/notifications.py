"""Tell people about a report: national staff of each submission; the region's coordinator and
recorders when it is returned or approved, and 7 days and 1 day before it is due. Live (a
``notification`` frame, kind ``report``) and by e-mail in their language, through
``network.notices.notify`` after the change commits."""

from collections.abc import Iterable
from enum import StrEnum

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from monitoring.models import Period, Recorder, Report, report_url
from network import notices
from network.choices import Role
from network.emails import absolute_url
from network.models import Region, User


class Change(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    DUE_IN_WEEK = "due_week"
    DUE_TOMORROW = "due_day"


def headline(change: str, region: Region, period: Period) -> notices.Sentence:
    names = {"region": region.name, "period": period.name}
    texts = {
        Change.SUBMITTED: _("The %(region)s region has submitted its report for %(period)s"),
        Change.RETURNED: _("Your region's report for %(period)s was returned for correction"),
        Change.APPROVED: _("Your region's report for %(period)s was approved"),
        Change.DUE_IN_WEEK: _("The report for %(period)s is due on %(due)s (in 7 days)"),
        Change.DUE_TOMORROW: _("The report for %(period)s is due tomorrow, %(due)s"),
    }
    due = formats.date_format(period.due_date, "DATE_FORMAT")
    return notices.sentence(texts[Change(change)], ("period",), **names, due=due)


def national_staff() -> list[User]:
    return list(User.objects.filter(role=Role.NATIONAL_MODERATOR, is_active=True))


def region_recorders(region_id: int) -> list[User]:
    """The region's coordinators and the members they allowed to report."""
    allowed = Recorder.objects.filter(region_id=region_id).values("user_id")
    return list(
        User.objects.filter(region_id=region_id, is_active=True).filter(
            Q(role=Role.COORDINATOR) | Q(pk__in=allowed)
        )
    )


def notify(*, change: Change, region: Region, period: Period, recipients: Iterable[User]) -> None:
    notices.notify(recipients, ReportNotice(change, region, period))


@notices.register
class ReportNotice(notices.Notice):
    """About a region's report for a period (which may not be started yet)."""

    name = "report"

    def __init__(self, change: str, region: Region, period: Period, report: Report | None = None):
        self.change = Change(change)
        self.region, self.period, self.report = region, period, report

    def params(self) -> dict:
        return {"change": self.change, "region": self.region.pk, "period": self.period.pk}

    @classmethod
    def restore(cls, params):
        region = Region.objects.filter(pk=params["region"]).first()
        period = Period.objects.filter(pk=params["period"]).first()
        if region is None or period is None:
            return None
        report = Report.objects.filter(region=region, period=period).first()
        return cls(params["change"], region, period, report)

    @property
    def url(self) -> str:
        return report_url(self.period.pk, self.region.slug)

    def frames(self, recipient: User) -> list[notices.Frame]:
        line = headline(self.change, self.region, self.period)
        return [
            notices.ReportNotification(
                change=self.change,
                report={
                    "region": self.region.slug,
                    "period": self.period.pk,
                    "state": self.report.state if self.report else "not_started",
                },
                url=self.url,
                text=line.text,
                parts=line.parts(),
            )
        ]

    def email(self, recipient: User) -> notices.Email:
        reasons = []
        if self.change == Change.RETURNED and self.report is not None:
            returned = self.report.values.select_related("indicator").exclude(return_reason="")
            reasons = [(value.indicator, value.return_reason) for value in returned]
        return notices.Email(
            template="monitoring/emails/report",
            context={
                "headline": headline(self.change, self.region, self.period).text,
                "reasons": reasons,
                "link": absolute_url(self.url),
            },
        )
