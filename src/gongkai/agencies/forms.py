"""Admin forms for the agency tree."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.agencies.models import Agency, Membership

AGENCY_FIELDS = [
    "name",
    "short_name",
    "slug",
    "kind",
    "code",
    "code_kind",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "disclosure_office",
    "supervising_office",
    "reconsideration_body",
]


class AgencyForm(WagtailAdminModelForm):
    """Edit an agency; a new agency is placed under the chosen parent in the tree."""

    parent = forms.ModelChoiceField(
        queryset=Agency.objects.all(),
        required=False,
        label=_("上级机关"),
        help_text=_("新建时选择；留空则作为顶层（人民政府）"),
    )

    class Meta:
        model = Agency
        fields = AGENCY_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]
            self.fields["disclosure_office"].queryset = self.instance.units.all()
        else:
            self.fields["disclosure_office"].queryset = self.fields[
                "disclosure_office"
            ].queryset.none()

    def save(self, commit=True):
        instance = super().save(commit=False)
        if instance.pk or not commit:
            if commit:
                instance.save()
            return instance
        parent = self.cleaned_data.get("parent")
        if parent is None:
            return Agency.add_root(instance=instance)
        return parent.add_child(instance=instance)


class MembershipForm(WagtailAdminModelForm):
    """Grant a staff role: only roles up to the granter's own, only in their reach, never to
    themselves (``permissions.GRANTABLE_ROLES``). The choices say so before a refusal does;
    the scoped viewset narrows the agency, unit and user choices to the granter's reach."""

    class Meta:
        model = Membership
        fields = ["user", "agency", "role", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.agencies import permissions

        user = self.for_user
        if user is None or permissions.is_system_admin(user):
            return
        grantable = permissions.grantable_roles(user)
        self.fields["role"].choices = [
            (value, label) for value, label in self.fields["role"].choices if value in grantable
        ]
        self.fields["user"].queryset = self.fields["user"].queryset.exclude(pk=user.pk)

    def clean(self):
        cleaned = super().clean()
        from gongkai.agencies import permissions

        user = self.for_user
        if user is None or permissions.is_system_admin(user):
            return cleaned
        if cleaned.get("user") == user:
            self.add_error("user", _("不能为自己授予或修改角色"))
        return cleaned
