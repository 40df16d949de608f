"""Upload hygiene: file names and formats.  Files are stored by content hash, never by a user's path."""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path, PurePosixPath

# suffix -> DocFormat (see docreview.models.DocFormat)
FORMATS: dict[str, str] = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "html": "html",
    "htm": "html",
    "txt": "txt",
    "md": "md",
}
UPLOAD_TYPES: list[str] = list(FORMATS)

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME_CHARS = 120


def sanitize_filename(name: str, *, default: str = "file") -> str:
    """A file name safe to show and to write in a folder of our own.

    Keeps Chinese and other letters; drops any directory part (``../../x.pdf`` → ``x.pdf``,
    ``C:\\a\\b.docx`` → ``b.docx``), control and reserved characters, leading dots and spaces;
    shortens long names but keeps the extension.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = _RESERVED.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(". ").rstrip(". ")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if stem.lower() in _WINDOWS_DEVICES:
        stem = f"_{stem}"
    if not stem:
        stem = default
    suffix = suffix[:10]
    room = MAX_NAME_CHARS - (len(suffix) + 1 if suffix else 0)
    stem = stem[:room]
    return f"{stem}.{suffix}" if suffix else stem


def format_from_name(name: str) -> str | None:
    """The document format from the file name's extension (``pdf``, ``docx`` …), or None."""
    suffix = PurePosixPath(name.lower()).suffix.lstrip(".")
    return FORMATS.get(suffix)


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
"""The workspace holds other units' documents: its folders and files are the server account's alone, whatever the
umask (issue 16)."""


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as folders only the owner may enter (0700); an existing folder of
    ours is tightened to 0700 too (a workspace made by an older version was 0755)."""
    missing = []
    here = path
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR_MODE)
    with contextlib.suppress(PermissionError):  # a folder someone else owns (/srv shared by an admin) stays theirs
        if path.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
            os.chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists (empty when new) readable and writable by the owner only (0600)."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    with contextlib.suppress(PermissionError):
        if path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
            os.chmod(path, PRIVATE_FILE_MODE)
    return path
