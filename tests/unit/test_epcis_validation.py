"""The fast (Rust) validator and `jsonschema` agree on every one of GS1's examples, valid and
invalid, so a document the fast one passes is one `jsonschema` would pass."""

import csv
import json
from pathlib import Path

import pytest

from service.epcis.validation import _fast_validator, _validator

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "epcis"
MANIFEST = list(
    csv.DictReader((EXAMPLES / "MANIFEST.tsv").read_text("utf-8").splitlines(), delimiter="\t")
)


@pytest.mark.parametrize("path", [r["path"] for r in MANIFEST])
def test_the_fast_validator_agrees_with_jsonschema(path: str) -> None:
    document = json.loads((EXAMPLES / path).read_text("utf-8"))
    valid = not list(_validator().iter_errors(document))
    assert _fast_validator().is_valid(document) == valid
