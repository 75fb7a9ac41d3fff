from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cms import selectors


class PracticeFeed(Feed):
    """Atom feed of newly published good practices, for the whole country or one region."""

    feed_type = Atom1Feed

    def __init__(self, *, index_page, region=None):
        super().__init__()
        self.index_page = index_page
        self.region = region

    def title(self):
        if self.region is not None:
            return _("Good practices – %(region)s") % {"region": self.region.name}
        return _("Good practices of the WZK")

    def subtitle(self):
        return _("Newly published good practices of the Regional Coordination Teams.")

    def link(self):
        if self.region is not None:
            return self.index_page.url + self.region.slug + "/"
        return self.index_page.url

    def items(self):
        return selectors.practices_for_feed(region=self.region)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.region.name, item.get_kind_display()]
