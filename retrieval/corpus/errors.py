"""The one error type of the corpus stage: a file that cannot be used, with the reason."""

from __future__ import annotations


class CorpusFileError(ValueError):
    """A corpus file that cannot be used; str(error) is the reason to show."""
