"""EPCIS identifiers in one canonical form: GS1 Digital Link on id.gs1.org.

Partners send the same thing as an EPC URN or as a Digital Link URI (on any domain):

| kind  | EPC URN                                   | canonical Digital Link (id.gs1.org)  |
|-------|-------------------------------------------|--------------------------------------|
| sgtin | urn:epc:id:sgtin:0614141.107346.2017      | /01/10614141073464/21/2017           |
| lgtin | urn:epc:class:lgtin:4012345.012345.998877 | /01/04012345123456/10/998877         |
| gtin  | urn:epc:idpat:sgtin:4012345.098765.*      | /01/{GTIN-14}                        |
| sscc  | urn:epc:id:sscc:0614141.1234567890        | /00/{SSCC-18}                        |
| sgln  | urn:epc:id:sgln:0614141.00777.0           | /414/{GLN}[/254/{extension}]         |
| pgln  | urn:epc:id:pgln:0614141.00001             | /417/{GLN}                           |

Digital Link is the canonical form because a URN turns into it without outside knowledge, while
the way back needs the GS1 company prefix length, which a GTIN does not carry. Any other URI (a
GRAI, a GIAI, a private scheme) is kept as given.
"""

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

from service.domain.gs1 import gtin_check_digit, normalize_gtin

IdentifierKind = Literal["sgtin", "lgtin", "gtin", "sscc", "sgln", "pgln", "other"]
DIGITAL_LINK = "https://id.gs1.org"

_URN = re.compile(r"^urn:epc:(id|class|idpat):(sgtin|lgtin|sscc|sgln|pgln):(.+)$")
_DL_AI = {"01", "00", "414", "417", "10", "21", "22", "254", "235"}


@dataclass(frozen=True)
class Identifier:
    """One identifier, parsed; `canonical` is what the graph stores and queries match."""

    kind: IdentifierKind
    canonical: str
    gtin: str = ""
    serial: str = ""
    lot: str = ""
    sscc: str = ""
    gln: str = ""
    extension: str = ""


def _gtin_from_urn(company_prefix: str, item_reference: str) -> str:
    body = item_reference[:1] + company_prefix + item_reference[1:]
    if not body.isdigit() or len(body) != 13:
        raise ValueError("company prefix and item reference must have 13 digits together")
    return body + str(gtin_check_digit(body))


def sgtin(gtin: str, serial: str) -> Identifier:
    return Identifier("sgtin", f"{DIGITAL_LINK}/01/{gtin}/21/{quote(serial, safe='')}",
                      gtin=gtin, serial=serial)  # fmt: skip


def lgtin(gtin: str, lot: str) -> Identifier:
    return Identifier("lgtin", f"{DIGITAL_LINK}/01/{gtin}/10/{quote(lot, safe='')}",
                      gtin=gtin, lot=lot)  # fmt: skip


def gtin_class(gtin: str) -> Identifier:
    return Identifier("gtin", f"{DIGITAL_LINK}/01/{gtin}", gtin=gtin)


def sscc(value: str) -> Identifier:
    return Identifier("sscc", f"{DIGITAL_LINK}/00/{value}", sscc=value)


def sgln(gln: str, extension: str = "") -> Identifier:
    tail = f"/254/{quote(extension, safe='')}" if extension else ""
    return Identifier("sgln", f"{DIGITAL_LINK}/414/{gln}{tail}", gln=gln, extension=extension)


def pgln(gln: str) -> Identifier:
    return Identifier("pgln", f"{DIGITAL_LINK}/417/{gln}", gln=gln)


def _checked_gln(value: str) -> str:
    if not (value.isdigit() and len(value) == 13) or gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValueError(f"{value} is not a GLN with a valid check digit")
    return value


def _from_urn(scheme: str, kind: str, rest: str) -> Identifier:
    parts = rest.split(".", 2)
    if kind in {"sgtin", "lgtin"}:
        if len(parts) != 3:
            raise ValueError(f"urn:epc {kind} needs company prefix, item reference and a number")
        gtin = _gtin_from_urn(parts[0], parts[1])
        if scheme == "idpat":
            if parts[2] != "*":
                raise ValueError("only the pattern 'company.item.*' is supported")
            return gtin_class(gtin)
        number = unquote(parts[2])
        return sgtin(gtin, number) if kind == "sgtin" else lgtin(gtin, number)
    if kind == "sscc":
        if len(parts) != 2:
            raise ValueError("urn:epc:id:sscc needs company prefix and serial reference")
        body = parts[1][:1] + parts[0] + parts[1][1:]
        if not body.isdigit() or len(body) != 17:
            raise ValueError("an SSCC has 17 digits before its check digit")
        return sscc(body + str(gtin_check_digit(body)))
    if kind == "pgln":
        body = "".join(parts)
        if len(parts) != 2 or not body.isdigit() or len(body) != 12:
            raise ValueError("urn:epc:id:pgln needs company prefix and party reference (12 digits)")
        return pgln(body + str(gtin_check_digit(body)))
    if len(parts) != 3:
        raise ValueError("urn:epc:id:sgln needs company prefix, location reference and extension")
    body = parts[0] + parts[1]
    if not body.isdigit() or len(body) != 12:
        raise ValueError("a GLN has 12 digits before its check digit")
    extension = unquote(parts[2])
    return sgln(body + str(gtin_check_digit(body)), "" if extension == "0" else extension)


def _from_digital_link(path: str) -> Identifier | None:
    segments = [unquote(s) for s in path.strip("/").split("/")]
    # A Digital Link path may start with a custom prefix; the GS1 part starts at a primary key.
    start = next((i for i, s in enumerate(segments) if s in {"01", "00", "414", "417"}), None)
    if start is None:
        return None
    pairs = segments[start:]
    if len(pairs) % 2 or any(pairs[i] not in _DL_AI for i in range(0, len(pairs), 2)):
        return None
    values = dict(zip(pairs[0::2], pairs[1::2], strict=True))
    if "01" in values:
        gtin = normalize_gtin(values["01"])
        if "21" in values:
            return sgtin(gtin, values["21"])
        if "10" in values:
            return lgtin(gtin, values["10"])
        return gtin_class(gtin)
    if "00" in values:
        value = values["00"]
        if not (value.isdigit() and len(value) == 18):
            raise ValueError("an SSCC has 18 digits")
        if gtin_check_digit(value[:-1]) != int(value[-1]):
            raise ValueError(f"check digit of SSCC {value} is wrong")
        return sscc(value)
    if "417" in values:
        return pgln(_checked_gln(values["417"]))
    return sgln(_checked_gln(values["414"]), values.get("254", ""))


def parse(uri: str) -> Identifier:
    """The identifier a URI names; ValueError when it claims a GS1 form it does not have."""
    value = uri.strip()
    if match := _URN.match(value):
        return _from_urn(*match.groups())
    if value.startswith(("http://", "https://")):
        found = _from_digital_link(urlsplit(value).path)
        if found is not None:
            return found
    return Identifier("other", value)


def canonical(uri: str) -> str:
    """The stored form of an identifier (or of an idpat pattern: its GTIN class)."""
    return parse(uri).canonical


def match_values(uri: str, *, classes: bool) -> tuple[list[str], list[str]]:
    """What a query value matches: (exact canonical values, canonical prefixes).

    `urn:epc:idpat:sgtin:4012345.098765.*` asks for every serial of that GTIN when it matches
    EPCs, and for the GTIN class with every lot of it when it matches classes.
    """
    value = uri.strip()
    if value.startswith("urn:epc:idpat:"):
        gtin = parse(value).canonical
        return ([gtin], [f"{gtin}/10/"]) if classes else ([], [f"{gtin}/21/"])
    return [canonical(value)], []
