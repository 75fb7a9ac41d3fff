"""National staff manage regions, networks and members in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from network import services
from network.models import Network, NetworkMembership, Region, User


class RegionViewSet(ModelViewSet):
    name = "wzk_regions"
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "teryt", "slug", "wzk_email"]
    search_fields = ["name", "slug", "teryt"]
    form_fields = ["name", "slug", "wzk_description", "wzk_email", "wzk_website"]
    copy_view_enabled = False


class NetworkViewSet(ModelViewSet):
    name = "wzk_networks"
    model = Network
    icon = "group"
    menu_label = _("Thematic networks")
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "description"]
    form_fields = ["name", "slug", "description"]
    copy_view_enabled = False


class NetworkMembershipViewSet(ModelViewSet):
    name = "wzk_network_memberships"
    model = NetworkMembership
    icon = "user"
    menu_label = _("Network memberships")
    list_display = ["user", "network", "is_moderator", "joined_at"]
    list_filter = ["network", "is_moderator"]
    search_fields = ["user__email", "user__last_name", "network__name"]
    form_fields = ["network", "user", "is_moderator"]
    copy_view_enabled = False


class MemberSyncGroupsMixin:
    def save_instance(self):
        instance = super().save_instance()
        services.member_sync_groups(member=instance)
        return instance


class MemberCreateView(MemberSyncGroupsMixin, generic.CreateView):
    pass


class MemberEditView(MemberSyncGroupsMixin, generic.EditView):
    pass


class MemberViewSet(ModelViewSet):
    name = "wzk_members"
    model = User
    icon = "user"
    menu_label = _("WZK members")
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    list_display = ["__str__", "email", "region", "role", "institution_name", "is_active"]
    list_filter = ["region", "role", "institution_type", "is_active"]
    search_fields = ["email", "first_name", "last_name", "institution_name"]
    panels = [
        FieldPanel("email"),
        FieldPanel("first_name"),
        FieldPanel("last_name"),
        FieldPanel("region"),
        FieldPanel("role"),
        FieldPanel("institution_name"),
        FieldPanel("institution_type"),
        FieldPanel("position"),
        FieldPanel("phone"),
        FieldPanel("language"),
        FieldPanel("is_active"),
    ]
    copy_view_enabled = False


class WzkViewSetGroup(ModelViewSetGroup):
    menu_label = _("WZK")
    menu_icon = "globe"
    menu_order = 150
    items = (RegionViewSet, NetworkViewSet, NetworkMembershipViewSet, MemberViewSet)


@hooks.register("register_admin_viewset")
def register_wzk_viewsets():
    return WzkViewSetGroup()
