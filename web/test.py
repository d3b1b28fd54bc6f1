#!/usr/bin/env python3
"""Browser tests of the page in web/dist/, driven like a person would.

Debian's chromium under Playwright (no browser download). The page is served
from 127.0.0.1 by this script; every request the page makes is recorded, and
none may leave that origin. PDFs made in the browser are compared byte for
byte with the CLI's for the same details and date.

Usage (from the repository root, after web/build.sh and cargo build):
    python3 web/test.py
Environment: MIKIT (the CLI; default target/debug/mikit), SCREENSHOTS (a
folder for the page's screenshots; default target/web-screenshots).
Ends with "N passed, N failed"; exits 1 on any failure.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import traceback
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
MIKIT = Path(os.environ.get("MIKIT", ROOT / "target" / "debug" / "mikit"))
SHOTS = Path(os.environ.get("SCREENSHOTS", ROOT / "target" / "web-screenshots"))
DATE = "2026-01-15"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LATIN_FONTS = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    handler = functools.partial(Quiet, directory=str(DIST))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def cli_pdfs(details: Path, out: Path, *extra: str) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(MIKIT), "build", str(details), "-o", str(out), "--date", DATE, "--force", *extra],
        check=True,
        capture_output=True,
    )
    return {
        name: (out / name).read_bytes()
        for name in ("recovery-kit.pdf", "id-verification-prep.pdf")
    }


def form_values(details: Path) -> dict:
    """The details file as the form's inputs hold it: lists one per line."""
    data = tomllib.loads(details.read_text())
    values = {}
    for section, fields in data.items():
        for key, value in fields.items():
            if isinstance(value, list):
                value = "\n".join(str(v) for v in value)
            values[f"{section}.{key}"] = str(value)
    return values


class Session:
    """One browser context on the page, recording every request it makes."""

    def __init__(self, browser, origin, **context_args):
        self.origin = origin
        self.context = browser.new_context(accept_downloads=True, **context_args)
        self.page = self.context.new_page()
        self.requests = []
        self.bytes = {}
        self.errors = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", self._response)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )

    def _response(self, response):
        try:
            self.bytes[response.url] = len(response.body())
        except Exception:  # a download or a failed request has no body
            pass

    def open(self):
        self.page.goto(self.origin + "/")
        self.page.wait_for_selector("body[data-ready]", timeout=60_000)
        return self

    def fill(self, values: dict):
        for name, value in values.items():
            if name == "owner.language":
                name = "language"
            field = self.page.locator(f'[name="{name}"]')
            self.reveal(field)
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        date = self.page.locator('[name="date"]')
        self.reveal(date)
        date.fill(DATE)

    def reveal(self, field):
        """Opens the folded section a field is in, as a person would."""
        summary = field.locator("xpath=ancestor::details[not(@open)]/summary")
        if summary.count():
            summary.first.click()

    def make(self) -> dict:
        self.page.get_by_role("button", name="Make the kit").click()
        self.page.wait_for_selector("#result:not([hidden])", timeout=60_000)
        pdfs = {}
        for link in ("#dl-kit", "#dl-prep"):
            with self.page.expect_download() as info:
                self.page.locator(link).click()
            download = info.value
            pdfs[download.suggested_filename] = Path(download.path()).read_bytes()
        return pdfs

    def fonts(self) -> set:
        return {u.rsplit("/", 1)[1] for u in self.requests if "/fonts/" in u and u.endswith(".ttf")}

    def weight(self) -> int:
        return sum(n for u, n in self.bytes.items() if u.startswith(self.origin + "/"))

    def check_requests(self):
        # chrome:// and chrome-extension:// are the browser's own PDF viewer
        # showing the preview: files inside the browser, not the network.
        strays = [
            u
            for u in self.requests
            if not u.startswith((self.origin + "/", "blob:", "chrome://", "chrome-extension://"))
        ]
        assert not strays, f"requests left the origin: {strays}"
        assert not self.errors, f"errors in the page: {self.errors}"

    def close(self):
        self.context.close()


def same(browser_pdfs: dict, cli: dict):
    assert set(browser_pdfs) == set(cli), f"{set(browser_pdfs)} != {set(cli)}"
    for name, data in cli.items():
        got = browser_pdfs[name]
        assert got == data, f"{name}: the browser's {len(got)} bytes differ from the CLI's {len(data)}"


# ---- the tests ----------------------------------------------------------------

FIGURES = {}


def test_latin_kit_is_the_clis_and_loads_no_cjk_font(browser, origin, tmp):
    details = ROOT / "examples" / "priya-nair.toml"
    cli = cli_pdfs(details, tmp / "cli-priya")
    s = Session(browser, origin).open()
    FIGURES["ready_ms"] = int(s.page.evaluate("document.body.dataset.ready"))
    s.page.screenshot(path=SHOTS / "web-empty.png", full_page=True)
    s.fill(form_values(details))
    same(s.make(), cli)
    FIGURES["first_make_ms"] = int(s.page.evaluate("document.body.dataset.lastMakeMs"))
    FIGURES["first_pdf_ms_since_start"] = int(s.page.evaluate("document.body.dataset.firstPdfMs"))
    FIGURES["latin_bytes"] = s.weight()
    FIGURES["latin_files"] = {
        u.removeprefix(origin): n for u, n in s.bytes.items() if u.startswith(origin + "/")
    }
    assert s.fonts() == LATIN_FONTS, f"a Latin-script kit loaded {s.fonts()}"
    s.page.screenshot(path=SHOTS / "web-made.png", full_page=True)
    # A second kit, for the time a kit takes once everything is warm.
    s.page.get_by_role("button", name="Make the kit").click()
    s.page.wait_for_function("document.body.dataset.lastMakeMs !== undefined")
    FIGURES["second_make_ms"] = int(s.page.evaluate("document.body.dataset.lastMakeMs"))
    s.check_requests()
    s.close()


def test_cjk_kit_from_a_loaded_file_is_the_clis(browser, origin, tmp):
    details = ROOT / "examples" / "wang-fang.toml"
    cli = cli_pdfs(details, tmp / "cli-wang")
    s = Session(browser, origin).open()
    s.page.set_input_files("#load", str(details))
    s.page.wait_for_function(
        "document.querySelector('[name=\"owner.name\"]').value === '王芳'", timeout=30_000
    )
    date = s.page.locator('[name="date"]')
    s.reveal(date)
    date.fill(DATE)
    same(s.make(), cli)
    assert "DroidSansFallbackFull.ttf" in s.fonts(), s.fonts()
    assert not any(f.startswith("NanumSquare") for f in s.fonts()), s.fonts()
    FIGURES["cjk_bytes"] = s.weight()
    s.check_requests()
    s.close()


def test_saved_file_builds_the_same_kit_with_the_cli(browser, origin, tmp):
    details = ROOT / "examples" / "priya-nair.toml"
    s = Session(browser, origin).open()
    s.fill(form_values(details))
    with s.page.expect_download() as info:
        s.page.get_by_role("button", name="Save as a details file").click()
    saved = tmp / "saved.toml"
    shutil.copy(info.value.path(), saved)
    assert info.value.suggested_filename == "details.toml"
    assert "Dial *#06#" in saved.read_text(), "the saved file keeps mikit init's explanations"
    same(s.make(), cli_pdfs(saved, tmp / "cli-saved"))
    same(cli_pdfs(saved, tmp / "cli-saved"), cli_pdfs(details, tmp / "cli-priya2"))
    s.check_requests()
    s.close()


def test_bad_email_marks_its_field_with_the_check_message(browser, origin, tmp):
    bad = tmp / "bad.toml"
    bad.write_text('[account]\nemail = "jane.example.com"\n')
    run = subprocess.run(
        [str(MIKIT), "check", str(bad), "--date", DATE], capture_output=True, text=True
    )
    assert run.returncode == 65, run
    line = next(l for l in run.stderr.splitlines() if "account.email" in l)
    message = line.split("account.email: ", 1)[1]
    s = Session(browser, origin).open()
    email = s.page.locator('[name="account.email"]')
    email.fill("jane.example.com")
    s.page.get_by_role("button", name="Make the kit").click()
    s.page.wait_for_selector('[name="account.email"][aria-invalid="true"]', timeout=30_000)
    described = email.get_attribute("aria-describedby").split()
    texts = [s.page.locator(f'[id="{i}"]').inner_text() for i in described]
    assert any(message in t for t in texts), f"{message!r} not in {texts}"
    assert s.page.locator("#result").is_hidden(), "an invalid form made a kit"
    s.page.screenshot(path=SHOTS / "web-errors.png", full_page=True)
    # Fixing the value clears the mark once the field is left.
    email.fill("jane@example.com")
    email.press("Tab")
    s.page.wait_for_selector('[name="account.email"]:not([aria-invalid])', timeout=30_000)
    assert not any(
        i.startswith("problem-") for i in (email.get_attribute("aria-describedby") or "").split()
    )
    s.check_requests()
    s.close()


def test_offline_after_loading_still_makes_the_kit(browser, origin, tmp):
    details = ROOT / "examples" / "priya-nair.toml"
    s = Session(browser, origin).open()
    s.context.set_offline(True)
    s.fill(form_values(details))
    same(s.make(), cli_pdfs(details, tmp / "cli-offline"))
    s.check_requests()
    s.close()


def test_phone_width_has_no_sideways_scrolling(browser, origin, tmp):
    s = Session(browser, origin, viewport={"width": 390, "height": 844}, device_scale_factor=1).open()
    s.fill(form_values(ROOT / "examples" / "priya-nair.toml"))
    s.page.locator('[name="account.email"]').fill("priya.nair.example.com")
    s.page.get_by_role("button", name="Check the details").click()
    s.page.wait_for_selector('[aria-invalid="true"]', timeout=30_000)
    s.page.screenshot(path=SHOTS / "web-phone.png", full_page=True)
    # 320 CSS pixels: a 640-pixel window at 200% zoom is narrower still than a phone.
    for width in (390, 320):
        s.page.set_viewport_size({"width": width, "height": 800})
        wide = s.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"at {width} px the page is {wide} px wide"
    s.check_requests()
    s.close()


def test_page_allows_only_its_own_origin(browser, origin, tmp):
    html = (DIST / "index.html").read_text()
    assert "Content-Security-Policy" in html
    assert "default-src 'self'" in html
    for external in ("http://", "https://", "//fonts.", "cdn"):
        for f in ("index.html", "app.js", "style.css"):
            text = (DIST / f).read_text()
            assert external not in text.replace("http-equiv", ""), f"{f} mentions {external}"


def main() -> int:
    for needed in (DIST / "index.html", MIKIT):
        if not needed.exists():
            print(f"web/test.py: {needed} is missing; run web/build.sh and cargo build first")
            return 1
    chromium = shutil.which("chromium")
    if not chromium:
        print("web/test.py: chromium is missing; apt-get install chromium")
        return 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    server, origin = serve()
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_")]
    only = sys.argv[1:]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, test in tests:
            if only and not any(o in name for o in only):
                continue
            t0 = time.monotonic()
            try:
                test(browser, origin, Path(tmp))
                passed += 1
                print(f"ok   {name} ({time.monotonic() - t0:.1f} s)")
            except Exception:
                failed += 1
                print(f"FAIL {name}")
                traceback.print_exc()
        browser.close()
    server.shutdown()
    print("figures: " + json.dumps(FIGURES, indent=1, ensure_ascii=False))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
