"""Staff forms of the reports app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.reports.models import NARRATIVE_FIELDS, AnnualReport
from gongkai.rules.formats import get_format
from gongkai.widgets import IsoDateInput


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["title", *NARRATIVE_FIELDS]
        widgets = {f: forms.Textarea(attrs={"rows": 6}) for f in NARRATIVE_FIELDS}


class BuildForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("机关"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100)
    report_format = forms.ChoiceField(
        label=_("报告格式"),
        required=False,
        choices=[("", _("按年度自动确定")), ("2019", _("2019年格式")), ("2021", _("2021年格式"))],
    )
    consolidated = forms.BooleanField(label=_("汇总下级机关"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class LockForm(forms.Form):
    lock_date = forms.DateField(
        label=_("锁定日期"),
        widget=IsoDateInput,
        required=True,
        error_messages={
            "required": _("请填写锁定日期"),
            "invalid": _("锁定日期无效，请按“年-月-日”填写，如 2021-01-20"),
        },
    )


class HeadingWordingForm(forms.Form):
    """How the report words the headings whose format wording and common usage differ; each
    choice shows the headings it prints."""

    heading_wording = forms.ChoiceField(label=_("标题用语"), widget=forms.RadioSelect)

    def __init__(self, *args, report_format, **kwargs):
        super().__init__(*args, **kwargs)
        sections = get_format(report_format).wording_choices
        choices = []
        for value, label in AnnualReport._meta.get_field("heading_wording").choices:
            shown = "；".join(s.heading_for(value) for s in sections)
            choices.append((value, f"{label}（{shown}）" if shown else label))
        self.fields["heading_wording"].choices = choices


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("机关"), queryset=None)
    year = forms.IntegerField(label=_("年度"), required=False, help_text=_("留空时取自报告标题"))
    file = forms.FileField(label=_("已发布的报告文件"), help_text=_("支持 .txt .html .docx .pdf"))
    replace = forms.BooleanField(label=_("覆盖该年度已有的报告"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_file(self):
        """Size for every file; content (and, for DOCX, the zip-bomb check) for binary ones,
        before the reader opens anything."""
        from gongkai.ops.uploads import check_size, check_upload

        f = self.cleaned_data["file"]
        name = f.name.lower()
        if not name.endswith((".txt", ".html", ".htm", ".docx", ".pdf")):
            raise forms.ValidationError(_("不支持的文件类型"))
        if name.endswith((".docx", ".pdf")):
            check_upload(f, allowed={name.rsplit(".", 1)[-1]})
        else:
            check_size(f)
        return f
