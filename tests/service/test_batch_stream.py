"""The batch endpoint streams: the body is evaluated as it arrives and the lines go
out as they are made, with the row counts last (a summary line and trailers)."""
import json
import os
import pathlib
import signal
import socket
import threading
import time

import jsonschema
import pytest
import requests

from chunked_client import ChunkedBatch, batch_cli, profile_lines
from conftest import PACK, ROOT, Server
from schemas import validate_component, validate_schema


def read_access_log(server, needle, seconds=5):
    """The access log's lines holding `needle`, once there is one (it is written every 250 ms)."""
    deadline = time.monotonic() + seconds
    while True:
        lines = [line for line in server.access_log.read_text(encoding="utf-8").splitlines() if needle in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_a_chunked_upload_gets_the_lines_of_trappe_batch(server, examples, openapi_doc, tmp_path):
    rows = list(profile_lines(examples, 20_000))
    r = requests.post(server.pack_url("batch"), data=iter(rows), timeout=60,
                      headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200
    assert r.headers["Transfer-Encoding"] == "chunked"
    assert r.headers["Trailer"] == "X-Trappe-Rows, X-Trappe-Rows-Written, X-Trappe-Rows-Failed, X-Trappe-Batch-Status"
    *got, last = r.content.splitlines()
    assert got == batch_cli(tmp_path, rows), "the same bytes as trappe batch --out x.jsonl, line for line"
    summary = json.loads(last)
    validate_component(openapi_doc, "BatchSummary", summary)
    assert summary == {"schema": "trappe.batch-summary/1",
                       "rules": {"pack": PACK, "hash": r.headers["X-Trappe-Pack-Hash"], "trappe": summary["rules"]["trappe"]},
                       "rows": {"in": 20_000, "written": 20_000, "errors": 0}, "complete": True}
    # The schema file of docs/schema holds too (as for the CLI's shapes, tests/schema).
    schema = json.loads((ROOT / "docs" / "schema" / "batch-summary.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "trappe.batch-summary/1"
    validate_schema(schema, summary)
    validate_schema(schema, dict(summary, complete=False, error={"code": "body_too_large", "message": "x"}))
    try:
        validate_schema(schema, dict(summary, complete=False))
        raise AssertionError("an incomplete batch without its error passed")
    except jsonschema.ValidationError:
        pass


def test_trailers_summary_and_bad_rows(server, examples, openapi_doc):
    lines = [json.dumps(e).encode() + b"\n" for e in examples]
    lines.insert(1, json.dumps(dict(examples[0], mobilitet="flyvende", borger_id="HEMMELIG-5678")).encode() + b"\n")
    lines.insert(3, b"{not json\n")
    lines.insert(4, b"   \n")  # a blank line is no row
    c = ChunkedBatch(server.port)
    try:
        # Pieces cut through the middle of lines.
        body = b"".join(lines)
        c.send_all([body[i:i + 100] for i in range(0, len(body), 100)])
        assert c.read_head() == 200
        out = [json.loads(line) for line in c.lines()]
    finally:
        c.close()
    *row_lines, summary = out
    for line in row_lines:
        validate_component(openapi_doc, "BatchLine", line)
    validate_component(openapi_doc, "BatchSummary", summary)
    n = len(examples) + 2
    assert [x["row"] for x in row_lines] == list(range(1, n + 1))
    assert row_lines[1]["errors"] == [{"code": "invalid_row", "field": "mobilitet", "message": row_lines[1]["errors"][0]["message"]}]
    assert row_lines[3]["errors"][0]["field"] == ""
    assert summary["rows"] == {"in": n, "written": len(examples), "errors": 2} and summary["complete"] is True
    assert c.trailers == {"X-Trappe-Rows": str(n), "X-Trappe-Rows-Written": str(len(examples)),
                          "X-Trappe-Rows-Failed": "2", "X-Trappe-Batch-Status": "complete"}
    assert c.headers["X-Trappe-Pack-Hash"] == summary["rules"]["hash"]
    text = json.dumps(out)
    assert "HEMMELIG" not in text and "flyvende" not in text
    [logged] = read_access_log(server, "id=" + c.headers["X-Request-Id"] + " ")
    assert f"endpoint=batch pack={PACK} rows={n} failed_rows=2 status=200" in logged


def test_the_answer_begins_before_the_body_ends(server, examples):
    c = ChunkedBatch(server.port)
    try:
        first = list(profile_lines(examples, 500))
        c.send_all(first, end=False)
        assert c.read_head() == 200
        lines = c.lines()
        # Nothing more is sent until the first answers are in.
        got = [next(lines) for _ in range(500)]
        assert [json.loads(line)["row"] for line in got] == list(range(1, 501))
        c.send_all(list(profile_lines(examples, 300, seed=8)))
        rest = list(lines)
    finally:
        c.close()
    assert len(rest) == 301 and json.loads(rest[-1])["rows"]["in"] == 800


def test_a_steady_trickle_is_answered_as_it_goes(server, examples):
    # A row a millisecond never pauses long enough to look like the end of a burst:
    # the rows that came are still answered within a few tens of milliseconds.
    rows = list(profile_lines(examples, 1500))
    c = ChunkedBatch(server.port)
    sent = []

    def trickle():
        for row in rows:
            c.send(row)
            sent.append(time.monotonic())
            time.sleep(0.001)
        c.end()

    try:
        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        assert c.read_head() == 200
        lines = c.lines()
        first = next(lines)
        answered = time.monotonic()
        assert json.loads(first)["row"] == 1
        assert sender.is_alive() and len(sent) < len(rows), "the first answer came only at the end"
        assert answered - sent[0] < 1.0
        rest = list(lines)
        sender.join()
    finally:
        c.close()
    assert len(rest) == len(rows)


def test_memory_stays_flat_for_a_large_body(tmp_path, examples):
    # 200,000 rows, 118 MB in and 70 MB out; read whole, the server would hold both.
    s = Server(tmp_path, "--request-timeout", "30")
    try:
        c = ChunkedBatch(s.port, timeout=120)
        try:
            templates = list(profile_lines(examples, 50))

            def pieces():
                piece = []
                for i in range(200_000):
                    piece.append(templates[i % 50])
                    if len(piece) == 200:
                        yield b"".join(piece)
                        piece = []

            sender = c.send_all_in_background(pieces())
            count = sum(1 for _ in c.lines())
            sender.join()
        finally:
            c.close()
        assert count == 200_001
        assert c.trailers["X-Trappe-Rows-Written"] == "200000"
        if os.environ.get("TRAPPE_SANITIZE"):
            pytest.skip("the memory bound holds for the plain build; ASan keeps freed memory in quarantine")
        status = (f"/proc/{s.proc.pid}/status")
        peak_kb = int(next(line for line in open(status) if line.startswith("VmHWM")).split()[1])
        assert peak_kb < 80_000, f"peak resident memory {peak_kb} kB for a 118 MB body"
    finally:
        s.stop()


def open_sockets(pid):
    fds = pathlib.Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.readlink(fd).startswith("socket:"))


def test_a_client_that_leaves_mid_stream(server, examples):
    baseline = open_sockets(server.proc.pid)
    for reads in [True, False, True, False]:
        c = ChunkedBatch(server.port)
        c.send_all(list(profile_lines(examples, 3000)), end=False)
        if reads:
            assert c.read_head() == 200
            c.reader.read(10_000)
        # Gone without ending the body: a reset, not a goodbye.
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        request_id = c.headers.get("X-Request-Id")
        c.close()
        if request_id:
            [logged] = read_access_log(server, "id=" + request_id + " ")
            assert "endpoint=batch" in logged and "status=499" in logged
    # The server goes on serving, streams and all.
    assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
    r = requests.post(server.pack_url("batch"), data=b"".join(profile_lines(examples, 10)), timeout=10)
    assert r.status_code == 200 and json.loads(r.content.splitlines()[-1])["complete"] is True
    # Every connection the clients left is closed: nothing kept behind.
    deadline = time.monotonic() + 5
    while open_sockets(server.proc.pid) > baseline and time.monotonic() < deadline:
        time.sleep(0.05)
    assert open_sockets(server.proc.pid) <= baseline


def test_a_client_that_stops_reading_is_cut_off(tmp_path, examples):
    # The answers a client leaves unread are held up to --batch-backlog; then reading
    # waits, nothing moves, and the watchdog closes the connection after the request timeout.
    s = Server(tmp_path, "--batch-backlog", "100000", "--request-timeout", "1")
    try:
        c = ChunkedBatch(s.port, timeout=15)
        rows = list(profile_lines(examples, 500))
        start = time.monotonic()
        try:
            while time.monotonic() - start < 15:
                c.send_all(rows, end=False)
            raise AssertionError("the server took 15 s of body without its answers being read")
        except OSError:
            pass  # the server closed the connection
        finally:
            c.close()
        assert time.monotonic() - start < 10
        assert read_access_log(s, "status=408")
        assert requests.get(s.url + "/healthz", timeout=5).status_code == 200
    finally:
        s.stop()


def test_batch_bodies_over_the_batch_limit(server, examples, openapi_doc):
    # The batch limit is 16000000 bytes here (conftest), beyond the body limit of 2000000.
    line = json.dumps(examples[0]).encode() + b"\n"
    r = requests.post(server.pack_url("batch"), data=line * (2_500_000 // len(line)), timeout=10)
    assert r.status_code == 200, "a batch is not held to the body limit"
    n = 16_000_000 // len(line) + 10
    r = requests.post(server.pack_url("batch"), data=line * n, timeout=10)
    assert r.status_code == 413 and r.json()["code"] == "body_too_large", "a Content-Length over the batch limit"
    assert r.json()["message"] == "the request body is larger than the limit of 16000000 bytes"
    # Chunked, the answer has begun when the limit passes: the rows that came whole are
    # answered, then the summary says why the batch stopped.
    r = requests.post(server.pack_url("batch"), data=iter([line] * n), timeout=10)
    assert r.status_code == 200
    *rows, summary = [json.loads(x) for x in r.content.splitlines()]
    validate_component(openapi_doc, "BatchSummary", summary)
    assert summary["complete"] is False and summary["error"]["code"] == "body_too_large"
    assert summary["rows"]["in"] == len(rows) and 0 < len(rows) < n
    assert [x["row"] for x in rows] == list(range(1, len(rows) + 1))


def test_a_line_too_long_ends_the_batch(server, examples, openapi_doc):
    c = ChunkedBatch(server.port)
    try:
        c.send_all([json.dumps(examples[0]).encode() + b"\n", b"x" * 1_100_000], end=False)
        assert c.read_head() == 200
        out = [json.loads(line) for line in c.lines()]
    finally:
        c.close()
    assert out[0]["row"] == 1 and out[-1]["error"]["code"] == "line_too_long"
    validate_component(openapi_doc, "BatchSummary", out[-1])
    assert c.trailers["X-Trappe-Batch-Status"] == "line_too_long"


def test_an_http_1_0_batch_is_read_whole_with_the_same_lines(server, examples):
    body = b"".join(profile_lines(examples, 50))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"POST /v1/packs/{PACK}/batch HTTP/1.0\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, text = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200") and b"X-Trappe-Rows: 50" in head and b"chunked" not in head
    streamed = requests.post(server.pack_url("batch"), data=iter([body]), timeout=10)
    assert text == streamed.content


def test_a_stream_finishes_on_the_plan_it_started_with(tmp_path, examples):
    s = Server(tmp_path)
    try:
        rows = list(profile_lines(examples, 2000))
        expected = batch_cli(tmp_path, rows, rules=s.rules / PACK)
        c = ChunkedBatch(s.port)
        try:
            c.send_all(rows[:1000], end=False)
            assert c.read_head() == 200
            old_hash = c.headers["X-Trappe-Pack-Hash"]
            lines = c.lines()
            got = [next(lines) for _ in range(1000)]
            # A new threshold for § 85 changes sel_85 for many rows.
            path = s.rules / PACK / "stoettebehov.trappe"
            path.write_text(path.read_text(encoding="utf-8").replace("from 2025-06-01 = moderat",
                                                                     "from 2025-06-01 = fuldstaendigt"), encoding="utf-8")
            s.proc.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 20
            while requests.get(s.url + "/v1/packs", timeout=5).json()["packs"][0]["hash"] == old_hash:
                assert time.monotonic() < deadline, "the reload did not happen"
                time.sleep(0.05)
            c.send_all(rows[1000:])
            *more, last = list(lines)
        finally:
            c.close()
        assert got + more == expected, "every row on the old rules"
        assert json.loads(last)["rules"]["hash"] == old_hash
        fresh = requests.post(s.pack_url("batch"), data=iter(rows), timeout=30)
        assert fresh.headers["X-Trappe-Pack-Hash"] != old_hash
        assert fresh.content.splitlines()[:-1] != expected
    finally:
        s.stop()


def test_a_broken_chunked_encoding_ends_the_batch(server, examples, openapi_doc):
    c = ChunkedBatch(server.port)
    try:
        c.send_all(list(profile_lines(examples, 20)), end=False)
        assert c.read_head() == 200
        lines = c.lines()
        first = [json.loads(next(lines)) for _ in range(20)]
        c.sock.sendall(b"zz\r\nnot a chunk\r\n")
        *rest, summary = [json.loads(line) for line in lines]
    finally:
        c.close()
    assert [x["row"] for x in first] == list(range(1, 21)) and rest == []
    validate_component(openapi_doc, "BatchSummary", summary)
    assert summary["complete"] is False and summary["error"]["code"] == "bad_request"
    assert summary["rows"] == {"in": 20, "written": 20, "errors": 0}
    assert c.trailers["X-Trappe-Batch-Status"] == "bad_request"
    # Streams are counted like any request, by endpoint, status and pack.
    metrics = requests.get(server.url + "/metrics", timeout=5).text
    assert 'trappe_requests_total{endpoint="batch",status="200"}' in metrics
    assert f'trappe_rows_total{{pack="{PACK}",outcome="evaluated"}}' in metrics


def test_streams_one_after_another_on_one_connection(server, examples, tmp_path):
    rows = list(profile_lines(examples, 3000))
    expected = batch_cli(tmp_path, rows)
    c = ChunkedBatch(server.port)
    try:
        for k in range(3):
            if k:
                c.again(expect_continue=k == 2)
            c.send_all(rows)
            *got, summary = list(c.lines())
            assert got == expected, f"request {k + 1}"
            assert json.loads(summary)["complete"] is True and c.trailers["X-Trappe-Rows"] == "3000"
    finally:
        c.close()
