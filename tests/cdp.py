"""A headless chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe; standard library only).

What --dump-dom cannot tell: console errors and uncaught exceptions, JavaScript dialogs (a planted alert() that ran),
and where an element stands on the first screen. The tests open a page, wait for its load event and a quiet
moment for scripts, then ask the page (Runtime.evaluate) and take a screenshot.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--hide-scrollbars", "--remote-debugging-pipe", "about:blank"]


class Page:
    """One chromium process with one page: open(url), evaluate(js), screenshot(path); errors and dialogs are kept."""

    def __init__(self, chromium: str, profile: Path, width: int = 1400, height: int = 900):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)

        def child_fds():  # chromium reads commands on fd 3 and writes answers on fd 4
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen([chromium, *FLAGS[:-1], f"--user-data-dir={profile}", FLAGS[-1]],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=child_fds, close_fds=False)
        for fd in (to_browser_r, from_browser_w, high_r, high_w):
            os.close(fd)
        self._buf = b""
        self._id = 0
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(method)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    # --- protocol -------------------------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")

    def _read(self, timeout: float) -> dict | None:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._from_browser], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message = json.loads(raw)
        self._event(message)
        return message

    def _event(self, m: dict) -> None:
        method, params = m.get("method"), m.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            self.console_errors.append(d.get("exception", {}).get("description") or d.get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            e = params["entry"]
            self.console_errors.append(f"{e.get('text')} {e.get('url', '')}".strip())
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self._send({"id": self._next_id(), "sessionId": m.get("sessionId"),
                        "method": "Page.handleJavaScriptDialog", "params": {"accept": False}})

    def _next_id(self) -> int:
        self._id += 1
        return self._id

    def _call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 60) -> dict:
        msg_id = self._next_id()
        self._send({"id": msg_id, "method": method, "params": params or {}, **({"sessionId": session} if session else {})})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self._read(max(0.05, deadline - time.monotonic()))
            if m and m.get("id") == msg_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
        raise TimeoutError(f"chromium did not answer {method}")

    def call(self, method: str, params: dict | None = None, timeout: float = 60) -> dict:
        return self._call(method, params, self._session, timeout)

    def _wait_for(self, method: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self._read(max(0.05, deadline - time.monotonic()))
            if m and m.get("method") == method:
                return True
        return False

    def _drain(self, quiet: float) -> None:
        """Read events until none came for `quiet` seconds (scripts and charts finish drawing)."""
        while self._read(quiet) is not None:
            pass

    # --- what the tests use ---------------------------------------------------------------------------------
    def open(self, url: str, timeout: float = 60) -> None:
        """Load url and let its scripts run; console_errors and dialogs then hold this page's only."""
        self.console_errors, self.dialogs = [], []
        self.call("Page.navigate", {"url": url})
        if not self._wait_for("Page.loadEventFired", timeout):
            raise TimeoutError(f"{url} did not load")
        self._drain(1.0)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            w, h = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": w, "height": min(h, 8000), "scale": 1}
        data = self.call("Page.captureScreenshot", params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self._send({"id": self._next_id(), "method": "Browser.close"})
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
