"""Demo good practices (``data/practices.yaml``): the four described in the sources and
invented ones for every region, created through ``cms.services.practice_create``.

A practice is keyed by its slug within its region's section, so a second run finds it and
creates nothing. Nothing here is random.
"""

from dataclasses import dataclass
from datetime import date

from cms.choices import ActionKind, TargetGroup
from cms.models import GoodPracticePage, RegionSectionPage
from cms.services import practice_create
from demo.accounts import coordinator_email
from demo.loaders import read
from demo.loaders.images import IMAGES, images_ensure
from network.models import User
from network.text import fold


@dataclass(frozen=True)
class DemoPractice:
    region: str  # slug
    slug: str  # unique across the demo, so inspirations can name it
    title: str
    kind: ActionKind
    audiences: tuple[TargetGroup, ...]
    start_date: date
    lead_institution: str
    summary: str
    tags: tuple[str, ...]
    body: tuple[dict, ...]  # blocks as the data file writes them; see _block()
    end_date: date | None = None
    ongoing: bool = False
    partners: tuple[str, ...] = ()
    image: str = ""  # a key of IMAGES
    inspired_by: tuple[str, ...] = ()  # slugs of practices listed earlier
    participants_reached: int | None = None
    success_factors: str = ""
    lessons_learnt: str = ""
    transferability: str = ""
    # The Interreg good-practice template's questions.
    evidence: str = ""
    resources_needed: str = ""
    difficulties: str = ""
    funding_source: str = ""
    # From the sources: facts only, and the region's demo coordinator as the contact.
    documented: bool = False


def _practice(entry: dict, *, documented: bool) -> DemoPractice:
    fields = {**entry, "kind": ActionKind(entry["kind"])}
    fields["audiences"] = tuple(TargetGroup(audience) for audience in entry["audiences"])
    for name in ("tags", "body", "partners", "inspired_by"):
        if name in fields:
            fields[name] = tuple(fields[name])
    return DemoPractice(**fields, documented=documented)


DATA = read("practices")
# The shared vocabulary: every practice's tags come from here, so the tag facet stays short.
TAGS = tuple(DATA["tags"])
DOCUMENTED = [_practice(entry, documented=True) for entry in DATA["documented"]]
INVENTED = [_practice(entry, documented=False) for entry in DATA["invented"]]
PRACTICES = DOCUMENTED + INVENTED
CONTACT_PEOPLE = DATA["contact_people"]


def seed_practices(*, stdout=None) -> int:
    """Create the demo practices that are missing; return how many were created."""
    sections = {
        section.region.slug: section
        for section in RegionSectionPage.objects.select_related("region")
    }
    if not sections:
        return 0  # No page tree yet (no home page): nowhere to put practices.
    existing = {
        (practice.region.slug, practice.slug): practice
        for practice in GoodPracticePage.objects.filter(
            slug__in=[data.slug for data in PRACTICES]
        ).select_related("region")
    }
    owners = {
        user.email: user
        for user in User.objects.filter(email__in=[coordinator_email(slug) for slug in sections])
    }
    images = images_ensure()
    by_slug: dict[str, GoodPracticePage] = {}
    created = 0
    for number, data in enumerate(PRACTICES):
        practice = existing.get((data.region, data.slug))
        if practice is None:
            owner = owners.get(coordinator_email(data.region))
            practice = practice_create(
                section=sections[data.region],
                audiences=list(data.audiences),
                tags=list(data.tags),
                inspired_by=[by_slug[slug] for slug in data.inspired_by],
                owner=owner,
                **_page_fields(data, images=images, owner=owner, number=number),
            )
            created += 1
            if stdout is not None:
                stdout.write(f"  + {practice.region.name}: {practice.title}")
        by_slug[data.slug] = practice
    return created


def _block(block: dict, images: dict) -> dict:
    """A body block of the data file as StreamField data."""
    if "heading" in block:
        return {"type": "heading", "value": block["heading"]}
    if "text" in block:
        paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in block["text"])
        return {"type": "text", "value": paragraphs}
    if "bullets" in block:
        items = "".join(f"<li>{item}</li>" for item in block["bullets"])
        return {"type": "text", "value": f"<ul>{items}</ul>"}
    if "figures" in block:
        figures = [{"value": f["value"], "label": f["label"]} for f in block["figures"]]
        return {"type": "key_figures", "value": figures}
    if "image" in block:
        key = block["image"]
        value = {
            "image": images[key].pk,
            "alt_text": IMAGES[key].alt,
            "caption": block.get("caption", ""),
        }
        return {"type": "image", "value": value}
    raise ValueError(f"Unknown demo body block: {sorted(block)}")


def _page_fields(data: DemoPractice, *, images: dict, owner: User | None, number: int) -> dict:
    if data.documented:
        contact_name = owner.get_full_name() if owner else ""
        contact_email = owner.email if owner else ""
    else:
        contact_name = CONTACT_PEOPLE[number % len(CONTACT_PEOPLE)]
        contact_email = f"{fold(contact_name).replace(' ', '.')}@{data.region}.example"
    return {
        "title": data.title,
        "slug": data.slug,
        "kind": data.kind,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "ongoing": data.ongoing,
        "lead_institution": data.lead_institution,
        "partners": "\n".join(data.partners),
        "summary": data.summary,
        "listing_image": images[data.image] if data.image else None,
        "listing_image_alt": IMAGES[data.image].alt if data.image else "",
        "body": [_block(block, images) for block in data.body],
        "participants_reached": data.participants_reached,
        "success_factors": data.success_factors,
        "lessons_learnt": data.lessons_learnt,
        "transferability": data.transferability,
        "evidence": data.evidence,
        "resources_needed": data.resources_needed,
        "difficulties": data.difficulties,
        "funding_source": data.funding_source,
        "contact_name": contact_name,
        "contact_email": contact_email,
    }
