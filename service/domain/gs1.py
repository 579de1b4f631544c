"""GS1 identifiers the domain stores in one canonical form."""


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalize_gtin(value: str) -> str:
    """A GTIN-8/12/13/14 as its 14-digit form; ValueError when it is not a valid GTIN."""
    digits = value.strip()
    if not digits.isdigit() or len(digits) not in {8, 12, 13, 14}:
        raise ValueError("a GTIN has 8, 12, 13 or 14 digits")
    if gtin_check_digit(digits[:-1]) != int(digits[-1]):
        raise ValueError(f"check digit of GTIN {digits} should be {gtin_check_digit(digits[:-1])}")
    return digits.zfill(14)


def check_gln(value: str) -> str:
    """A 13-digit GLN with a valid check digit; ValueError otherwise."""
    if not (value.isdigit() and len(value) == 13):
        raise ValueError("a GLN has 13 digits")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValueError(f"check digit of GLN {value} should be {gtin_check_digit(value[:-1])}")
    return value
