"""Pages of a WZK's documents. Permission first (404 for those who may not see), then a
service; what a service refuses comes back as a message or a field error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chat import views as chat_views
from chat.errors import NotFound
from chat.permissions import access_room
from chat.views import RoomPage
from cms.forms import DEFAULT_PAGE_SIZE, PAGE_SIZES
from cms.selectors import regions_for_facets
from network.views import _add_errors
from opinions import permissions, selectors, services, text
from opinions.choices import VoteChoice
from opinions.forms import (
    AssessmentForm,
    AttachmentForm,
    BallotForm,
    CommentForm,
    ConsultationForm,
    DocumentFilterForm,
    DocumentForm,
    FollowUpForm,
    InitiativeForm,
    ReviewOpenForm,
    RulesForm,
    VoteOpenForm,
)
from opinions.models import Attachment, ReviewItem, opinion_room_key

# --- The national listing --------------------------------------------------------------------


def document_list(request):
    """Adopted documents of every region, filtered by shareable GET parameters."""
    regions = regions_for_facets()
    form = DocumentFilterForm(request.GET or None, regions=regions)
    values, ignored = form.valid_filters() if request.GET else ({}, [])
    filters = selectors.DocumentFilters(
        region=values.get("region"),
        kind=values.get("kind"),
        year=values.get("year"),
        implementation=values.get("implementation"),
        q=values.get("q", ""),
        order=values.get("order") or selectors.Ordering.NEWEST,
    )
    page_size = values.get("per_page") or DEFAULT_PAGE_SIZE
    facets = selectors.document_facets(filters, regions=regions)
    paginator = Paginator(selectors.DocumentListing(filters, total=facets.total), page_size)
    results = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opinions/document_list.html",
        {
            "filters": filters,
            "facets": facets,
            "ignored_filters": ignored,
            "results": results,
            "query": query.urlencode(),
            "page_size": page_size,
            "page_sizes": PAGE_SIZES,
            "can_draft": permissions.can_draft(request.user),
        },
    )


@login_required
def team_documents(request):
    """Every document of the member's own WZK, drafts included."""
    if not permissions.can_draft(request.user):
        raise Http404
    return render(
        request,
        "opinions/team_documents.html",
        {
            "documents": selectors.team_documents(request.user.region_id),
            "region": request.user.region,
            "can_set_rules": permissions.can_set_rules(request.user, request.user.region_id),
        },
    )


# --- Drafting --------------------------------------------------------------------------------


def _document_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return {
        "text_source": data.pop("text"),
        **{
            name: data[name]
            for name in ("kind", "title", "subject", "strategy_document", "addressee")
        },
    }


@login_required
def document_create(request):
    if not permissions.can_draft(request.user):
        raise Http404
    form = DocumentForm(
        request.POST or None, actions=selectors.region_actions_choices(request.user.region_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, **_document_fields(form))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The draft has been saved as version 1."))
            return redirect(document)
    return render(
        request,
        "opinions/document_form.html",
        {"form": form, "document": None},
        status=400 if form.errors else 200,
    )


@login_required
def document_edit(request, pk):
    document = permissions.access_document_for_editing(request.user, pk)
    latest = document.versions.order_by("-number").first()
    initial = {
        "kind": document.kind,
        "title": document.title,
        "subject": document.subject,
        "strategy_document": document.strategy_document,
        "addressee": document.addressee,
        "text": latest.source,
        "actions": list(document.actions.all()),
    }
    form = DocumentForm(
        request.POST or None,
        initial=initial,
        actions=selectors.region_actions_choices(document.region_id),
    )
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            version = services.document_revise(
                actor=request.user, document=document, note=note, **_document_fields(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if version.number != latest.number:
                messages.success(
                    request,
                    _(
                        "Saved as version %(number)s; version %(previous)s is frozen "
                        "with its comments."
                    )
                    % {"number": version.number, "previous": latest.number},
                )
            else:
                messages.success(request, _("The document has been saved."))
            return redirect(document)
    return render(
        request,
        "opinions/document_form.html",
        {"form": form, "document": document, "latest": latest},
        status=400 if form.errors else 200,
    )


# --- One document ----------------------------------------------------------------------------


def _vote_context(request, document) -> dict:
    vote = selectors.current_vote(document)
    if vote is not None and not vote.is_recorded:
        # A vote past its closing time is counted by whoever looks first (or the loop service).
        vote = services.vote_close(vote=vote)
        document.refresh_from_db()
    if vote is None:
        return {"vote": None}
    return {
        "vote": vote,
        "own_ballot": selectors.own_ballot(request.user, vote),
        "ballots_cast": selectors.ballots_cast(vote),
        "open_ballots": selectors.open_ballots(vote)
        if permissions.can_see_ballots(request.user, vote)
        else None,
        "ballot_form": BallotForm(),
    }


def document_detail(request, pk):
    document = permissions.access_document(request.user, pk)
    context = _vote_context(request, document)
    shown = document.adopted_version if document.is_published else None
    shown = shown or document.versions.order_by("-number").first()
    paragraphs, general = selectors.paragraphs_with_comments(shown)
    member = permissions.is_wzk_member(request.user, document.region_id)
    consultation_open = document.consultation_is_open()
    context.update(
        {
            "document": document,
            "version": shown,
            "versions": selectors.versions(document) if member else [],
            "paragraphs": paragraphs,
            "general_comments": general,
            "show_comments": member,
            "can_comment": consultation_open
            and permissions.can_comment(request.user, document)
            and not shown.is_frozen,
            "comment_form": CommentForm(
                initial={"version": shown.number}, paragraph_count=len(paragraphs)
            ),
            "consultation_open": consultation_open,
            "can_edit": permissions.can_edit_document(request.user, document),
            "can_manage": permissions.can_manage_document(request.user, document),
            "can_vote": permissions.can_vote(request.user, document),
            "can_enter_room": permissions.can_enter_room(request.user, document),
            "attachments": selectors.attachments(document),
            "attachment_form": AttachmentForm()
            if permissions.can_add_attachment(request.user, document)
            else None,
            "notes": selectors.follow_up_notes(document) if document.is_published else [],
            "is_member": member,
            "actions": selectors.document_actions(document, request.user),
        }
    )
    return render(request, "opinions/document_detail.html", context)


def version_changes(request, pk, number):
    """A version against the one before it: paragraph by paragraph, word by word."""
    document = permissions.access_document(request.user, pk)
    if not permissions.is_wzk_member(request.user, document.region_id):
        raise Http404
    version = selectors.version(document, number)
    if version is None:
        raise Http404
    previous = selectors.version(document, number - 1) if number > 1 else None
    changes = text.compare(previous.source if previous else "", version.source)
    return render(
        request,
        "opinions/version_changes.html",
        {
            "document": document,
            "version": version,
            "previous": previous,
            "changes": changes,
            "changed": sum(1 for change in changes if change.kind != "equal"),
        },
    )


@login_required
@require_POST
def comment_add(request, pk):
    document = permissions.access_document(request.user, pk)
    if not permissions.can_comment(request.user, document):
        raise Http404
    latest = document.versions.order_by("-number").first()
    form = CommentForm(request.POST, paragraph_count=len(text.paragraphs(latest.source)))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(document)
    try:
        comment = services.comment_add(
            actor=request.user,
            document=document,
            version_number=form.cleaned_data["version"],
            paragraph=form.cleaned_data["paragraph"],
            body=form.cleaned_data["body"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(document)
    messages.success(request, _("Thank you: your comment has been added."))
    anchor = f"#akapit-{comment.paragraph}" if comment.paragraph else "#komentarze"
    return redirect(document.get_absolute_url() + anchor)


@login_required
def consultation_open(request, pk):
    document = permissions.access_document_for_management(request.user, pk)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(
                actor=request.user, document=document, closes_at=form.cleaned_data["closes_at"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The consultation is open. The WZK's members have been told.")
            )
            return redirect(document)
    return render(
        request,
        "opinions/action_form.html",
        {
            "document": document,
            "form": form,
            "heading": _("Open the consultation"),
            "button": _("Open the consultation"),
            "intro": _(
                "Members of the WZK will be told and can comment on the current version "
                "until the consultation closes."
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def vote_open(request, pk):
    document = permissions.access_document_for_management(request.user, pk)
    form = VoteOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_open(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The vote is open. Members with a vote have been told."))
            return redirect(document)
    rules = services.rules_for(document.region)
    return render(
        request,
        "opinions/action_form.html",
        {
            "document": document,
            "form": form,
            "heading": _("Put to the vote"),
            "button": _("Put to the vote"),
            "intro": _(
                "The current version will be frozen and the consultation will end. "
                "Quorum: %(percent)s%% of members with a vote."
            )
            % {"percent": rules.quorum_percent},
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def ballot_cast(request, pk):
    document = permissions.access_document(request.user, pk)
    if not permissions.can_vote(request.user, document):
        raise Http404
    form = BallotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose for, against or abstain."))
        return redirect(document.get_absolute_url() + "#glosowanie")
    try:
        ballot, changed = services.ballot_cast(
            actor=request.user, document=document, choice=form.cleaned_data["choice"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        label = VoteChoice(ballot.choice).label
        if changed:
            messages.success(
                request, _("Your vote has been changed to “%(choice)s”.") % {"choice": label}
            )
        else:
            messages.success(
                request, _("Your vote “%(choice)s” has been recorded.") % {"choice": label}
            )
    return redirect(document.get_absolute_url() + "#glosowanie")


@login_required
@require_POST
def vote_close(request, pk):
    document = permissions.access_document_for_management(request.user, pk)
    vote = selectors.current_vote(document)
    if vote is None:
        raise Http404
    try:
        vote = services.vote_close(vote=vote, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if vote.passed:
            document.refresh_from_db()
            messages.success(
                request,
                _("The vote is closed: the document has been adopted (%(resolution)s).")
                % {"resolution": document.resolution_label},
            )
        else:
            messages.warning(request, _("The vote is closed: the document has not been adopted."))
    return redirect(document.get_absolute_url() + "#glosowanie")


def resolution_pdf(request, pk):
    document = permissions.access_document(request.user, pk)
    if not document.is_published:
        raise Http404
    content = services.resolution_pdf(document=document)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.resolution_filename}"'
    return response


@login_required
def follow_up(request, pk):
    document = permissions.access_document_for_management(request.user, pk)
    if not document.is_published:
        raise Http404
    form = FollowUpForm(
        request.POST or None,
        initial={
            "addressee_response": document.addressee_response,
            "response_received_on": document.response_received_on,
            "implementation": document.implementation,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been saved."))
            return redirect(document.get_absolute_url() + "#realizacja")
    return render(
        request,
        "opinions/action_form.html",
        {
            "document": document,
            "form": form,
            "heading": _("What became of it"),
            "button": _("Save"),
            "intro": _(
                "Record the addressee's response and how the document is being implemented."
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def attachment_add(request, pk):
    document = permissions.access_document(request.user, pk)
    if not permissions.can_add_attachment(request.user, document):
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(document.get_absolute_url() + "#zalaczniki")
    try:
        services.attachment_add(
            actor=request.user,
            document=document,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The attachment has been added."))
    return redirect(document.get_absolute_url() + "#zalaczniki")


def attachment_download(request, pk, attachment_id):
    document = permissions.access_document(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, document=document)
    return FileResponse(attachment.file.open("rb"), as_attachment=True)


@login_required
def rules(request):
    region = request.user.region
    if region is None or not permissions.can_set_rules(request.user, region.pk):
        raise Http404
    current = services.rules_for(region)
    form = RulesForm(request.POST or None, initial={"quorum_percent": current.quorum_percent})
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_set(actor=request.user, region=region, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The quorum has been saved."))
            return redirect("opinions:team_documents")
    return render(
        request,
        "opinions/action_form.html",
        {
            "document": None,
            "form": form,
            "heading": _("Voting rules of the WZK"),
            "button": _("Save"),
            "intro": _("The quorum applies to votes opened from now on."),
        },
        status=400 if form.errors else 200,
    )


# --- The document's room ---------------------------------------------------------------------


def _room_page(request, pk) -> RoomPage:
    document = permissions.access_document(request.user, pk)
    try:
        chat_room = access_room(request.user, opinion_room_key(document.pk))
    except NotFound:
        raise Http404 from None
    return RoomPage(
        room=chat_room,
        title=document.title,
        breadcrumbs=[
            (_("Opinions and recommendations"), reverse("opinions:document_list")),
            (document.title, document.get_absolute_url()),
        ],
        url=reverse("opinions:room", args=[document.pk]),
        send_url=reverse("opinions:room_send", args=[document.pk]),
        read_url=reverse("opinions:room_read", args=[document.pk]),
        resolve_url=reverse("opinions:room_resolve", args=[document.pk]),
    )


room, room_send, room_read, room_resolve = chat_views.room_views(_room_page)


# --- Reviews of initiatives ------------------------------------------------------------------


@login_required
def review_list(request):
    if not (
        permissions.can_draft(request.user) or permissions.can_see_all_regions_work(request.user)
    ):
        raise Http404
    reviews = selectors.reviews_for(request.user)
    region = request.user.region
    return render(
        request,
        "opinions/review_list.html",
        {
            "reviews": reviews,
            "can_open": region is not None
            and permissions.can_manage_review(request.user, region.pk),
        },
    )


@login_required
def review_open(request):
    region = request.user.region
    if region is None or not permissions.can_manage_review(request.user, region.pk):
        raise Http404
    form = ReviewOpenForm(request.POST or None, periods=selectors.periods_to_review(region))
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_open(
                actor=request.user, region=region, period=form.cleaned_data["period"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The review is open: assess each initiative."))
            return redirect(review)
    return render(
        request,
        "opinions/action_form.html",
        {
            "document": None,
            "form": form,
            "heading": _("Open a review of initiatives"),
            "button": _("Open the review"),
            "intro": _(
                "The review lists your region's actions from the register (as lead or "
                "partner) running in the period; you can add other initiatives."
            ),
            "back_url": reverse("opinions:review_list"),
        },
        status=400 if form.errors else 200,
    )


def _review_page(request, review, *, forms_by_item=None, initiative_form=None, status=200):
    items = list(selectors.review_items(review))
    can_assess = permissions.can_assess(request.user, review) and not review.is_closed
    forms_by_item = forms_by_item or {}
    for item in items:
        item.form = forms_by_item.get(item.pk) or AssessmentForm(
            prefix=f"i{item.pk}",
            initial={"assessment": item.assessment, "justification": item.justification},
        )
    return render(
        request,
        "opinions/review_detail.html",
        {
            "review": review,
            "items": items,
            "missing": sum(1 for item in items if not item.assessment),
            "can_assess": can_assess,
            "can_manage": permissions.can_manage_review(request.user, review.region_id),
            "initiative_form": initiative_form or InitiativeForm(),
        },
        status=status,
    )


def review_detail(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    return _review_page(request, permissions.access_review(request.user, pk))


@login_required
@require_POST
def review_assess(request, pk, item_id):
    review = permissions.access_review(request.user, pk)
    if not permissions.can_assess(request.user, review):
        raise Http404
    item = get_object_or_404(ReviewItem, pk=item_id, review=review)
    form = AssessmentForm(request.POST, prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            services.review_assess(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The assessment of “%(title)s” has been saved.") % {"title": item.title}
            )
            return redirect(review.get_absolute_url() + f"#inicjatywa-{item.pk}")
    return _review_page(request, review, forms_by_item={item.pk: form}, status=400)


@login_required
@require_POST
def review_add_initiative(request, pk):
    review = permissions.access_review(request.user, pk)
    if not permissions.can_assess(request.user, review):
        raise Http404
    form = InitiativeForm(request.POST)
    if form.is_valid():
        try:
            item = services.review_add_initiative(
                actor=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The initiative has been added: assess it below."))
            return redirect(review.get_absolute_url() + f"#inicjatywa-{item.pk}")
    return _review_page(request, review, initiative_form=form, status=400)


@login_required
@require_POST
def review_close(request, pk):
    review = permissions.access_review(request.user, pk)
    if not permissions.can_manage_review(request.user, review.region_id):
        raise Http404
    try:
        services.review_close(actor=request.user, review=review)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The review is closed."))
    return redirect(review)


@login_required
@require_POST
def review_start_draft(request, pk):
    review = permissions.access_review(request.user, pk)
    if not permissions.can_manage_review(request.user, review.region_id):
        raise Http404
    try:
        document, created = services.review_start_draft(actor=request.user, review=review)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(review)
    if created:
        messages.success(
            request, _("A recommendation draft has been started from the review's assessments.")
        )
    else:
        messages.info(
            request, _("A recommendation draft had already been started from this review.")
        )
    return redirect(document)
