"""Text that is safe to store as a code or number, and safe to hand to a spreadsheet.

At input, a code or number holding a control character (U+0000 to U+001F, U+007F to U+009F) is
refused: spreadsheets cannot hold most of them, and no code in Business Central has one. At
output, anything stored before that rule is escaped (`\\x01`), and a cell that a spreadsheet
would read as a formula (beginning with `=`, `+`, `-`, `@`, tab or carriage return, as OWASP's
CSV injection guidance lists) is written as text: in a CSV behind a `'`, in an XLSX as a string
cell.
"""

import re

from pydantic import AfterValidator

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What a cell may keep: tab, line feed and carriage return are legal in CSV and XLSX text.
_UNSAFE_IN_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def no_control_characters(value: str) -> str:
    found = _CONTROL.search(value)
    if found is not None:
        raise ValueError(
            f"control character U+{ord(found.group()):04X} at position {found.start() + 1} is "
            "not allowed in a code or number"
        )
    return value


# Add to an `Annotated[str, ...]` code or number type.
Printable = AfterValidator(no_control_characters)


def escaped(value: str) -> str:
    """The text with every character a spreadsheet cannot hold written as `\\xNN`."""
    return _UNSAFE_IN_CELL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """A CSV cell: text escaped, and behind a `'` when a spreadsheet would run it."""
    if not isinstance(value, str):
        return value
    text = escaped(value)
    return "'" + text if is_formula_like(text) else text
