"""Hostile roster files, built in memory, and how long the import takes to refuse each.

    .venv/bin/python benchmarks/hostile_files.py

prints a table: file kind, size of the upload, what it declares it unpacks to, seconds and
peak memory (tracemalloc's peak of Python allocations, and the growth of the process's
maximum resident size) to read and refuse it. The same builders serve the tests
(tests/units/test_roster_hostile.py), at smaller sizes.

A zip bomb is small compressed: its repeated block is compressed once and repeated (each
block ends with a full flush, so the copies are byte for byte the same and the stream stays
valid), so a 1 GB member costs a second to build and a megabyte to hold.
"""

import io
import struct
import zlib
from functools import cache

MIB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c t="inlineStr"><is><t>M\xc3\xa3 c\xc3\xa1n b\xe1\xbb\x99</t></is></c></row>'
)
REPEATED_ROW = b'<row><c t="inlineStr"><is><t>CB00001</t></is></c></row>'


# --- a zip written by hand, so that a member can be a stream compressed once -------------------


class Member:
    """A deflated member: its raw deflate stream, CRC-32 and (declared) size."""

    def __init__(self, name: str, raw: bytes, crc: int, size: int):
        self.name, self.raw, self.crc, self.size = name.encode(), raw, crc, size

    @classmethod
    def of(cls, name: str, data: bytes) -> "Member":
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        raw = compressor.compress(data) + compressor.flush()
        return cls(name, raw, zlib.crc32(data), len(data))

    def header(self) -> bytes:
        """What the local header and the central directory entry both say of the member:
        version needed, flags, method (deflate), time and date, CRC-32, sizes, name length and
        no extra field."""
        return struct.pack(
            "<5H3L2H", 20, 0, 8, 0, 0x21, self.crc, len(self.raw), self.size, len(self.name), 0
        )


def zip_bytes(members: list[Member]) -> bytes:
    out = io.BytesIO()
    directory = []
    for member in members:
        offset = out.tell()
        out.write(b"PK\x03\x04" + member.header())
        out.write(member.name)
        out.write(member.raw)
        # version made by, the shared fields, then comment, disk, attributes and the offset.
        directory.append(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + member.header()
            + struct.pack("<3H2L", 0, 0, 0, 0, offset)
            + member.name
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), size, start, 0)
    )
    return out.getvalue()


def repeated(name: str, head: bytes, block: bytes, count: int, tail: bytes) -> Member:
    """A member ``head + block * count + tail``, compressed in the time of one block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert packed == again  # so that the copies below are a valid stream
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    raw = first + packed * count + last
    return Member(name, raw, crc, len(head) + len(block) * count + len(tail))


@cache
def base_members() -> tuple[tuple[str, bytes], ...]:
    """The members of a small real workbook (openpyxl's), sheet included."""
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.create_sheet().append(["Mã cán bộ"])
    output = io.BytesIO()
    workbook.save(output)
    with zipfile.ZipFile(output) as archive:
        return tuple((name, archive.read(name)) for name in archive.namelist())


def workbook_with_sheet(sheet: Member, extra: list[Member] = ()) -> bytes:
    members = [Member.of(name, data) for name, data in base_members() if name != SHEET]
    return zip_bytes([*members, sheet, *extra])


# --- the hostile files ------------------------------------------------------------------------


def whitespace_bomb(megabytes: int = 1024) -> bytes:
    """A sheet of ``megabytes`` MB of spaces between two elements (declared honestly)."""
    return workbook_with_sheet(
        repeated(SHEET, SHEET_HEAD, b" " * MIB, megabytes, HEADER_ROW + SHEET_TAIL)
    )


def repeated_rows_bomb(megabytes: int = 1024) -> bytes:
    """A sheet of ``megabytes`` MB of the same row."""
    block = REPEATED_ROW * (MIB // len(REPEATED_ROW))
    return workbook_with_sheet(
        repeated(SHEET, SHEET_HEAD + HEADER_ROW, block, megabytes, SHEET_TAIL)
    )


def lying_bomb(megabytes: int = 1024, declared: int = 10_000) -> bytes:
    """A whitespace bomb whose directory declares ``declared`` bytes for the sheet."""
    sheet = repeated(SHEET, SHEET_HEAD, b" " * MIB, megabytes, HEADER_ROW + SHEET_TAIL)
    sheet.size = declared
    return workbook_with_sheet(sheet)


def many_members(count: int = 20_000) -> bytes:
    """A workbook with ``count`` extra empty members."""
    return workbook_with_sheet(
        Member.of(SHEET, SHEET_HEAD + HEADER_ROW + SHEET_TAIL),
        [Member.of(f"xl/media/m{n}.bin", b"") for n in range(count)],
    )


def dense_member(megabytes: int = 20) -> bytes:
    """A workbook with an extra member of ``megabytes`` MB of zeros: within the size bound,
    far over any ratio a real spreadsheet has."""
    return workbook_with_sheet(
        Member.of(SHEET, SHEET_HEAD + HEADER_ROW + SHEET_TAIL),
        [repeated("xl/media/image1.bin", b"", b"\x00" * MIB, megabytes, b"")],
    )


def xxe() -> bytes:
    """A sheet whose cell is an external entity (the server's /etc/passwd)."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + SHEET_HEAD.split(b"\n", 1)[1]
        + b'<row r="1"><c t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        + SHEET_TAIL
    )
    return workbook_with_sheet(Member.of(SHEET, sheet))


def billion_laughs() -> bytes:
    """A sheet whose cell expands to 10^9 "lol"s through nested entities."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b"<!DOCTYPE worksheet ["
        + entities
        + b"]>"
        + SHEET_HEAD.split(b"\n", 1)[1]
        + b'<row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_TAIL
    )
    return workbook_with_sheet(Member.of(SHEET, sheet))


def csv_rows(count: int = 1_000_000) -> bytes:
    """A CSV of ``count`` short rows under one header."""
    return ("Mã cán bộ,Họ và tên,Mã đơn vị\n" + "CB1,A,U\n" * count).encode()


KINDS = {
    "zip bomb: 1 GB of whitespace": whitespace_bomb,
    "zip bomb: 1 GB of repeated rows": repeated_rows_bomb,
    "zip bomb: sizes that lie (1 GB declared 10 kB)": lying_bomb,
    "zip: 20,000 members": many_members,
    "zip: 20 MB member, ratio ~1000": dense_member,
    "XXE (external entity)": xxe,
    "billion laughs": billion_laughs,
    "CSV: 1,000,000 rows": csv_rows,
}
#: the same bombs with the directory check switched off: the bounds met while reading
UNCHECKED = {
    "1 GB of whitespace, directory unchecked": whitespace_bomb,
    "1 GB of repeated rows, directory unchecked": repeated_rows_bomb,
}


def measure(kind: str, data: bytes, unchecked=False) -> tuple[float, float, float, str]:
    """Seconds, tracemalloc peak MB, ru_maxrss growth MB, and the refusal (or 'accepted')."""
    import resource
    import time
    import tracemalloc
    from unittest import mock

    from units.roster.files import RosterCSV, RosterFileRefused, RosterXLSX

    reader = RosterCSV() if kind.startswith("CSV") else RosterXLSX()
    patch = mock.patch("core.archive.check_zip") if unchecked else mock.MagicMock()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with patch:
            reader.create_dataset(data)
        outcome = "accepted"
    except RosterFileRefused as error:
        outcome = str(error)[:60]
    except Exception as error:  # what the upload form reports as a damaged file
        outcome = f"damaged: {type(error).__name__}: {error}"[:60]
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return seconds, peak / MIB, rss_growth / 1024, outcome


def main() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import django_setup

    django_setup.setup()
    from django.utils import translation

    translation.activate("vi")
    print(f"{'file':48} {'upload':>9} {'seconds':>8} {'peak MB':>8} {'RSS+ MB':>8}  refusal")
    for kind, build, unchecked in [
        *((kind, build, False) for kind, build in KINDS.items()),
        *((kind, build, True) for kind, build in UNCHECKED.items()),
    ]:
        data = build()
        seconds, peak, rss, outcome = measure(kind, data, unchecked)
        size = f"{len(data) / 1024:.0f} kB"
        print(f"{kind:48} {size:>9} {seconds:8.2f} {peak:8.1f} {rss:8.1f}  {outcome}")


if __name__ == "__main__":
    main()
