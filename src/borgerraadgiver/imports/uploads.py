"""Uploaded import files waiting for confirmation, kept server-side.

A file lives under MEDIA_ROOT/imports/<office id>/<random token>; only the
token travels (in the session), so no client-sent value ever becomes a path
and a token is only meaningful within its own office's directory.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from borgerraadgiver.offices.models import Office

TOKEN = re.compile(r"[0-9a-f]{32}")
# A preview abandoned for a day is not coming back; its file goes at the next upload.
STALE_SECONDS = 24 * 60 * 60


def upload_dir(office: Office) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(int(office.pk))


def upload_path(office: Office, token: object) -> Path | None:
    """The stored file for a token, or None if the token is malformed or gone."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    path = upload_dir(office) / token
    return path if path.is_file() else None


def upload_save(office: Office, uploaded: UploadedFile) -> str:
    directory = upload_dir(office)
    directory.mkdir(parents=True, exist_ok=True)
    _sweep(directory)
    token = secrets.token_hex(16)
    with (directory / token).open("xb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
    return token


def upload_delete(office: Office, token: object) -> None:
    path = upload_path(office, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _sweep(directory: Path) -> None:
    limit = time.time() - STALE_SECONDS
    for path in directory.iterdir():
        try:
            if path.is_file() and TOKEN.fullmatch(path.name) and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
