"""Letters of a case: drafting from the templates, editing drafts, issuing (numbered, frozen).

``draft_letter`` builds the text from ``content``; staff may edit ``title``,
``recipient`` and ``body`` while the letter is a draft. ``issue_letter`` gives
it its 文号 (per agency, year and kind) and 成文日期, renders the DOCX and marks
it issued; from then on ``Letter.save`` refuses any change. The PDF is rendered
from the same frozen text on first download (``ensure_pdf``) and kept, together with what it
was made with; it is made again when that changes.
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
        # the query code is a credential: it is on the receipt the applicant keeps, never
        # in the letter's data
        data={
            k: (v.isoformat() if isinstance(v, datetime.date) else v)
            for k, v in extra.items()
            if k != "query_code"
        },
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
    """The PDF of an issued letter, rendered from its frozen text and kept.

    A stored PDF made otherwise than PDFs are made now (``gongkai.pdf.fingerprint``: another
    renderer or font, or none recorded, as for PDFs made before the check existed, possibly
    without their text) is made again. Raises ``gongkai.pdf.PdfError`` when no PDF with its
    text can be made; nothing is stored then.
    """
    from gongkai import pdf

    made_with = pdf.fingerprint()
    if letter.pdf and letter.pdf_made_with == made_with:
        return letter
    stale = letter.pdf.name if letter.pdf else ""
    name = letter.pdf.storage.save(
        letter.pdf.field.generate_filename(letter, f"{letter.kind}-{letter.pk}.pdf"),
        ContentFile(render.render_pdf(letter)),
    )
    # update(), not save(): the letter is issued and frozen; only its rendering changes.
    won = Letter.objects.filter(pk=letter.pk, pdf=stale).update(pdf=name, pdf_made_with=made_with)
    if not won:  # another request made it meanwhile: keep theirs
        letter.pdf.storage.delete(name)
    elif stale:
        letter.pdf.storage.delete(stale)
    letter.refresh_from_db()
    return letter
