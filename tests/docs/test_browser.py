"""The built documentation opened in headless Chromium as a reader would: pages render with
no console errors, and the search page finds what a reader types.

Chromium is Debian's ``chromium`` package (``make test`` installs it); it is driven over the
DevTools protocol, and the pages are served from 127.0.0.1.
"""

from __future__ import annotations

import base64
import functools
import http.server
import itertools
import json
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from tests.docs.conftest import BuiltDocs

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
    "--window-size=1280,1600",
]
WAIT = 60.0  # seconds a page or the browser may take before the test gives up


def chromium_path() -> str:
    # Debian's chromium; CI machines without it may have Google's build of the same browser.
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")


class Page:
    """One browser tab, driven over the DevTools protocol."""

    def __init__(self, socket: websocket.WebSocket) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for_event(self, method: str) -> dict[str, Any]:
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            self.events.append(json.loads(self.socket.recv()))
        raise AssertionError(f"no {method} within {WAIT} s")

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise AssertionError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_until(self, expression: str) -> Any:
        """Poll a JavaScript expression until it is truthy (the page's scripts run late)."""
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"{expression} stayed false for {WAIT} s")

    def console_errors(self) -> list[str]:
        """Errors the page logged: console.error, uncaught exceptions, failed loads."""
        self.socket.settimeout(0.5)
        try:
            while True:
                self.events.append(json.loads(self.socket.recv()))
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.socket.settimeout(WAIT)
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(
                    " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                )
            elif method == "Runtime.exceptionThrown":
                errors.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(f"{params['entry'].get('url', '')}: {params['entry']['text']}")
        return errors

    def screenshot(self, path: Path) -> None:
        shot = self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(built_docs: BuiltDocs) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_docs.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A headless Chromium with a fresh profile; its DevTools websocket URL."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        end = time.monotonic() + WAIT
        while not port_file.exists() or not port_file.read_text().strip():
            assert process.poll() is None, "Chromium exited at start"
            assert time.monotonic() < end, "Chromium did not open its DevTools port"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=WAIT) as r:
            yield json.load(r)["webSocketDebuggerUrl"]
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def page(browser: str) -> Iterator[Page]:
    control = websocket.create_connection(browser, timeout=WAIT, suppress_origin=True)
    browser_page = Page(control)
    target = browser_page.call("Target.createTarget", url="about:blank")["targetId"]
    control.close()
    port = browser.split("/")[2]
    socket = websocket.create_connection(
        f"ws://{port}/devtools/page/{target}", timeout=WAIT, suppress_origin=True
    )
    tab = Page(socket)
    for domain in ("Page", "Runtime", "Log"):
        tab.call(f"{domain}.enable")
    try:
        yield tab
    finally:
        socket.close()


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("path", "heading", "element"),
    [
        ("index.html", "smartem-client", "a[href='guides/quickstart.html']"),
        ("api/outbox.html", "Outbox", "[id='smartem_ext.Outbox.create_gridsquare_foilholes']"),
        ("api/clients.html", "Clients", "[id='smartem_ext.SmartEMAPIClient']"),
        ("guides/outbox.html", "Running the outbox in production", "div.highlight-python"),
    ],
)
def test_page_renders_with_no_console_errors(
    page: Page, site: str, path: str, heading: str, element: str, tmp_path: Path
) -> None:
    page.open(f"{site}/{path}")
    assert page.evaluate("document.querySelector('h1').textContent").rstrip("#") == heading
    assert page.evaluate(f"document.querySelector({element!r}) !== null")
    # The theme's stylesheet and scripts loaded: the header bar is laid out, the theme is set.
    assert page.evaluate("document.querySelector('.bd-header').getBoundingClientRect().height") > 20
    assert page.wait_until("document.documentElement.dataset.mode !== undefined")
    assert page.evaluate("document.styleSheets.length") >= 2
    page.screenshot(tmp_path / "page.png")
    assert page.console_errors() == []


@pytest.mark.timeout(300)
def test_search_finds_the_outbox(page: Page, site: str) -> None:
    page.open(f"{site}/search.html?q=Outbox")
    found = page.wait_until(
        "Array.from(document.querySelectorAll('#search-results ul.search li a'))"
        ".map(a => a.textContent).filter(t => t.includes('Outbox'))"
    )
    assert any(title.startswith("Outbox") for title in found), found
    page.open(f"{site}/search.html?q=SMARTEM_OUTBOX")
    pages = page.wait_until(
        "Array.from(document.querySelectorAll('#search-results ul.search li a'))"
        ".map(a => a.getAttribute('href'))"
    )
    assert any("guides/switching.html" in href for href in pages), pages
    assert page.console_errors() == []
