"""An uploaded Word template, checked by its content: the report's and the letters'.

A template is a Word document (not just a file named .docx): a zip with the
document part, small enough packed and unpacked (a zip bomb is not), without
macros. A Word template (.dotx) is the same document under another content
type and is turned into a .docx. Each refusal says in Danish what to do.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
NOT_WORD = (
    "Filen er ikke et Word-dokument. Gem skabelonen i Word som 'Word-dokument (*.docx)', "
    "og prøv igen."
)


def _as_document(archive: zipfile.ZipFile) -> bytes | None:
    """The archive with a .dotx's content type changed to a document's; None when it is one."""
    types = archive.read("[Content_Types].xml").decode("utf-8")
    if TEMPLATE_TYPE not in types:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = types.replace(TEMPLATE_TYPE, DOCUMENT_TYPE).encode("utf-8")
            copy.writestr(info, data)
    return out.getvalue()


def word_document(
    content: bytes, *, field: str, max_bytes: int, max_unpacked_bytes: int, used_in: str
) -> bytes:
    """The Word document in the upload, as .docx bytes; a ValidationError on `field` if none.

    `used_in` names what the template makes, for the macro refusal
    ("beretningen", "et brev").
    """

    def refuse(message: str) -> ValidationError:
        return ValidationError({field: message})

    if not content:
        raise refuse("Filen er tom.")
    if len(content) > max_bytes:
        raise refuse(f"Filen er for stor; den må højst fylde {filesizeformat(max_bytes)}.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise refuse(NOT_WORD)
            if sum(info.file_size for info in infos) > max_unpacked_bytes:
                raise refuse("Skabelonen fylder for meget, når den pakkes ud.")
            types = archive.read("[Content_Types].xml").decode("utf-8")
            if any(n.lower().endswith("vbaproject.bin") for n in names) or "macroEnabled" in types:
                raise refuse(
                    f"Skabelonen indeholder makroer, og dem kan {used_in} ikke have med. "
                    "Gem den i Word som 'Word-dokument (*.docx)' uden makroer."
                )
            return _as_document(archive) or content
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, UnicodeDecodeError) as exc:
        raise refuse(NOT_WORD) from exc
