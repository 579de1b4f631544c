"""The first start makes an admin key, kept in a file only its owner reads; later starts make
none and never hand the key out again."""

import stat
from pathlib import Path

import httpx

from service.access import bootstrap_admin_key
from service.graph.admin import delete_all_data
from service.graph.api_keys import list_api_keys
from service.graph.store import Graph


async def test_first_start_makes_an_admin_key_in_an_owner_only_file_and_later_ones_do_not(
    graph: Graph, anonymous: httpx.AsyncClient, tmp_path: Path
) -> None:
    await delete_all_data(graph, api_keys_too=True)

    first = await bootstrap_admin_key(graph, data_dir=tmp_path / "data")

    assert first.key is not None
    assert first.path == tmp_path / "data" / "admin-api-key"
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert first.path.read_text().strip() == first.key
    as_admin = {"Authorization": f"Bearer {first.key}"}
    assert (await anonymous.get("/v1/api-keys", headers=as_admin)).status_code == 200

    second = await bootstrap_admin_key(graph, data_dir=tmp_path / "data")

    assert second.key is None, "the key is handed out once"
    assert second.path == first.path
    assert first.path.read_text().strip() == first.key
    assert [k.name for k in await list_api_keys(graph)] == ["admin (first start)"]


async def test_a_database_with_admin_keys_gets_no_new_one(graph: Graph, tmp_path: Path) -> None:
    await delete_all_data(graph, api_keys_too=True)
    await bootstrap_admin_key(graph, data_dir=tmp_path / "one")

    other = await bootstrap_admin_key(graph, data_dir=tmp_path / "two")

    assert other.key is None
    assert other.admin_keys == 1
    assert not other.path.exists()


async def test_a_file_whose_key_no_longer_works_is_kept_aside_not_overwritten(
    graph: Graph, tmp_path: Path
) -> None:
    await delete_all_data(graph, api_keys_too=True)
    old = await bootstrap_admin_key(graph, data_dir=tmp_path)
    await delete_all_data(graph, api_keys_too=True)  # a reset that dropped the keys

    new = await bootstrap_admin_key(graph, data_dir=tmp_path)

    assert new.key is not None
    assert new.key != old.key
    assert new.path.read_text().strip() == new.key
    [aside] = tmp_path.glob("admin-api-key.replaced-*")
    assert aside.read_text().strip() == old.key
