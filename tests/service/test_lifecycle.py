"""Concurrent clients, SIGHUP reload under load, SIGTERM draining, and an access log without profile values."""
import concurrent.futures
import json
import signal
import socket
import threading
import time

import requests

from conftest import Server


def test_concurrent_clients_get_identical_answers(server, examples):
    expected = [requests.post(server.pack_url("evaluate"), json=e, timeout=5).json() for e in examples]

    def client(k):
        with requests.Session() as s:
            return [(i, s.post(server.pack_url("evaluate"), json=examples[i], timeout=10).json())
                    for i in [(k + j) % len(examples) for j in range(40)]]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for answers in pool.map(client, range(8)):
            for i, answer in answers:
                assert answer == expected[i]


def test_sighup_reloads_under_load_without_failing_a_request(tmp_path, examples):
    s = Server(tmp_path)
    try:
        old_hash = requests.get(s.url + "/v1/packs", timeout=5).json()["packs"][0]["hash"]
        stop = threading.Event()
        seen, failures, sequences = [], [], []

        def client():
            mine = []
            sequences.append(mine)
            with requests.Session() as session:
                while not stop.is_set():
                    try:
                        r = session.post(s.pack_url("evaluate"), json=examples[0], timeout=10)
                        body = r.json()
                        if r.status_code != 200 or r.headers["X-Trappe-Pack-Hash"] != body["rules"]["hash"]:
                            failures.append((r.status_code, r.text[:200]))
                        seen.append((body["rules"]["hash"], body["offers"]))
                        mine.append(body["rules"]["hash"])
                    except Exception as e:  # noqa: BLE001 - any failed request fails the test
                        failures.append(repr(e))

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        # Change a local parameter in the served copy: § 85 reviewed after 6 months, not 12.
        tilbud = s.rules / "roskilde-2025" / "tilbud.trappe"
        text = tilbud.read_text(encoding="utf-8")
        assert "§ 85\" = 12" in text
        tilbud.write_text(text.replace("§ 85\" = 12", "§ 85\" = 6"), encoding="utf-8")
        s.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(h != old_hash for h, _ in seen[-5:]):
            time.sleep(0.05)
        time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join()
        assert not failures, failures[:3]
        hashes = [h for h, _ in seen]
        assert hashes[0] == old_hash and hashes[-1] != old_hash
        # Each client, once answered from the new rules, is never answered from the old ones again.
        for mine in sequences:
            assert mine[-1] == hashes[-1]
            switch = mine.index(hashes[-1])
            assert all(h == hashes[-1] for h in mine[switch:])
        review = {h: [o.get("review_months") for o in offers if o["offer"].startswith("socialpaedagogisk")]
                  for h, offers in seen}
        assert review[old_hash] != review[hashes[-1]]
        assert requests.get(s.url + "/v1/packs", timeout=5).json()["packs"][0]["hash"] == hashes[-1]
        # A reload that fails keeps the packs in service.
        tilbud.write_text("this is not a rule", encoding="utf-8")
        s.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "reload failed" not in s.stderr_path.read_text(encoding="utf-8"):
            time.sleep(0.05)
        assert "reload failed" in s.stderr_path.read_text(encoding="utf-8")
        r = requests.post(s.pack_url("evaluate"), json=examples[0], timeout=5)
        assert r.status_code == 200 and r.headers["X-Trappe-Pack-Hash"] == hashes[-1]
    finally:
        s.stop()


def test_sigterm_drains_requests_in_progress(tmp_path, examples):
    s = Server(tmp_path)
    body = (json.dumps(examples[0]) + "\n").encode() * 50
    idle = socket.create_connection(("127.0.0.1", s.port))
    busy = socket.create_connection(("127.0.0.1", s.port))
    try:
        # A request in progress: the server has read its header (it answered the
        # Expect with 100 Continue) and half of the body has been sent.
        busy.sendall(b"POST /v1/packs/roskilde-2025/batch HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        busy.settimeout(10)
        continue_ = b"HTTP/1.1 100 Continue\r\n\r\n"
        first = busy.recv(1024)
        assert first.startswith(continue_)
        response = first[len(continue_):]  # a batch's head may follow at once
        busy.sendall(body[: len(body) // 2])
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        # The idle connection is closed, no new connection is accepted, the process still runs.
        idle.settimeout(5)
        assert idle.recv(1024) == b""
        assert s.proc.poll() is None
        busy.sendall(body[len(body) // 2:])
        busy.settimeout(5)
        while True:
            piece = busy.recv(65536)
            if not piece:
                break
            response += piece
        head, _, rest = response.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        # A batch streams: its head went out before the signal, and the connection
        # closes after the last chunk (its trailers) instead.
        assert b"Transfer-Encoding: chunked" in head
        body = b""
        while True:
            size, _, rest = rest.partition(b"\r\n")
            if int(size, 16) == 0:
                break
            body, rest = body + rest[:int(size, 16)], rest[int(size, 16) + 2:]
        assert b"X-Trappe-Batch-Status: complete\r\n" in rest
        *rows, summary = body.decode().splitlines()
        assert len(rows) == 50 and json.loads(summary)["rows"]["in"] == 50
        assert s.proc.wait(timeout=10) == 0
        try:
            socket.create_connection(("127.0.0.1", s.port), timeout=1).close()
            raise AssertionError("a connection was accepted after draining")
        except OSError:
            pass
    finally:
        idle.close()
        busy.close()
        s.stop()
    assert "stopped" in s.stderr_path.read_text(encoding="utf-8")


def test_access_log_holds_no_profile_value(tmp_path, examples):
    s = Server(tmp_path)
    secret = dict(examples[0], borger_id="HEMMELIG-0101904321", foedselsdato="1937-02-03")
    try:
        requests.post(s.pack_url("evaluate"), json=secret, timeout=5)
        requests.post(s.pack_url("evaluate"), json=dict(secret, relationer=9), timeout=5)
        requests.post(s.pack_url("explain") + "?why_not=true", json=secret, timeout=5)
        requests.post(s.pack_url("batch"), data=(json.dumps(secret) + "\n{broken HEMMELIG\n").encode(), timeout=5)
        requests.post(s.url + "/v1/packs/HEMMELIG-pack/evaluate", json=secret, timeout=5)
    finally:
        s.stop()
    log = s.access_log.read_text(encoding="utf-8")
    lines = log.splitlines()
    assert len(lines) == 5
    for line in lines:
        fields = dict(item.split("=", 1) for item in line.split())
        assert set(fields) == {"time", "id", "method", "endpoint", "pack", "rows", "failed_rows", "status", "ms"}
    assert "rows=2 failed_rows=1 status=200" in log  # the batch, with its bad row
    everything = log + s.stderr_path.read_text(encoding="utf-8")
    for value in ["HEMMELIG", "0101904321", "1937-02-03", "1937"]:
        assert value not in everything, value
