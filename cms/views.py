from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cms import permissions, selectors, services
from cms.feeds import PracticeFeed
from cms.forms import AskAuthorForm, PracticeSubmissionForm
from cms.listing import practice_listing
from cms.models import GoodPracticePage, PracticeIndexPage, RegionSectionPage


def _index_page() -> PracticeIndexPage:
    index_page = PracticeIndexPage.objects.live().first()
    if index_page is None:
        raise Http404
    return index_page


def _section(region_slug: str) -> RegionSectionPage:
    section = (
        RegionSectionPage.objects.live().select_related("region").filter(region__slug=region_slug)
    ).first()
    if section is None:
        raise Http404
    return section


# The listing and the feeds are plain views at fixed addresses: going through Wagtail's page
# routing would cost several queries per request for pages whose place never changes.
def index(request):
    return practice_listing(request, index_page=_index_page())


def section(request, region_slug):
    return practice_listing(request, index_page=_index_page(), section=_section(region_slug))


def feed(request):
    return PracticeFeed(index_page=_index_page())(request)


def section_feed(request, region_slug):
    return PracticeFeed(index_page=_index_page(), region=_section(region_slug).region)(request)


# --- Members' own practices: submit, follow, change, ask ------------------------------------


def _submission_page(request, form, *, practice=None, preview=None):
    return render(
        request,
        "cms/practice_submit.html",
        {"form": form, "practice": practice, "preview": preview},
    )


def _preview(form, author) -> dict:
    """What the practice will look like, from what the member typed (nothing saved)."""
    practice = GoodPracticePage(region=author.region, **form.practice_fields())
    return {
        "practice": practice,
        "audiences": form.cleaned_data["audiences"],
        "tags": form.cleaned_data["tags"],
        "paragraphs": [
            part.strip() for part in form.cleaned_data["description"].split("\n\n") if part.strip()
        ],
    }


def _submit(request, *, practice=None):
    initial = PracticeSubmissionForm.initial_from(practice) if practice else None
    if practice is None and request.method == "GET":
        initial = {
            "contact_name": request.user.get_full_name(),
            "contact_email": request.user.email,
        }
    form = PracticeSubmissionForm(request.POST or None, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return _submission_page(request, form, practice=practice)
    if "preview" in request.POST:
        return _submission_page(
            request, form, practice=practice, preview=_preview(form, request.user)
        )
    try:
        submitted = services.practice_submit(
            author=request.user,
            fields=form.practice_fields(),
            audiences=form.cleaned_data["audiences"],
            tags=form.cleaned_data["tags"],
            description=form.cleaned_data["description"],
            practice=practice,
        )
    except ValidationError as error:
        error_dict = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
        for name, errors in error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return _submission_page(request, form, practice=practice)
    messages.success(
        request,
        _("“%(title)s” has been sent for approval to your region's coordinator.")
        % {"title": submitted.title},
    )
    return redirect("cms:my_practices")


@login_required
def practice_submit(request):
    if not permissions.can_submit_practice(request.user):
        raise Http404
    return _submit(request)


@login_required
def practice_change(request, pk):
    practice = permissions.access_own_practice(request.user, pk)
    if not permissions.can_change_own_practice(practice):
        messages.info(
            request, _("The practice is being reviewed: it can be changed once it is sent back.")
        )
        return redirect("cms:my_practices")
    # The latest version, as the reviewers saw it.
    return _submit(request, practice=practice.get_latest_revision_as_object())


@login_required
def my_practices(request):
    if not permissions.can_submit_practice(request.user):
        raise Http404
    return render(request, "cms/my_practices.html", {"rows": selectors.own_practices(request.user)})


@login_required
def ask_author(request, pk):
    practice = GoodPracticePage.objects.live().filter(pk=pk).first()
    if practice is None or not permissions.can_ask_author(request.user, practice):
        raise Http404
    form = AskAuthorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_ask_author(
                sender=request.user, practice=practice, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your question has been sent to %(name)s. The answer will come to your e-mail.")
                % {"name": practice.contact_name or _("the contact person")},
            )
            return redirect(practice.url)
    return render(request, "cms/ask_author.html", {"form": form, "page": practice})
