"""Post a chain to the service through its public API and compare its answers with the oracle's,
set by set, by natural keys (entry numbers differ): document, entry type, item, serial, lot,
location. Each disagreement is a `Problem` with a `kind` (what was compared and how it differs),
so a run can count the kinds of wrong answers.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from tests.oracle.bc_item_tracing import Method, ShowComponents, item_tracing
from tests.oracle.bc_posting import NaturalKey
from tests.oracle.chains import Step as ChainStep
from tests.oracle.chains import World, items_of, resolve
from tests.oracle.recall import expected_recall

METHODS: tuple[Method, ...] = ("origin-to-usage", "usage-to-origin")
SHOWS: tuple[ShowComponents, ...] = ("no", "item-tracked-only", "all")
Number = tuple[str, str, str]


@dataclass(frozen=True)
class Problem:
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.detail}"


@dataclass(frozen=True)
class Check:
    """One question asked of both: a trace, a recall, a package's contents or trace."""

    what: str  # "trace" | "recall" | "contents" | "package-trace"
    number: Number = ("", "", "")
    method: Method = "origin-to-usage"
    show: ShowComponents = "item-tracked-only"
    package: str = ""

    def renamed(self, old: str, new: str) -> "Check":
        def r(s: str) -> str:
            return s.replace(f"{old}-", f"{new}-")

        return Check(
            self.what,
            (r(self.number[0]), r(self.number[1]), r(self.number[2])),
            self.method,
            self.show,
            r(self.package),
        )


async def create_master_data(client: httpx.AsyncClient) -> None:
    """Tracking codes, locations and partners every chain shares."""
    from tests.oracle.chains import (
        CUSTOMERS,
        LOCATIONS,
        LOT_CODE,
        SERIAL_CODE,
        VENDOR,
    )

    calls: list[tuple[str, dict[str, Any]]] = [
        ("/v1/item-tracking-codes", {"code": LOT_CODE, "lot_specific_tracking": True}),
        ("/v1/item-tracking-codes", {"code": SERIAL_CODE, "sn_specific_tracking": True}),
        *[("/v1/locations", {"code": c, "name": c}) for c in LOCATIONS],
        *[("/v1/customers", {"no": c, "name": f"Customer {c}"}) for c in CUSTOMERS],
        ("/v1/vendors", {"no": VENDOR, "name": "Vendor"}),
    ]
    for path, body in calls:
        answer = await client.post(path, json=body)
        assert answer.status_code in (201, 409), (path, answer.text)


async def post_chain(
    client: httpx.AsyncClient, prefix: str, steps: list[ChainStep]
) -> list[Problem]:
    """Post the chain's steps in order; a step the service refuses stops the chain (later steps
    build on it) and is a problem of its own."""
    for item, code in items_of(prefix).items():
        body = {"no": item, **({"item_tracking_code": code} if code else {})}
        answer = await client.post("/v1/items", json=body)
        assert answer.status_code == 201, answer.text
    shipped: dict[tuple[str, str, str, str], int] = {}
    for n, step in enumerate(steps):
        if step.op == "post":
            body = resolve(step.body, lambda ref: shipped[ref])
            answer = await client.post("/v1/postings", json=body)
            if answer.status_code != 201:
                return [
                    Problem(
                        f"posting refused ({step.label.split(' ')[0]})",
                        f"step {n} {step.describe()} -> {answer.status_code} {answer.text[:300]}",
                    )
                ]
            for e in answer.json()["entries"]:
                if e["entry_type"] == "Sale" and e["quantity"] < 0:
                    ref = (body["document_no"], e["item_no"], e["serial_no"], e["lot_no"])
                    shipped[ref] = e["entry_no"]
        else:
            path = f"/v1/packages/{quote(step.package, safe='')}/{step.op}"
            body = dict(step.body)
            if step.op == "pack" and step.location:  # where the chain packs it (the API asks
                body["location_code"] = step.location  # when the stock is at two places)
            answer = await client.post(path, json=body)
            if answer.status_code != 200:
                return [
                    Problem(
                        f"{step.op} refused",
                        f"step {n} {step.describe()} -> {answer.status_code} {answer.text[:300]}",
                    )
                ]
    return []


def choose_checks(world: World, rng: random.Random, traces: int = 2) -> list[Check]:
    """A few questions for a chain: traces of random numbers by random method and components,
    one recall, and every package's contents and one package trace."""
    numbers = sorted({e.number for e in world.ledger.entries if e.tracked})
    if not numbers:  # (a small chain may hold no numbered stock: nothing to ask)
        return []
    checks = [
        Check("trace", rng.choice(numbers), rng.choice(METHODS), rng.choice(SHOWS))
        for _ in range(traces)
    ]
    recalled = rng.choice([n for n in numbers if not n[1]] or numbers)
    checks.append(Check("recall", recalled))
    packages = sorted(world.packages.history)
    checks += [Check("contents", package=p) for p in packages]
    if packages:
        checks.append(Check("package-trace", package=rng.choice(packages)))
    return checks


async def _get_all(client: httpx.AsyncClient, path: str, params: dict[str, Any]) -> dict[str, Any]:
    answer = await client.get(path, params={**params, "limit": 500})
    assert answer.status_code == 200, (path, params, answer.status_code, answer.text[:500])
    found: dict[str, Any] = answer.json()
    offset = found.get("next_offset")
    while offset:
        more = await client.get(path, params={**params, "limit": 500, "offset": offset})
        assert more.status_code == 200, more.text[:500]
        page = more.json()
        found["rows"] += page["rows"]
        offset = page.get("next_offset")
    return found


def _key(row: dict[str, Any]) -> NaturalKey:
    return (
        row["document_no"],
        row["entry_type"],
        row["item_no"],
        row["serial_no"],
        row["lot_no"],
        row["location_code"],
    )


def _show(keys: set[Any]) -> str:
    return "; ".join(" ".join(str(k) for k in key if k) for key in sorted(keys, key=str))


async def run_check(client: httpx.AsyncClient, world: World, check: Check) -> list[Problem]:
    if check.what == "trace":
        return await _check_trace(client, world, check)
    if check.what == "recall":
        return await _check_recall(client, world, check)
    if check.what == "contents":
        return await _check_contents(client, world, check)
    return await _check_package_trace(client, world, check)


async def _check_trace(client: httpx.AsyncClient, world: World, check: Check) -> list[Problem]:
    item, serial, lot = check.number
    params = {
        "item_no": item,
        "method": check.method,
        "show_components": check.show,
        "graph": "false",
        **({"serial_no": serial} if serial else {"lot_no": lot}),
    }
    rows = (await _get_all(client, "/v1/trace", params))["rows"]
    ledger = world.ledger
    expected = item_tracing(
        ledger,
        check.method,
        check.show,
        item_no=item,
        serial_no=serial,
        lot_no="" if serial else lot,
    )
    want = {ledger.entry(no).key for no in expected.entries}
    want_edges = {
        (ledger.entry(e).key, ledger.entry(p).key if p else None) for e, p in expected.edges
    }
    want_edges |= {(ledger.entry(no).key, None) for no in expected.starts}
    by_no = {r["entry_no"]: _key(r) for r in rows}
    got = set(by_no.values())
    got_edges = {(_key(r), by_no.get(r["parent_entry_no"] or 0)) for r in rows}
    what = f"trace {item} {serial or lot} {check.method} show={check.show}"
    problems = []
    if want - got:
        types = sorted({k[1] for k in want - got})
        problems.append(
            Problem(
                f"trace {check.method} {check.show}: rows missing ({', '.join(types)})",
                f"{what}: missing {_show(want - got)}",
            )
        )
    if got - want:
        types = sorted({k[1] for k in got - want})
        problems.append(
            Problem(
                f"trace {check.method} {check.show}: rows extra ({', '.join(types)})",
                f"{what}: extra {_show(got - want)}",
            )
        )
    wrong = {e for e in got_edges - want_edges if e[0] in want}
    if wrong:
        problems.append(
            Problem(
                f"trace {check.method} {check.show}: wrong parent",
                f"{what}: (row, parent) {sorted(wrong, key=str)}",
            )
        )
    return problems


async def _check_recall(client: httpx.AsyncClient, world: World, check: Check) -> list[Problem]:
    item, serial, lot = check.number
    number = {"item_no": item, **({"serial_no": serial} if serial else {"lot_no": lot})}
    body = {
        "recall_no": f"RC-{item}"[:20],
        "reason": "oracle",
        "user": "oracle",
        "numbers": [number],
        "block": False,
    }
    answer = await client.post("/v1/recalls", params={"limit": 500}, json=body)
    assert answer.status_code == 200, answer.text[:500]
    found = answer.json()
    expected = expected_recall(world.ledger, [check.number])
    what = f"recall {item} {serial or lot}"
    problems = []
    shipments = {
        (s["customer_no"], s["document_no"]) for c in found["customers"] for s in c["shipments"]
    }
    customers = {c["customer_no"] for c in found["customers"]}
    if customers != expected.customers:
        problems.append(
            Problem(
                "recall: customers differ",
                f"{what}: missing {sorted(expected.customers - customers)}, "
                f"extra {sorted(customers - expected.customers)}",
            )
        )
    if shipments != expected.shipments:
        problems.append(
            Problem(
                "recall: shipments differ",
                f"{what}: missing {sorted(expected.shipments - shipments)}, "
                f"extra {sorted(shipments - expected.shipments)}",
            )
        )
    affected = {(a["item_no"], a["serial_no"], a["lot_no"]) for a in found["affected"]}
    if affected != set(expected.affected):
        problems.append(
            Problem(
                "recall: affected numbers differ",
                f"{what}: missing {_show(set(expected.affected) - affected)}, "
                f"extra {_show(affected - set(expected.affected))}",
            )
        )
    on_hand: dict[tuple[str, str, str, str], float] = defaultdict(float)
    for s in found["on_hand"]:
        on_hand[(s["item_no"], s["serial_no"], s["lot_no"], s["location_code"])] += s["quantity"]
    if dict(on_hand) != expected.on_hand:
        problems.append(
            Problem(
                "recall: affected stock differs",
                f"{what}: service {dict(sorted(on_hand.items()))}, "
                f"oracle {dict(sorted(expected.on_hand.items()))}",
            )
        )
    if expected.returned:
        problems += _check_returned(found, expected.returned, what)
    return problems


def _check_returned(found: dict[str, Any], returned: dict[str, float], what: str) -> list[Problem]:
    """The quantity each customer sent back, read from the shipments' returned quantity."""
    lines = [s for c in found["customers"] for s in c["shipments"]]
    field = next((k for s in lines for k in s if "return" in k), None)
    if field is None:
        return [
            Problem(
                "recall: returned quantity not reported",
                f"{what}: customers sent back {returned}; no shipment line says so",
            )
        ]
    got: dict[str, float] = defaultdict(float)
    for s in lines:
        got[s["customer_no"]] += float(s[field] or 0)
    if {c: q for c, q in got.items() if q} != returned:
        return [
            Problem(
                "recall: returned quantity differs",
                f"{what}: service {dict(got)}, oracle {returned}",
            )
        ]
    return []


def _leaves(contents: list[dict[str, Any]]) -> dict[tuple[str, str, str], float]:
    out: dict[tuple[str, str, str], float] = defaultdict(float)
    for c in contents:
        if c["kind"] == "package":
            for k, q in _leaves(c.get("contents", [])).items():
                out[k] += q
        elif c["kind"] == "lot" and c.get("contents"):
            for k, q in _leaves(c["contents"]).items():
                out[k] += q
        else:
            out[(c["kind"], c["item_no"], c[f"{c['kind']}_no"])] += c["quantity"]
    return dict(out)


async def _check_contents(client: httpx.AsyncClient, world: World, check: Check) -> list[Problem]:
    package = check.package
    packages = world.packages
    if package in packages.shipped:
        answer = await client.get("/v1/where-is", params={"package_no": package})
        assert answer.status_code == 200, answer.text[:500]
        if not answer.json()["shipped_to"]:
            return [
                Problem(
                    "where-is: package shipped whole shows no shipment",
                    f"where-is {package}: shipped_to []",
                )
            ]
        return []
    answer = await client.get(f"/v1/packages/{quote(package, safe='')}/contents")
    assert answer.status_code == 200, answer.text[:500]
    got = _leaves(answer.json()["contents"])
    want = packages.leaves(package)
    if got != want:
        extra, missing = set(got) - set(want), set(want) - set(got)
        kind = (
            "contents: holds what left its location"
            if extra
            else "contents: misses what it holds"
            if missing
            else "contents: quantity differs"
        )
        return [Problem(kind, f"{package}: service {got}, oracle {want}")]
    return []


async def _check_package_trace(
    client: httpx.AsyncClient, world: World, check: Check
) -> list[Problem]:
    """A package's trace covers what it held, and nothing it never held."""
    params = {"package_no": check.package, "method": "origin-to-usage", "graph": "false"}
    rows = (await _get_all(client, "/v1/trace", params))["rows"]
    held = {(item, no) for _, item, no in world.packages.ever_held(check.package)}
    numbers = {(r["item_no"], r["serial_no"] or r["lot_no"]) for r in rows if r["level"] == 0}
    never = {n for n in numbers if n not in held}
    problems = []
    if never:
        problems.append(
            Problem(
                "package trace: starts from numbers the package never held",
                f"{check.package}: {sorted(never)}; it held {sorted(held)}",
            )
        )
    unreached = {
        n for n in held if n not in {(r["item_no"], r["serial_no"] or r["lot_no"]) for r in rows}
    }
    if unreached:
        problems.append(
            Problem(
                "package trace: misses numbers the package held",
                f"{check.package}: {sorted(unreached)}",
            )
        )
    return problems
