"""`/v1/packages/{package_no}/pack`, `/unpack`, `/contents`, `/history`, `/where`: what a
package holds, packing and unpacking with their history, and where a package is.

A package number containing `/` goes URL-encoded (`P%2F7`). These routes are registered before
the package information cards' `/v1/packages/{package_no}`, so a card whose number ends in
`/contents`, `/history` or `/where` can be read only through the card list.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from service.api.deps import GraphDep
from service.api.paging import Page, PagingDep
from service.domain.containment import (
    ContainmentChain,
    HistoryEntry,
    PackageContents,
    PackageRef,
    PackRequest,
    UnpackRequest,
)
from service.graph import containment

router = APIRouter(prefix="/v1/packages", tags=["containment"])
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "The package, or a lot or serial number named, does not exist"},
    409: {
        "description": "A cycle, already packed elsewhere, not on hand at the package's "
        "location, or not in this package"
    },
}


async def _package_no(package_no: str) -> str:
    return package_no.strip()


PackageNoDep = Annotated[str, Depends(_package_no)]


@router.post("/{package_no:path}/pack", responses=ERRORS)
async def pack(graph: GraphDep, package_no: PackageNoDep, request: PackRequest) -> PackageContents:
    """Pack lots, serial numbers and packages into the package (created if new), all or
    nothing; answers with everything the package holds now. A package holds only stock on hand
    at its own location: packing more than is on hand there and not packed elsewhere is a 409
    `not-on-hand` naming the number and the quantity available."""
    return await containment.pack_contents(
        graph,
        package_no=package_no,
        contents=request.contents,
        user=request.user,
        location_code=request.location_code,
    )


@router.post("/{package_no:path}/unpack", responses=ERRORS)
async def unpack(
    graph: GraphDep, package_no: PackageNoDep, request: UnpackRequest
) -> PackageContents:
    """Take the named contents out (all or nothing), or with `all: true` everything one level
    down; the history keeps each packing with its unpacking."""
    return await containment.unpack_contents(
        graph, package_no=package_no, contents=request.contents, user=request.user
    )


@router.get("/{package_no:path}/contents", responses=ERRORS)
async def contents(
    graph: GraphDep,
    package_no: PackageNoDep,
    as_of: Annotated[
        AwareDatetime | None,
        Query(description="What the package held at this moment (with its time zone)"),
    ] = None,
) -> PackageContents:
    """Everything in the package now (or at `as_of`), nested to any depth; a packed lot holds
    its serial numbers that are not packed themselves."""
    return await containment.get_contents(graph, package_no=package_no, as_of=as_of)


@router.get("/{package_no:path}/history", responses=ERRORS)
async def history(
    graph: GraphDep, package_no: PackageNoDep, paging: PagingDep
) -> Page[HistoryEntry]:
    """Every packing into the package, current or unpacked, oldest first."""
    found = await containment.list_history(
        graph, package_no=package_no, limit=paging.limit, offset=paging.offset
    )
    return Page(items=found, next_offset=paging.next_offset(len(found)))


@router.get("/{package_no:path}/where", responses=ERRORS)
async def where(graph: GraphDep, package_no: PackageNoDep) -> ContainmentChain:
    """The packages this one is inside, nearest first."""
    return await containment.containment_chain(graph, of=PackageRef(package_no=package_no))
