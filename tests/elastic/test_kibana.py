"""Kibana saved objects: every referenced field exists; the import request is what Kibana takes.

Kibana itself cannot run here, so a local HTTP server checks the request the way Kibana's
``POST /api/saved_objects/_import`` does: kbn-xsrf header, multipart with one ``file`` part
holding NDJSON, ``overwrite=true``.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from newswatch.cli import app
from search.elastic.kibana import saved_objects
from search.elastic.mapping import ARTICLE_PROPERTIES

KQL_FIELD = re.compile(r"([A-Za-z_][\w.]*)\s*:")


def _referenced_fields(obj: dict[str, Any]) -> set[str]:
    attributes = obj["attributes"]
    fields = {attributes.get("timeFieldName")} - {None}
    fields |= set(attributes.get("columns", []))
    fields |= {column for column, _ in attributes.get("sort", [])}
    search_source = json.loads(
        attributes.get("kibanaSavedObjectMeta", {}).get("searchSourceJSON", "{}")
    )
    fields |= set(KQL_FIELD.findall(search_source.get("query", {}).get("query", "")))
    vis_state = json.loads(attributes.get("visState", "{}"))
    fields |= {
        agg["params"]["field"] for agg in vis_state.get("aggs", []) if "field" in agg["params"]
    }
    return fields


def _mapped_fields(properties: dict[str, Any], prefix: str = "") -> set[str]:
    """Every field of the mapping by its dotted name, as Kibana lists them."""
    names = set()
    for name, spec in properties.items():
        names.add(prefix + name)
        names |= _mapped_fields(spec.get("properties", {}), f"{prefix}{name}.")
    return names


def test_every_referenced_field_is_in_the_mapping() -> None:
    objects = saved_objects()
    referenced = set().union(*(_referenced_fields(o) for o in objects))
    assert {"published_at", "source", "title", "text_folded"} <= referenced
    assert {"max_usd", "facts.zones.name"} <= referenced  # investment by zone over time
    assert referenced - _mapped_fields(ARTICLE_PROPERTIES) == set()


def test_investment_panel_sums_usd_per_zone_over_time() -> None:
    objects = {o["id"]: o for o in saved_objects()}
    vis = json.loads(objects["newswatch-investment-by-zone"]["attributes"]["visState"])
    aggs = {agg["schema"]: (agg["type"], agg["params"]["field"]) for agg in vis["aggs"]}
    assert aggs == {
        "metric": ("sum", "max_usd"),
        "segment": ("date_histogram", "published_at"),
        "group": ("terms", "facts.zones.name"),
    }
    dashboard = objects["newswatch-overview"]
    assert {"id": "newswatch-investment-by-zone", "name": "panel_3", "type": "visualization"} in (
        dashboard["references"]
    )


def test_references_point_at_objects_in_the_file() -> None:
    objects = saved_objects()
    present = {(o["type"], o["id"]) for o in objects}
    for obj in objects:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in present, (obj["id"], ref)
    data_view = next(o for o in objects if o["type"] == "index-pattern")
    assert data_view["attributes"]["timeFieldName"] == "published_at"


class _FakeKibanaImport(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        if self.headers.get("kbn-xsrf") is None:
            return self._reply(400, {"statusCode": 400, "message": "Request must contain kbn-xsrf"})
        if not self.path.startswith("/api/saved_objects/_import?overwrite=true"):
            return self._reply(404, {"statusCode": 404})
        content_type = self.headers.get("Content-Type", "")
        if not content_type.startswith("multipart/form-data"):
            return self._reply(415, {"statusCode": 415, "message": "Unsupported Media Type"})
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        (part,) = [
            p
            for p in message.iter_parts()
            if p.get_param("name", header="content-disposition") == "file"
        ]
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        lines = payload.decode("utf-8").splitlines()
        objects = [json.loads(line) for line in lines]
        self.received.append({"filename": part.get_filename(), "objects": objects})
        self._reply(200, {"success": True, "successCount": len(objects), "errors": []})

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def kibana() -> Iterator[str]:
    _FakeKibanaImport.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeKibanaImport)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_import_command_posts_ndjson_with_the_configured_alias(kibana: str, tmp_path: Path) -> None:
    config = tmp_path / "newswatch.toml"
    config.write_text('[storage]\nbackend = "elasticsearch"\nindex = "hp-news"\n')
    result = CliRunner().invoke(app, ["--config", str(config), "kibana", "import", "--url", kibana])
    assert result.exit_code == 0, result.output
    assert f"imported {len(saved_objects())} saved objects" in result.output
    (upload,) = _FakeKibanaImport.received
    assert upload["filename"].endswith(".ndjson")
    data_view = next(o for o in upload["objects"] if o["type"] == "index-pattern")
    assert data_view["attributes"]["title"] == "hp-news"


def test_import_to_unreachable_kibana_fails_clearly(tmp_path: Path) -> None:
    from tests.servers.elasticsearch import free_port

    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(app, ["kibana", "import", "--url", url])
    assert result.exit_code == 1
    assert "cannot reach Kibana" in result.output
