"""The pipe that carries pages to the extraction workers holds several of them (issue 14).

With Linux's default 64 KB, a 200 KB page is written only as fast as the worker reads it, after
it has finished the page before: a third of a worker's time went to waiting for pages. The
pool's context widens its one-way pipes, so the next pages are written while it extracts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.pipelines.extract import PIPE_BYTES, RoomyPipes

PAGE = b"x" * 200_000  # a real article page with its scripts weighs this much


def pipe_max() -> int:
    return int(Path("/proc/sys/fs/pipe-max-size").read_text())


@pytest.mark.skipif(not Path("/proc/sys/fs/pipe-max-size").exists(), reason="Linux only")
def test_several_pages_fit_in_the_pool_pipe_with_no_reader_yet() -> None:
    assert pipe_max() >= PIPE_BYTES, "this machine caps pipes below the size the pool asks for"
    reader, writer = RoomyPipes().Pipe(duplex=False)
    try:
        os.set_blocking(writer.fileno(), False)
        for _ in range(PIPE_BYTES // len(PAGE)):
            writer.send_bytes(PAGE)  # BlockingIOError if the buffer were the default 64 KB
        assert reader.recv_bytes() == PAGE
    finally:
        reader.close()
        writer.close()


def test_a_two_way_pipe_is_left_as_multiprocessing_makes_it() -> None:
    one, other = RoomyPipes().Pipe(duplex=True)
    try:
        one.send(["a page"])
        assert other.recv() == ["a page"]
    finally:
        one.close()
        other.close()
