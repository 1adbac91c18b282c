"""The roster file format: column headers, cell helpers and the file-level error.

The column headers are a file format, not interface text: they stay Vietnamese whatever the
interface language, so that a file exported in one language imports in the other and a
ward clerk recognises them.
"""

import unicodedata

# --- column headers (a file format: fixed, Vietnamese) ------------------------------------

COL_STAFF_CODE = "Mã cán bộ"
COL_FULL_NAME = "Họ và tên"
COL_DATE_OF_BIRTH = "Ngày sinh"
COL_EMAIL = "Email"
COL_UNIT_CODE = "Mã đơn vị"
COL_POSITION = "Chức vụ"
COL_CATEGORY = "Nhóm đối tượng"
COL_IS_HEAD = "Thủ trưởng đơn vị"
COL_PERSON_ACTIVE = "Đang công tác"
# Read only on import: "Có" lets a row move a person who works in another unit.
COL_TRANSFER = "Chuyển đơn vị"

COL_UNIT_NAME = "Tên đơn vị"
COL_KIND = "Loại"
COL_BLOCK = "Khối"
COL_SCHOOL_LEVEL = "Cấp học"
COL_PARENT_CODE = "Mã đơn vị cấp trên"
COL_SORT_ORDER = "Thứ tự"
COL_UNIT_ACTIVE = "Đang hoạt động"

YES, NO = "Có", "Không"
DATE_FORMAT = "%d/%m/%Y"


def normalise(value) -> str:
    """A comparison key: NFC, trimmed, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return " ".join(text.split()).casefold()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RosterImportError(Exception):
    """A problem with the file as a whole; its text is shown to the user as is."""
