"""The errors the service raises on purpose, each carrying its HTTP status.

    DomainError            400  the base: a stable machine `code` and a message for people
    ├── EpcisInvalid       400  an EPCIS document GS1's schema refuses (names a JSON pointer)
    ├── Unauthorized       401  no API key, or one that is unknown or revoked
    ├── Forbidden          403  the API key lacks the scope the route needs
    ├── NotFound           404  the named thing does not exist
    ├── Conflict           409  the request contradicts what is stored (duplicate, in use)
    │   └── TrackingRuleViolation  409  an item-tracking rule refuses the posting
    ├── TooLarge           413  more than the service takes in one request (names what to split)
    ├── InvalidInput       422  a value the request models cannot catch (names its field)
    ├── Unavailable        503  Neo4j cannot be reached; retry later
    │   └── OverBudget     503  the request's transaction needs more memory than Neo4j allows
    └── TimedOut           504  the request's deadline passed before Neo4j answered

One handler (`service.api.problems`) renders them as RFC 9457 `application/problem+json`.
"""

from typing import Any, ClassVar


class DomainError(Exception):
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"
    default_code: ClassVar[str] = "bad-request"

    def __init__(self, message: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.extra = extra


class EpcisInvalid(DomainError):
    title = "Invalid EPCIS document"
    default_code = "epcis-invalid"

    def __init__(self, message: str, *, pointer: str, faults: list[dict[str, str]]) -> None:
        super().__init__(message, pointer=pointer, errors=faults)


class Unauthorized(DomainError):
    status = 401
    title = "Unauthorized"
    default_code = "unauthenticated"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"
    default_code = "forbidden"


class NotFound(DomainError):
    status = 404
    title = "Not found"
    default_code = "not-found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    default_code = "conflict"


class TrackingRuleViolation(Conflict):
    title = "Item tracking rule violated"
    default_code = "tracking-rule"


class TooLarge(DomainError):
    status = 413
    title = "Content too large"
    default_code = "too-large"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, errors=[{"field": field, "message": message}])


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"
    default_code = "invalid-input"

    def __init__(self, message: str, *, field: str, code: str | None = None) -> None:
        super().__init__(message, code=code, errors=[{"field": field, "message": message}])


class Unavailable(DomainError):
    status = 503
    title = "Service unavailable"
    default_code = "neo4j-unavailable"


class OverBudget(Unavailable):
    title = "Request too large for the database's memory budget"
    default_code = "memory-budget-exceeded"


class TimedOut(DomainError):
    status = 504
    title = "Request timed out"
    default_code = "request-timed-out"
