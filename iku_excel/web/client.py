"""A plain HTTP client of `iku-excel layan` (urllib, cookies, CSRF): what the demo uploads its
submissions with, and the load test and the benchmark too. Standard library only."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
import uuid
from pathlib import Path


class Session:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str):
        return self.opener.open(self.base + path, timeout=120)

    def login(self, username: str, password: str) -> str:
        self.get("/masuk/").read()
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(self.base + "/masuk/", data=body, headers={"Referer": self.base + "/masuk/"})
        return self.opener.open(request, timeout=120).geturl()

    def upload(self, instansi: str, path: Path) -> tuple[str, str]:
        """(address of the submission page, its html) after uploading `path`."""
        self.get(f"/kecamatan/{instansi}/").read()
        boundary = uuid.uuid4().hex
        parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{self._csrf()}\r\n".encode(),
                 (f"--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{path.name}\"\r\n"
                  "Content-Type: application/vnd.ms-excel.sheet.macroEnabled.12\r\n\r\n").encode(),
                 path.read_bytes(), f"\r\n--{boundary}--\r\n".encode()]
        request = urllib.request.Request(self.base + f"/kecamatan/{instansi}/", data=b"".join(parts), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + f"/kecamatan/{instansi}/"})
        response = self.opener.open(request, timeout=300)
        return response.geturl(), response.read().decode()


def findings_codes(html: str) -> list[str]:
    return re.findall(r"<td>([A-Z_]{6,})</td>", html)


class RunningServer:
    """`iku-excel layan` started in a process of its own on a free loopback port, for the demo,
    the benchmark and the tests; `stop` ends it with SIGTERM, `kill` with SIGKILL."""

    def __init__(self, data: Path, katalog: tuple[str, ...] = ()):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data, self.katalog, self.proc = Path(data), katalog, None
        self.base = f"http://127.0.0.1:{self.port}"

    def command(self, *args: str) -> list[str]:
        import sys

        return [sys.executable, "-m", "iku_excel.cli", "layan", *args, "--data", str(self.data),
                *(a for k in self.katalog for a in ("--katalog", k))]

    def account(self, name: str, password: str, kecamatan: str | None = None) -> None:
        import os
        import subprocess

        args = ["--admin"] if kecamatan is None else ["--kecamatan", kecamatan]
        done = subprocess.run(self.command("akun", name, *args), capture_output=True, text=True, timeout=300,
                              env={**os.environ, "IKU_LAYAN_SANDI": password})
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip() or done.stdout.strip())

    def start(self, timeout: float = 120) -> RunningServer:
        import socket
        import subprocess
        import time

        self.proc = subprocess.Popen(self.command("jalan", "--port", str(self.port)), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stdout.read().decode(errors="replace")) from None
                time.sleep(0.3)
        raise RuntimeError("layan tidak mulai dalam waktu yang wajar")

    def kill(self) -> None:
        import signal

        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)

    def __enter__(self) -> RunningServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
