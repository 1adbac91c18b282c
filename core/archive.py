"""Zip archives (an .xlsx is one) checked before they are read, and read within bounds.

A 1 MB upload can unzip to gigabytes. :func:`check_zip` refuses an archive from its
directory alone (member count, declared sizes, compression ratio), before a byte is
inflated; :class:`BoundedZipFile` then counts the bytes really inflated while a member is
read, because the declared sizes are written by whoever made the file and can lie.
"""

import io
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

# Below this size a member's ratio says nothing: a 300-byte XML part packs into 150 bytes
# or into 2, and either is harmless.
RATIO_FLOOR_BYTES = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive is outside the bounds; the text is shown to the user as is."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int
    max_uncompressed_bytes: int  # for all members together, and so for each one
    max_ratio: int  # uncompressed / compressed


def _too_big(limits: ArchiveLimits) -> ArchiveRefused:
    return ArchiveRefused(
        gettext(
            "The file unpacks to more than %(limit)s: it is refused. A roster that large "
            "should be split into several files."
        )
        % {"limit": filesizeformat(limits.max_uncompressed_bytes)}
    )


def check_zip(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    """Refuse ``archive`` (raise :class:`ArchiveRefused`) if its directory is out of bounds.

    Reads the central directory only: nothing is decompressed.
    """
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            gettext(
                "The file holds %(count)s parts; a spreadsheet has at most %(limit)s. "
                "It is refused before being read."
            )
            % {"count": len(members), "limit": limits.max_members}
        )
    total = compressed = 0
    for member in members:
        total += member.file_size
        compressed += member.compress_size
        if max(member.file_size, total) > limits.max_uncompressed_bytes:
            raise _too_big(limits)
        if member.file_size > RATIO_FLOOR_BYTES and (
            member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            raise _too_dense(limits)
    if total > RATIO_FLOOR_BYTES and total > limits.max_ratio * max(compressed, 1):
        raise _too_dense(limits)


def _too_dense(limits: ArchiveLimits) -> ArchiveRefused:
    return ArchiveRefused(
        gettext(
            "The file is compressed more than %(ratio)s times, as no real spreadsheet is: "
            "it is refused before being read."
        )
        % {"ratio": limits.max_ratio}
    )


class _CountingReader(io.RawIOBase):
    """A member's stream that stops once it has inflated more than allowed."""

    def __init__(self, stream, limits: ArchiveLimits):
        self._stream = stream
        self._limits = limits
        self.remaining = limits.max_uncompressed_bytes

    def readable(self):
        return True

    def read(self, size=-1):
        # Never an unbounded read: at most what is still allowed, plus one byte to notice.
        allowed = self.remaining + 1
        size = allowed if size is None or size < 0 else min(size, allowed)
        data = self._stream.read(size)
        self.remaining -= len(data)
        if self.remaining < 0:
            raise _too_big(self._limits)
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self):
        self._stream.close()
        super().close()


class BoundedZipFile(zipfile.ZipFile):
    """A zip file checked with :func:`check_zip` when opened, whose members inflate to at
    most ``limits.max_uncompressed_bytes`` each time one is read.

    Reading past the bound raises :class:`ArchiveRefused` whatever the directory declared
    (a reader may open a member twice: openpyxl reads a sheet's dimensions, then its rows).
    """

    def __init__(self, file, limits: ArchiveLimits):
        super().__init__(file, "r")
        self.limits = limits
        try:
            check_zip(self, limits)
        except ArchiveRefused:
            self.close()
            raise

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        stream = super().open(name, mode, pwd, force_zip64=force_zip64)
        if mode != "r":
            return stream
        return io.BufferedReader(_CountingReader(stream, self.limits))
