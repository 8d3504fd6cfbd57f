"""An existing index the code cannot use gives a clear error instead of odd writes."""

from __future__ import annotations

import pytest

from search.elastic.migrate import MappingConflict
from tests.elastic.conftest import MakeBackend

pytestmark = pytest.mark.elasticsearch


def test_plain_index_with_the_alias_name_is_refused(make_backend: MakeBackend) -> None:
    backend = make_backend()
    backend.client.indices.create(index=backend.alias)
    with pytest.raises(MappingConflict, match="plain index, not an alias"):
        backend.ensure_ready()


def test_versioned_index_with_conflicting_mapping_is_refused(make_backend: MakeBackend) -> None:
    backend = make_backend()
    backend.client.indices.create(
        index=f"{backend.alias}-v1",
        mappings={"dynamic": "true", "properties": {"source": {"type": "text"}}},
        aliases={backend.alias: {"is_write_index": True}},
    )
    # The template only applies at creation: this index predates it.
    with pytest.raises(MappingConflict, match=r"conflicting fields \['source'\]"):
        backend.ensure_ready()
