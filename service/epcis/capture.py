"""What a capture answers: per event, whether it was captured, and what it posted."""

from typing import Literal, Self

from pydantic import BaseModel, Field


class CapturedEvent(BaseModel):
    event_id: str = Field(serialization_alias="eventID")
    status: Literal["captured", "already_captured", "refused"]
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
