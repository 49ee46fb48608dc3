"""Django system checks of what the deployment needs to work (``gongkai check``).

Run with every management command that checks (``check``, ``migrate``, ``runserver``) and
at ``gongkai demo`` start: a missing CJK font is an error, because every letter and report
PDF would come out without its text.
"""

from django.core import checks


@checks.register("gongkai")
def pdf_fonts(app_configs, **kwargs):
    """``gongkai.E001``: PDFs cannot be made with their text; ``gongkai.W001``: slow PDFs."""
    from gongkai import pdf

    errors, warnings = pdf.font_problems()
    return [
        *(
            checks.Error(message, hint="PDF 字体见 README「PDF 与字体」", id="gongkai.E001")
            for message in errors
        ),
        *(checks.Warning(message, id="gongkai.W001") for message in warnings),
    ]
