"""bench/load.py: the load generator of `make bench` asks for non-ASCII paths and says when it
fails, rather than reporting the throughput of the threads that happened to survive."""

import argparse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load


class Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    status = 200
    seen: list[str] = []

    def do_GET(self):
        self.seen.append(self.path)
        body = b"{}"
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Answer.seen = []
    Answer.status = 200
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def argv(httpd, *more: str) -> list[str]:
    return ["load", "--port", str(httpd.server_address[1]), "--paths", "/x/", *more]


def args_for(httpd, paths: str) -> argparse.Namespace:
    return argparse.Namespace(
        port=httpd.server_address[1],
        paths=paths,
        cookie="sessionid=x",
        seconds=5,
        max_requests=12,
        concurrency=3,
    )


def test_a_non_ascii_path_is_asked_percent_encoded_by_every_thread(server):
    result, _tally = load.run(args_for(server, "/search/?q=Böttcher,/search/?q=Łódź Süd"))

    assert result["requests"] == 12
    assert result["errors"] == 0
    assert result["threads_crashed"] == 0
    assert set(Answer.seen) == {
        "/search/?q=B%C3%B6ttcher",
        "/search/?q=%C5%81%C3%B3d%C5%BA%20S%C3%BCd",
    }


def test_refused_requests_are_counted_by_kind_and_fail_the_command(server, capsys, monkeypatch):
    Answer.status = 500
    monkeypatch.setattr(
        "sys.argv",
        argv(server, "--cookie", "c=1", "--max-requests", "4", "--concurrency", "2"),
    )

    with pytest.raises(SystemExit) as exited:
        load.main()

    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert '"error_kinds": {"HTTP 500": 4}' in out
    assert "bench.load failed: /x/: 500" in err


def test_a_thread_that_dies_fails_the_command(server, capsys, monkeypatch):
    # http.client refuses a header with a line break by raising ValueError in the thread.
    monkeypatch.setattr(
        "sys.argv",
        argv(server, "--cookie", "c=1\nX-Injected: 1", "--concurrency", "2"),
    )

    with pytest.raises(SystemExit) as exited:
        load.main()

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "bench.load failed: ValueError" in err
    assert Answer.seen == []
