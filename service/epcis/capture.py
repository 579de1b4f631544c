"""What a capture answers: per event, whether it was captured, and what it posted."""

from dataclasses import dataclass
from typing import Literal, Self

from pydantic import BaseModel, Field

from service.epcis.events import Event


@dataclass(frozen=True)
class Located:
    """An event with where it stands in the submitted body (a JSON pointer, and its index)."""

    event: Event
    pointer: str
    index: int = 0


class CapturedEvent(BaseModel):
    event_id: str = Field(serialization_alias="eventID")
    status: Literal["captured", "already_captured", "error_declared", "refused"]
    documents: list[str] = Field(
        default_factory=list, description="Documents posted for it, as kind/number"
    )
    packages: list[str] = Field(default_factory=list, description="Packages packed or unpacked")
    reason: str | None = None
    code: str | None = None
    pointer: str | None = Field(default=None, description="JSON pointer to the refused event")


class CaptureResult(BaseModel):
    captured: int
    already_captured: int
    refused: int
    events: list[CapturedEvent]

    @classmethod
    def of(cls, events: list[CapturedEvent]) -> Self:
        def count(status: str) -> int:
            return sum(1 for e in events if e.status == status)

        return cls(
            captured=count("captured"),
            already_captured=count("already_captured"),
            refused=count("refused"),
            events=events,
        )
