from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from opinions import selectors


class AdoptedFeed(Feed):
    """Atom feed of newly adopted opinions, recommendations and positions of every WZK."""

    feed_type = Atom1Feed

    def title(self):
        return _("Opinions and recommendations of the WZK")

    def subtitle(self):
        return _("Newly adopted resolutions of the Regional Coordination Teams.")

    def link(self):
        return reverse("opinions:document_list")

    def items(self):
        return selectors.documents_for_feed()

    def item_title(self, item):
        return f"{item.resolution_label}: {item.title}"

    def item_description(self, item):
        return item.subject

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.region.name, str(item.get_kind_display())]
