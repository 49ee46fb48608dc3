"""What a person sees when a document cannot be made: a message, never a broken file.

``gongkai.pdf`` raises ``PdfError`` when a PDF would lack its text (no usable CJK font) or
cannot be made at all. Any view that makes a PDF lets it propagate; this middleware turns it
into the message staff need (the console: back to the page they came from, with the
reason) or a plain "not available now" page for the public (503: try again later).
"""

import logging

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from gongkai.pdf import PdfError

logger = logging.getLogger(__name__)


class PdfErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PdfError):
            return None
        logger.error("PDF not made for %s: %s", request.path, exception.message)
        if request.path.startswith("/admin/") and request.user.is_authenticated:
            messages.error(request, _("未能生成 PDF：%(reason)s") % {"reason": exception.message})
            back = request.headers.get("referer", "")
            if not url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = "/admin/"
            return HttpResponseRedirect(back)
        body = render_to_string("ops/document_unavailable.html", request=request)
        return HttpResponse(body, status=503, headers={"Retry-After": "3600"})
