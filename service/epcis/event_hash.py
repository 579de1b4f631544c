"""CBV 2.0 event identity: the canonical event hash (`ni:///sha-256;…?ver=CBV2.0`, CBV 2.0
section 8.9) of an event captured without an eventID, computed by GS1's reference
implementation (PyPI `epcis-event-hash-generator`).

That library expands the document as JSON-LD (to turn bare CBV words into their URIs) and would
fetch unknown remote contexts over the network. Here it never does: the JSON-LD loader answers
only GS1's standard context (bundled with the library); other remote contexts are left out, and
inline prefix definitions kept, so extension fields hash under their namespace URIs. The library
keeps its namespaces in a module global, so calls are serialised by a lock. Where the library
cannot read an event (it fails on a bizTransaction, source or destination without `type`), the
event's ID is the SHA-256 of its canonical JSON, marked `?ver=tracegraph-json`, not CBV2.0.
"""

import hashlib
import json
import threading
from functools import cache
from importlib import resources
from typing import Any

from epcis_event_hash_generator import hash_generator, json_to_py
from pyld import jsonld

STANDARD_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
_BUNDLED = "e532647e8eb371379b8b0e8602d8981c8566bc60f7351f22c76a5bc865962008.jsonld"
_lock = threading.Lock()


@cache
def _standard_context() -> dict[str, Any]:
    text = resources.files("epcis_event_hash_generator").joinpath(_BUNDLED).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Only GS1's standard context, from disk; any other URL is an empty context."""
    document = _standard_context() if url == STANDARD_CONTEXT else {"@context": {}}
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": document}  # fmt: skip


def _contexts(context: Any) -> list[Any]:
    """The standard context first, then the inline prefixes that do not redefine its terms."""
    defined = set(_standard_context()["@context"])
    given = context if isinstance(context, list) else [context]
    inline = [
        {k: v for k, v in c.items() if k not in defined and isinstance(v, str)}
        for c in given
        if isinstance(c, dict)
    ]
    return [STANDARD_CONTEXT, *[c for c in inline if c]]


def _hashes(events: list[dict[str, Any]], context: list[Any]) -> list[str]:
    bare = [{k: v for k, v in event.items() if k != "@context"} for event in events]
    document = {"@context": context, "type": "EPCISDocument",
                "epcisBody": {"eventList": json.loads(json.dumps(bare))}}  # fmt: skip
    parsed = json_to_py.event_list_from_epcis_document_json(document)
    hashes: list[str] = hash_generator.epcis_hashes_from_events(parsed)
    return hashes


def content_digest(event: dict[str, Any]) -> str:
    """What an event says, as a SHA-256 of its canonical JSON: the same for the same event sent
    again (whatever its key order, recordTime or document @context), different otherwise."""
    content = {k: v for k, v in event.items() if k not in {"recordTime", "@context"}}
    body = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def fallback_hash(event: dict[str, Any]) -> str:
    """For an event the reference implementation cannot read: its content digest, marked as
    not CBV's."""
    return f"ni:///sha-256;{content_digest(event)}?ver=tracegraph-json"


def event_hashes(events: list[dict[str, Any]], context: Any = None) -> list[str]:
    """The CBV 2.0 event hash of each event (JSON/JSON-LD binding), in order; an event the
    reference implementation cannot read gets `fallback_hash`."""
    if not events:
        return []
    try:
        return _event_hashes(events, context)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError, jsonld.JsonLdError):
        if len(events) == 1:
            return [fallback_hash(events[0])]
        return [h for event in events for h in event_hashes([event], context)]


def _event_hashes(events: list[dict[str, Any]], context: Any) -> list[str]:
    with _lock:
        jsonld.set_document_loader(_offline_loader)
        json_to_py._namespaces.clear()
        try:
            return _hashes(events, _contexts(context))
        except jsonld.JsonLdError:  # an inline context the standard one protects against
            json_to_py._namespaces.clear()
            return _hashes(events, [STANDARD_CONTEXT])
