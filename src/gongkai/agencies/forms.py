"""Admin forms for the agency tree."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.agencies.models import Agency

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
