"""An office's own letter templates: checked by their content, tried, stored, reset.

A template is accepted only when it is a Word document (not just named
.docx), small enough, without macros, and when it can be filled with a
sample letter (letters.sample_context) and the result opens again in Word:
what the report's Word template must pass too (reports.word_template).
"""

from __future__ import annotations

import io
import logging
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from borgerraadgiver.casework.letters import document_text, render_docx, sample_context
from borgerraadgiver.casework.models import LetterKind, LetterTemplate
from borgerraadgiver.core.word_upload import word_document
from borgerraadgiver.offices.models import Office, User

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
# A letter of a few megabytes never unpacks to this much; a zip bomb does.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
FIELD = "template"


def _refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: message})


def _unpacked(content: bytes) -> bytes:
    return word_document(
        content,
        field=FIELD,
        max_bytes=MAX_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        used_in="et brev",
    )


def _tried(content: bytes, office_name: str) -> None:
    """Fill the template with a sample letter and read the result back."""
    problem: str | None = None
    try:
        document_text(render_docx(io.BytesIO(content), sample_context(office_name)))
    except UndefinedError as exc:
        name = re.fullmatch(r"'([^']+)' is undefined", exc.message or "")
        problem = (
            f"Skabelonen bruger feltet '{name[1]}', som ikke findes."
            if name
            else "Skabelonen bruger et felt, som ikke findes."
        )
    except SecurityError:
        problem = "Skabelonen bruger et felt på en måde, der ikke er tilladt."
    except TemplateSyntaxError:
        problem = (
            "Et af skabelonens felter er skrevet forkert: tjek de krøllede parenteser og "
            "at hvert {%p if %} og {%p for %} har sit {%p endif %} eller {%p endfor %}."
        )
    except TemplateError:
        problem = "Skabelonen kunne ikke udfyldes med et prøvebrev."
    # Anything else docxtpl or python-docx may raise on a document written by a
    # user (there is no complete list) means the same to the advisor.
    except Exception as exc:
        logger.info("Letter template refused after a trial render: %s", type(exc).__name__)
        problem = (
            "Skabelonen kunne ikke udfyldes med et prøvebrev. Start fra standardskabelonen, "
            "og ret den til i Word."
        )
    if problem is not None:
        raise _refuse(problem)


def letter_template_checked(content: bytes, *, office_name: str) -> bytes:
    """The upload as a letter template (a .dotx becomes a .docx), or ValidationError."""
    document = _unpacked(content)
    _tried(document, office_name)
    return document


@transaction.atomic
def letter_template_replace(
    *, office: Office, kind: str, content: bytes, by: User | None = None
) -> LetterTemplate:
    """Check the upload and make it the office's template of the kind."""
    kind = LetterKind(kind).value
    document = letter_template_checked(content, office_name=office.name)
    template, _created = LetterTemplate.objects.update_or_create(
        office=office,
        kind=kind,
        defaults={"content": document, "uploaded_by": by, "uploaded_at": timezone.now()},
    )
    return template


def letter_template_reset(*, office: Office, kind: str) -> None:
    """Back to the standard template of the kind."""
    LetterTemplate.objects.filter(office=office, kind=LetterKind(kind).value).delete()
