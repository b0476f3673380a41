"""Static file storage for production."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _pattern_text(pattern: str | tuple[str, str]) -> str:
    return pattern if isinstance(pattern, str) else pattern[0]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, without following source maps.

    The vendored DKFDS files end with a reference to a source map that is not
    shipped (nobody debugs the minified design system in production), and
    collectstatic refuses a reference it cannot resolve. Stylesheet url()s and
    @imports are still hashed and checked.
    """

    patterns = tuple(
        (glob, tuple(p for p in found if "sourceMappingURL" not in _pattern_text(p)))
        for glob, found in CompressedManifestStaticFilesStorage.patterns
    )
