"""A batch client on a raw socket that sends a chunked body and reads the answer at
the same time (requests sends the whole body before it reads), and sees the trailers."""
import json
import random
import socket
import threading

from conftest import PACK, ROOT

LEVELS = ["praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv", "relationer"]


def profile_lines(examples, n, seed=7):
    """n JSON lines: the worked examples with their levels varied, each with its own borger_id."""
    rng = random.Random(seed)
    for i in range(n):
        row = dict(examples[i % len(examples)], borger_id=f"strom-{i}")
        for name in LEVELS:
            if row[name] is not None:
                row[name] = rng.randint(0, 4)
        yield (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


class ChunkedBatch:
    """POST /v1/packs/{pack}/batch with Transfer-Encoding: chunked, full duplex."""

    def __init__(self, port, query="", timeout=30):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.reader = self.sock.makefile("rb")
        self.query = query
        self.again()

    def again(self, expect_continue=False):
        """The next request on the same connection (keep-alive); with expect_continue
        it asks for 100 Continue, as curl does for large bodies, and waits for it."""
        expect = "Expect: 100-continue\r\n" if expect_continue else ""
        self.sock.sendall((f"POST /v1/packs/{PACK}/batch{self.query} HTTP/1.1\r\nHost: x\r\n"
                           f"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n{expect}\r\n").encode())
        self.status = None
        self.headers = {}
        self.trailers = {}
        if expect_continue:
            assert self.reader.readline().split()[1] == b"100"
            assert self.reader.readline() == b"\r\n"

    def send(self, data):
        if data:
            self.sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))

    def end(self):
        self.sock.sendall(b"0\r\n\r\n")

    def send_all(self, pieces, end=True):
        for piece in pieces:
            self.send(piece)
        if end:
            self.end()

    def send_all_in_background(self, pieces, end=True):
        t = threading.Thread(target=self.send_all, args=(pieces, end), daemon=True)
        t.start()
        return t

    def _fields(self, into):
        while True:
            line = self.reader.readline()
            if line in (b"\r\n", b""):
                return
            name, _, value = line.decode().partition(":")
            into[name.strip()] = value.strip()

    def read_head(self):
        status_line = self.reader.readline().decode()
        self.status = int(status_line.split()[1])
        self._fields(self.headers)
        return self.status

    def lines(self):
        """The body's lines as they come (bytes, without the line break); the trailers are read after them."""
        if self.status is None:
            self.read_head()
        assert self.headers.get("Transfer-Encoding") == "chunked", self.headers
        rest = b""
        while True:
            size = int(self.reader.readline().split(b";")[0], 16)
            if size == 0:
                break
            rest += self.reader.read(size)
            assert self.reader.read(2) == b"\r\n"
            *whole, rest = rest.split(b"\n")
            yield from whole
        assert rest == b"", "the answer ends with a line break"
        self._fields(self.trailers)

    def close(self):
        self.reader.close()
        self.sock.close()


def batch_cli(tmp_path, lines, rules=None):
    """The lines `trappe batch` writes for `lines` (bytes), without its manifest."""
    import subprocess
    from conftest import CLI
    src, out = tmp_path / "cli-in.jsonl", tmp_path / "cli-out.jsonl"
    src.write_bytes(b"".join(lines))
    subprocess.run([CLI, "batch", str(rules or ROOT / "rules" / PACK), "--in", str(src), "--out", str(out), "--quiet"],
                   check=True, capture_output=True)
    return out.read_bytes().splitlines()[1:]
