"""Token authentication, the body limit, idle and slow clients, refusing a public address without a token."""
import json
import socket
import subprocess
import time

import requests

from conftest import CLI, PACK, ROOT, Server
from schemas import validate_schema


def test_token_missing_wrong_and_right(tmp_path, examples):
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token-0123456789\n", encoding="utf-8")
    s = Server(tmp_path, "--token-file", str(token_file))
    try:
        url = s.pack_url("evaluate")
        missing = requests.post(url, json=examples[0], timeout=5)
        assert missing.status_code == 401 and missing.json()["code"] == "unauthorized"
        assert missing.headers["WWW-Authenticate"] == "Bearer"
        for wrong in ["Bearer s3cret-token-012345678", "Bearer s3cret-token-01234567890", "Bearer S3cret-token-0123456789",
                      "Basic s3cret-token-0123456789", "s3cret-token-0123456789"]:
            r = requests.post(url, json=examples[0], headers={"Authorization": wrong}, timeout=5)
            assert r.status_code == 401, wrong
        right = {"Authorization": "Bearer s3cret-token-0123456789"}
        assert requests.post(url, json=examples[0], headers=right, timeout=5).status_code == 200
        assert requests.get(s.url + "/metrics", timeout=5).status_code == 401
        assert requests.get(s.url + "/metrics", headers=right, timeout=5).status_code == 200
        # Liveness probes carry no token.
        assert requests.get(s.url + "/healthz", timeout=5).status_code == 200
    finally:
        s.stop()
    assert "s3cret" not in s.access_log.read_text(encoding="utf-8") + s.stderr_path.read_text(encoding="utf-8")


def test_other_address_needs_a_token_file():
    r = subprocess.run([CLI, "serve", str(ROOT / "rules" / PACK), "--host", "0.0.0.0", "--port", "0"],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 2
    assert "--token-file" in r.stderr


def test_body_over_the_limit_is_413(server, examples):
    # The limit is 2000000 bytes (conftest); this body is larger, and the client sends all of it.
    # (A batch has a limit of its own: test_batch_stream.py.)
    line = json.dumps(examples[0]) + "\n"
    body = (line * (2_000_000 // len(line) + 10)).encode()
    r = requests.post(server.pack_url("evaluate"), data=body, timeout=10)
    assert r.status_code == 413
    assert r.json()["code"] == "body_too_large"
    assert r.json()["message"] == "the request body is larger than the limit of 2000000 bytes"
    # Just under the limit is served.
    small = (line * (1_900_000 // len(line))).encode()
    assert requests.post(server.pack_url("evaluate"), data=small, timeout=10).status_code == 200


def test_body_over_the_limit_without_a_length_is_413(server, examples):
    line = (json.dumps(examples[0]) + "\n").encode()

    def chunks():
        for _ in range(2_000_000 // len(line) + 10):
            yield line

    r = requests.post(server.pack_url("evaluate"), data=chunks(), timeout=10)
    assert r.status_code == 413 and r.json()["code"] == "body_too_large"


def closed_within(sock, seconds):
    sock.settimeout(seconds)
    start = time.monotonic()
    try:
        data = sock.recv(1024)
    except ConnectionResetError:
        data = b""
    return data == b"" and time.monotonic() - start < seconds


def test_idle_client_is_disconnected(server):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        assert closed_within(sock, 5), "an idle connection stays open past the 1 s idle timeout"


def test_slow_client_is_disconnected(server):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        # A header trickled in never completes: the deadline covers the whole header.
        try:
            for piece in [b"POST /v1/packs/", b"roskilde-2025/evaluate HTTP/1.1\r\n", b"Host: x\r\n"]:
                sock.sendall(piece)
                time.sleep(0.2)
        except OSError:
            pass  # closed already: what the test wants
        assert closed_within(sock, 5)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        # A body that stops coming is cut off by the request timeout.
        sock.sendall(b"POST /v1/packs/roskilde-2025/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        assert closed_within(sock, 6)


def test_malformed_request_is_400(server):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n")
        sock.settimeout(5)
        assert sock.recv(1024).startswith(b"HTTP/1.1 400")


def test_several_packs_and_a_pack_given_twice(tmp_path, examples):
    rules = ROOT / "rules"
    s = Server(tmp_path, str(rules / "serviceloven"), rules=rules)
    try:
        names = sorted(p["name"] for p in requests.get(s.url + "/v1/packs", timeout=5).json()["packs"])
        assert names == sorted([PACK, "serviceloven"])
        assert requests.get(f"{s.url}/v1/packs/serviceloven/schema", timeout=5).status_code == 200
        assert requests.post(s.pack_url("evaluate"), json=examples[0], timeout=5).status_code == 200
    finally:
        s.stop()
    twice = subprocess.run([CLI, "serve", str(rules / PACK), str(rules / PACK), "--port", "0"],
                           capture_output=True, text=True, timeout=20)
    assert twice.returncode == 1 and "two rule folders hold the pack" in twice.stderr


def test_the_cross_authority_pack_served_beside_roskilde(tmp_path):
    """Its schema asks only for its own fields, allows the ones it ignores, and a
    decision reports none of the national pack's sel_*."""
    rules = ROOT / "rules"
    s = Server(tmp_path, str(rules / "tvaergaende-2025"), rules=rules)
    try:
        pack = f"{s.url}/v1/packs/tvaergaende-2025"
        listed = {p["name"]: p for p in requests.get(s.url + "/v1/packs", timeout=5).json()["packs"]}
        assert listed["tvaergaende-2025"]["valid_from"] == "2024-01-01"
        assert listed["tvaergaende-2025"]["valid_to"] is None
        schema = requests.get(pack + "/schema", timeout=5).json()
        profile_schema = schema["profile"]
        assert "sundhedsudfordring" in profile_schema["required"]
        assert "praktiske_opgaver" not in profile_schema["required"]
        assert "praktiske_opgaver" in profile_schema["properties"]
        line = (ROOT / "examples" / "profiles" / "tvaergaende-2025.jsonl").read_text(encoding="utf-8").splitlines()[0]
        profile = json.loads(line)
        validate_schema(profile_schema, dict(profile, praktiske_opgaver=2))
        r = requests.post(pack + "/evaluate", json=dict(profile, praktiske_opgaver=2), timeout=5)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["outputs"]["prioritet"] == "ung"
        assert not any(name.startswith("sel_") for name in body["outputs"])
    finally:
        s.stop()
