"""Letters of a case: drafting from the templates, editing drafts, issuing (numbered, frozen).

``draft_letter`` builds the text from ``content``; staff may edit ``title``,
``recipient`` and ``body`` while the letter is a draft. ``issue_letter`` gives
it its 文号 (per agency, year and kind) and 成文日期, renders the DOCX and marks
it issued; from then on ``Letter.save`` refuses any change. The PDF is rendered
from the same frozen text on first download (``ensure_pdf``) and kept.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.applications.letters import content, render
from gongkai.applications.models import Application, Letter


def draft_letter(app: Application, kind: str, *, actor=None, **extra) -> Letter:
    data = content.build(app, kind, **extra)
    return Letter.objects.create(
        agency=app.agency,
        application=app,
        kind=kind,
        year=timezone.localdate().year,
        title=data["title"],
        recipient=data["recipient"],
        body=data["body"],
        to_applicant=data["to_applicant"],
        data={k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in extra.items()},
    )


def update_draft(letter: Letter, *, title: str, recipient: str, body: str) -> Letter:
    letter.title, letter.recipient, letter.body = title, recipient, body
    letter.save()  # raises LetterIsFrozen once issued
    return letter


def issue_letter(letter: Letter, *, on: datetime.date, actor=None) -> Letter:
    from gongkai.applications.services import next_letter_number

    letter.year = on.year
    letter.number = next_letter_number(letter.agency, on.year, letter.kind)
    letter.issued_on = on
    letter.issued_at = timezone.now()
    letter.status = Letter.Status.ISSUED
    letter.docx.save(
        f"{letter.kind}-{letter.pk}.docx", ContentFile(render.render_docx(letter)), save=False
    )
    letter.save()
    return letter


def ensure_pdf(letter: Letter) -> Letter:
    """The PDF of an issued letter, rendered once from its frozen text and then kept."""
    if letter.pdf:
        return letter
    name = letter.pdf.storage.save(
        letter.pdf.field.generate_filename(letter, f"{letter.kind}-{letter.pk}.pdf"),
        ContentFile(render.render_pdf(letter)),
    )
    Letter.objects.filter(pk=letter.pk, pdf="").update(pdf=name)
    letter.refresh_from_db()
    return letter
