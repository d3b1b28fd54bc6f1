#!/usr/bin/env python3
"""Browser tests of the page in web/dist/, driven like a person would.

Debian's chromium under Playwright (no browser download). The page is served
from 127.0.0.1 by this script; every request the page makes is recorded, and
none may leave that origin. PDFs made in the browser are compared byte for
byte with the CLI's for the same details and date.

The server sends a file's precompressed copy (.br, .gz, as web/build.sh
writes them) when the browser accepts that encoding, as a production server
set up as docs/web.md says would, and counts the bytes it sends: the figures
are what a visitor downloads.

Usage, from the repository root of a fresh clone:
    bash web/build.sh && python3 web/test.py [NAME ...]
NAME runs only the tests whose names contain it. The CLI the PDFs are
compared with is built first (cargo build --bin mikit, a no-op when it is
up to date) unless MIKIT names one. SCREENSHOTS: a folder for the page's
screenshots (default target/web-screenshots). AXE: axe-core's axe.min.js
(default target/npm/node_modules/axe-core/axe.min.js; .ci/run installs it
with npm). Tools missing (poppler-utils, axe-core) skip their checks with a
note, and fail the test with CI=true.
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
import unicodedata
import zipfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
MIKIT = Path(os.environ.get("MIKIT", ROOT / "target" / "debug" / "mikit"))
SHOTS = Path(os.environ.get("SCREENSHOTS", ROOT / "target" / "web-screenshots"))
AXE = Path(os.environ.get("AXE", ROOT / "target" / "npm" / "node_modules" / "axe-core" / "axe.min.js"))
# The goals of issue 19: what a Latin-script kit may cost a visitor, and the
# module's own size.
MAX_LATIN_KIT_BYTES = 2_000_000
MAX_MODULE_BYTES = 5_000_000
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
# The faces made for one script (src/fonts.rs): never fetched for text without it.
SCRIPT_FONTS = {
    f"NotoSans{script}-{weight}.ttf"
    for script in ("Arabic", "Devanagari", "Bengali", "Tamil", "Thai", "Hebrew")
    for weight in ("Regular", "Bold")
}
EAST_FONTS = {"DroidSansFallbackFull.ttf", "NanumSquareR.ttf", "NanumSquareB.ttf"}


class Wire:
    """What the server sent: bytes on the wire per path, and a gate that
    holds the module back (to act on the page before it is ready)."""

    sent = []  # (path, encoding, bytes)
    lock = threading.Lock()
    module_gate = threading.Event()
    module_gate.set()

    @classmethod
    def reset(cls):
        with cls.lock:
            cls.sent = []

    @classmethod
    def total(cls):
        with cls.lock:
            return sum(n for _, _, n in cls.sent)


class Static(http.server.SimpleHTTPRequestHandler):
    """A static server as docs/web.md sets one up: a file's .br or .gz copy
    when the browser accepts it, with Content-Encoding; WebAssembly as
    application/wasm."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".toml": "text/plain",
    }

    def log_message(self, *args):
        pass

    def send_head(self):
        if self.path.split("?", 1)[0].endswith("/mikit_web_bg.wasm"):
            Wire.module_gate.wait(timeout=120)
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        accepted = {e.strip().split(";")[0] for e in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and os.path.isfile(path + suffix):
                f = open(path + suffix, "rb")
                size = os.fstat(f.fileno()).st_size
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self._count(encoding, size)
                return f
        f = super().send_head()
        if f is not None and hasattr(f, "fileno"):
            self._count("identity", os.fstat(f.fileno()).st_size)
        return f

    def _count(self, encoding, size):
        with Wire.lock:
            Wire.sent.append((self.path, encoding, size))


def serve():
    handler = functools.partial(Static, directory=str(DIST))
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


def tool(name: str):
    """An external program, as tests/common/mod.rs finds them: None (the
    read-back is skipped, and says so) when missing, a failure with CI=true."""
    found = shutil.which(name)
    if not found:
        assert os.environ.get("CI") != "true", f"{name} is missing (CI=true): apt-get install poppler-utils"
        print(f"     ({name} is missing: its checks are skipped)")
    return found


def pdf_text(pdftotext: str, pdf: bytes, tmp: Path) -> str:
    path = tmp / "read-back.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [pdftotext, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_fonts(pdffonts: str, pdf: bytes, tmp: Path) -> set:
    """The font files a PDF embeds, named as in fonts/ (the subset tag dropped)."""
    path = tmp / "fonts-of.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([pdffonts, str(path)], check=True, capture_output=True, text=True).stdout
    return {line.split()[0].split("+")[-1] + ".ttf" for line in out.splitlines()[2:] if line.strip()}


BIDI_MARKS = {chr(c) for c in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def has_text(text: str, needle: str) -> bool:
    """Whether `text` holds `needle`, whitespace and bidi marks ignored; for a
    right-to-left needle, the words in order without punctuation (readers put
    punctuation next to a left-to-right run on either side), as
    tests/common/mod.rs has_text."""
    bare = lambda t: "".join(c for c in t if not c.isspace() and c not in BIDI_MARKS)
    if bare(needle) in bare(text):
        return True
    words = lambda t: "".join(c for c in t if c.isalnum() or unicodedata.category(c) == "Mn")
    rtl = any("\u0590" <= c <= "\u08ff" for c in needle)
    return rtl and words(needle) in words(text)


def weights(files: set) -> set:
    """Each file with its other weight: the page asks for both."""
    pairs = [("-Regular.ttf", "-Bold.ttf"), ("SquareR.ttf", "SquareB.ttf")]
    out = set(files)
    for f in files:
        for a, b in pairs:
            if f.endswith(a):
                out.add(f.removesuffix(a) + b)
            if f.endswith(b):
                out.add(f.removesuffix(b) + a)
    return out


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

    def open(self, ready=True):
        Wire.reset()
        self.page.goto(self.origin + "/")
        if ready:
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
        # By id: the button's name is in the page's language.
        self.page.locator("#make").click()
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
    FIGURES["latin_bytes_on_the_wire"] = Wire.total()
    FIGURES["latin_files_on_the_wire"] = {p: (e, n) for p, e, n in Wire.sent}
    s.page.screenshot(path=SHOTS / "web-made.png", full_page=True)
    # A second kit, for the time a kit takes once everything is warm.
    s.page.evaluate("delete document.body.dataset.lastMakeMs")
    s.page.get_by_role("button", name="Make the kit").click()
    wait_until(s.page, "document.body.dataset.lastMakeMs !== undefined")
    FIGURES["second_make_ms"] = int(s.page.evaluate("document.body.dataset.lastMakeMs"))
    s.check_requests()
    s.close()


def wait_until(page, expression, timeout_s=30.0):
    """Polls `expression` from outside the page: Playwright's wait_for_function
    evaluates a string inside it, which the page's Content-Security-Policy
    (no 'unsafe-eval') refuses whenever the first try is not already true."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(0.05)


def test_cjk_kit_from_a_loaded_file_is_the_clis(browser, origin, tmp):
    details = ROOT / "examples" / "wang-fang.toml"
    cli = cli_pdfs(details, tmp / "cli-wang")
    s = Session(browser, origin).open()
    s.page.set_input_files('[name="details-file"]', str(details))
    wait_until(s.page, "document.querySelector('[name=\"owner.name\"]').value === '王芳'")
    date = s.page.locator('[name="date"]')
    s.reveal(date)
    date.fill(DATE)
    same(s.make(), cli)
    assert "DroidSansFallbackFull.ttf" in s.fonts(), s.fonts()
    assert not any(f.startswith("NanumSquare") for f in s.fonts()), s.fonts()
    FIGURES["cjk_bytes"] = s.weight()
    s.check_requests()
    s.close()


def script_kit(browser, origin, tmp, details_text: str, tag: str, read_back: list):
    """Makes a kit in the page from a details file's text, asserts it is the
    CLI's byte for byte, that the page fetched the faces the PDFs embed (and
    their other weight) and no other, and that pdftotext reads `read_back`
    (name, email, phone ...) back from the kit. Returns the fonts fetched and
    the kit's PDF."""
    details = tmp / f"{tag}.toml"
    details.write_text(details_text)
    cli = cli_pdfs(details, tmp / f"cli-{tag}")
    s = Session(browser, origin).open()
    s.fill(form_values(details))
    made = s.make()
    same(made, cli)
    fetched = s.fonts()
    pdffonts, pdftotext = tool("pdffonts"), tool("pdftotext")
    if pdffonts:
        embedded = set().union(*(pdf_fonts(pdffonts, pdf, tmp) for pdf in made.values()))
        assert embedded <= fetched, f"{tag}: the PDFs embed {embedded - fetched}, never fetched"
        extra = fetched - weights(embedded) - LATIN_FONTS
        assert not extra, f"{tag}: fetched {extra}, which the PDFs do not use"
    if pdftotext:
        text = pdf_text(pdftotext, made["recovery-kit.pdf"], tmp)
        for value in read_back:
            assert has_text(text, value), f"{tag}: {value!r} not read back from the kit:\n{text}"
    FIGURES[f"{tag}_bytes"] = s.weight()
    FIGURES[f"{tag}_fonts"] = sorted(fetched)
    s.page.screenshot(path=SHOTS / f"web-{tag}.png", full_page=True)
    s.check_requests()
    s.close()
    return fetched, made["recovery-kit.pdf"]


def first_line_words(pdftotext: str, pdf: bytes, tmp: Path):
    """The page width and the words of page 1's first line, as (xMin, xMax, text)."""
    path = tmp / "bbox.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [pdftotext, "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    width = float(out.split('<page width="', 1)[1].split('"', 1)[0])
    words = []
    for line in out.splitlines():
        if "<word " not in line:
            continue
        attr = lambda n: float(line.split(f' {n}="', 1)[1].split('"', 1)[0])
        words.append((attr("yMin"), attr("xMin"), attr("xMax"), line.split(">", 1)[1].rsplit("<", 1)[0]))
    top = min(w[0] for w in words)
    return width, [(x0, x1, t) for y, x0, x1, t in words if abs(y - top) < 8]


def test_arabic_kit_runs_right_to_left_and_reads_back(browser, origin, tmp):
    fetched, kit = script_kit(
        browser,
        origin,
        tmp,
        '[owner]\nname = "محمد العلي"\nlanguage = "ar"\n'
        '[account]\nemail = "m.alali@example.com"\nphone = "+971 50 123 4567"\nregion = "AE"\n'
        '[device]\nmodel = "Redmi Note 13"\nimei = ["356938035643809"]\n'
        'store = "مركز دبي للهواتف"\n',
        "arabic",
        ["محمد العلي", "m.alali@example.com", "+971 50 123 4567", "356938035643809", "مركز دبي للهواتف"],
    )
    assert {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"} <= fetched, fetched
    pdftotext = tool("pdftotext")
    if pdftotext:
        # Right to left: the title starts at the right margin, in Arabic, and
        # leaves the left of the page to the QR code.
        width, title = first_line_words(pdftotext, kit, tmp)
        right = max(title, key=lambda w: w[1])
        assert any("\u0600" <= c <= "\u06ff" for c in right[2]), f"title ends with {right}: {title}"
        assert right[1] > 0.85 * width, f"title not at the right margin: {title}"
        assert min(w[0] for w in title) > 0.3 * width, f"title starts on the left: {title}"
    assert not fetched & (EAST_FONTS | SCRIPT_FONTS - {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"}), fetched


def test_hindi_kit_is_shaped_and_reads_back(browser, origin, tmp):
    fetched, _ = script_kit(
        browser,
        origin,
        tmp,
        '[owner]\nname = "प्रिया शर्मा"\nlanguage = "hi"\n'
        '[account]\nemail = "priya.sharma@example.com"\nphone = "+91 98765 43210"\nregion = "IN"\n'
        '[device]\nmodel = "Redmi Note 12"\nimei = ["356938035643809"]\n',
        "hindi",
        ["प्रिया शर्मा", "priya.sharma@example.com", "+91 98765 43210", "356938035643809"],
    )
    assert "NotoSansDevanagari-Regular.ttf" in fetched, fetched
    assert not fetched & (EAST_FONTS | {f for f in SCRIPT_FONTS if "Devanagari" not in f}), fetched


def test_thai_kit_breaks_lines_with_the_dictionary(browser, origin, tmp):
    # The Thai templates have long lines without spaces: the kit builds only
    # if ICU's dictionary segmenter works in WebAssembly, and it is the CLI's
    # byte for byte only if it breaks them at the same places.
    fetched, _ = script_kit(
        browser,
        origin,
        tmp,
        '[owner]\nname = "สมชาย ใจดี"\nlanguage = "th"\n'
        '[account]\nemail = "somchai@example.com"\nphone = "+66 81 234 5678"\nregion = "TH"\n'
        '[device]\nmodel = "Redmi Note 12"\nreceipt_location = "ลิ้นชักโต๊ะทำงาน"\n',
        "thai",
        ["สมชาย ใจดี", "somchai@example.com", "+66 81 234 5678", "ลิ้นชักโต๊ะทำงาน"],
    )
    assert "NotoSansThai-Regular.ttf" in fetched, fetched
    assert not fetched & (EAST_FONTS | {f for f in SCRIPT_FONTS if "Thai" not in f}), fetched


def test_english_kit_for_an_arabic_name_fetches_only_arabic(browser, origin, tmp):
    fetched, _ = script_kit(
        browser,
        origin,
        tmp,
        '[owner]\nname = "محمد العلي"\nlanguage = "en"\n'
        '[account]\nemail = "m.alali@example.com"\nphone = "+971 50 123 4567"\nregion = "AE"\n',
        "english-arabic-name",
        ["محمد العلي", "m.alali@example.com", "+971 50 123 4567"],
    )
    assert fetched == LATIN_FONTS | {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"}, fetched


def test_fonts_needed_asks_only_for_the_scripts_in_the_text(browser, origin, tmp):
    # The library's own answer, round by round as the page asks, until
    # nothing is missing (Noto Sans is fetched when the page starts).
    s = Session(browser, origin)
    cases = {
        # language, details text -> the faces the page must end up fetching
        ("en", 'owner.name = "Priya Nair"'): set(),
        # Every language written in Latin or Cyrillic letters: Noto Sans alone.
        **{(lang, ""): set() for lang in ("es", "pt-BR", "id", "ru", "fr", "de", "it", "pl", "tr", "uk", "vi")},
        ("hi", ""): {"NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"},
        ("ar", ""): {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
        ("th", ""): {"NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"},
        ("en", 'owner.name = "প্রিয়া"'): {"NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"},
        ("en", 'owner.name = "பிரியா"'): {"NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"},
        ("en", 'owner.name = "דוד כהן"'): {"NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"},
        ("en", 'owner.name = "प्रिया शर्मा।"'): {
            "NotoSansDevanagari-Regular.ttf",
            "NotoSansDevanagari-Bold.ttf",
        },
        # Marks and joiners a phone puts into pasted names print nothing and
        # never choose a face (src/shape/itemize.rs): no font for them alone.
        ("en", 'owner.name = "\\u200fمحمد العلي\\u200f"'): {
            "NotoSansArabic-Regular.ttf",
            "NotoSansArabic-Bold.ttf",
        },
        ("en", 'owner.name = "Priya\\u200d \\u2068Nair\\u2069\\u200c"'): set(),
        ("zh-CN", ""): {"DroidSansFallbackFull.ttf"},
    }
    for (lang, body), expected in cases.items():
        details = f"[owner]\nlanguage = {json.dumps(lang)}\n" + (
            "" if not body else body.replace("owner.", "") + "\n"
        )
        # A fresh page each time: a face once provided is never asked again.
        s.open()
        wanted = s.page.evaluate(
            """async ([details, lang]) => {
                const mikit = await import("./mikit_web.js");
                const all = [];
                for (let round = 0; round < 6; round++) {
                    const files = mikit.fonts_needed(details, lang, "");
                    if (files.length === 0) return all;
                    for (const file of files) {
                        const bytes = new Uint8Array(await (await fetch(`fonts/${file}`)).arrayBuffer());
                        mikit.provide_font(file, bytes);
                        all.push(file);
                    }
                }
                return all.concat(["(still asking after 6 rounds)"]);
            }""",
            [details, lang],
        )
        assert set(wanted) == expected, f"{lang} {body!r}: fetched {wanted}, expected {sorted(expected)}"
    s.check_requests()
    s.close()


def test_fonts_licences_are_the_clis(browser, origin, tmp):
    run = subprocess.run([str(MIKIT), "licences"], check=True, capture_output=True, text=True)
    page = (DIST / "fonts" / "LICENCES.txt").read_text()
    assert page.strip() == run.stdout.strip(), "fonts/LICENCES.txt is not `mikit licences`"
    names = {p.name for p in (DIST / "fonts").glob("*.ttf")}
    assert names == LATIN_FONTS | SCRIPT_FONTS | EAST_FONTS, names


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


# ---- issue 19: never the wrong kit, the owner's language, the same checks,
# ---- loading, weight, a shop's list -------------------------------------

def words(lang: str) -> dict:
    """The page's words in `lang`, as the page has them (dist/i18n.json)."""
    return json.loads((DIST / "i18n.json").read_text())[lang]


def offered(page) -> list:
    """The download links that would hand over a kit now."""
    return page.evaluate(
        """[...document.querySelectorAll('a[download]')]
            .filter((a) => a.href && a.offsetParent !== null)
            .map((a) => a.getAttribute('download'))"""
    )


def test_changed_details_withdraw_the_kit_at_once(browser, origin, tmp):
    en = words("en")
    details = ROOT / "examples" / "priya-nair.toml"
    s = Session(browser, origin).open()
    s.fill(form_values(details))
    same(s.make(), cli_pdfs(details, tmp / "cli-stale"))
    assert sorted(offered(s.page)) == ["id-verification-prep.pdf", "recovery-kit.pdf"]
    name = s.page.locator('[name="owner.name"]')
    name.fill("Anna Kowalska")
    name.press("Tab")
    assert s.page.locator("#result").is_hidden(), "Priya's kit is still shown for Anna"
    assert offered(s.page) == [], f"links still offered: {offered(s.page)}"
    assert s.page.locator("#dl-kit").get_attribute("href") is None
    assert s.page.locator("#preview").get_attribute("src") is None
    status = s.page.locator("#status").inner_text()
    assert status == en["status.changed"], status
    # A change to anything at all, even the paper, withdraws the new kit too.
    s.make()
    s.reveal(s.page.locator('[name="paper"]'))
    s.page.locator('[name="paper"]').select_option("letter")
    assert s.page.locator("#result").is_hidden() and offered(s.page) == []
    s.check_requests()
    s.close()


def test_a_failed_make_withdraws_the_kit(browser, origin, tmp):
    en = words("en")
    details = ROOT / "examples" / "priya-nair.toml"
    s = Session(browser, origin).open()
    s.fill(form_values(details))
    s.make()
    s.context.set_offline(True)
    s.page.locator('[name="owner.name"]').fill("王芳")
    s.page.get_by_role("button", name="Make the kit").click()
    wait_until(s.page, "document.querySelector('#status').textContent.includes('DroidSansFallbackFull.ttf')")
    status = s.page.locator("#status").inner_text()
    assert status.startswith(en["status.font_failed"].split("{")[0]), status
    assert s.page.locator("#result").is_hidden(), "the earlier kit is shown after a failed make"
    assert offered(s.page) == [], f"links still offered: {offered(s.page)}"
    # The fetch that failed is the network's, not the page's: no other error.
    s.errors = [e for e in s.errors if "Failed to fetch" not in e and "ERR_INTERNET_DISCONNECTED" not in e]
    s.check_requests()
    s.close()


def test_page_in_arabic_runs_right_to_left(browser, origin, tmp):
    ar = words("ar")
    s = Session(browser, origin, locale="ar-AE").open()
    root = s.page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    assert root == ["ar", "rtl"], root
    assert s.page.locator('[name="language"]').input_value() == "ar"
    label = s.page.locator('label[for="f-account.email"]')
    kit_label = tomllib.loads((ROOT / "templates" / "ar" / "recovery-kit.toml").read_text())
    rows = [r for b in kit_label["block"] if b.get("type") == "fields" for r in b["rows"]]
    assert label.inner_text() == next(r["label"] for r in rows if r["value"] == "{account.email}")
    assert s.page.locator("h1").inner_text() == ar["intro.title"]
    assert s.page.get_by_role("button", name=ar["form.make"]).is_visible()
    # Right to left: a label starts at the form's right edge.
    box, form = label.bounding_box(), s.page.locator("#details").bounding_box()
    right_gap = form["x"] + form["width"] - (box["x"] + box["width"])
    assert right_gap < 40, f"the label is {right_gap:.0f} px from the form's right edge"
    # Every language option says which language it is in.
    langs = s.page.eval_on_selector_all('[name="language"] option', "os => os.map(o => [o.value, o.lang])")
    assert all(v == l for v, l in langs), langs
    s.page.screenshot(path=SHOTS / "web-ar.png", full_page=True)
    # Choosing English for the kit turns the page English, left to right.
    s.page.locator('[name="language"]').select_option("en")
    root = s.page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    assert root == ["en", "ltr"], root
    assert s.page.locator("h1").inner_text() == words("en")["intro.title"]
    s.check_requests()
    s.close()


def test_page_follows_the_browsers_language(browser, origin, tmp):
    for locale, lang in (("zh-CN", "zh-CN"), ("en-US", "en"), ("pt-BR", "pt-BR"), ("de-AT", "de"), ("ja-JP", "en")):
        s = Session(browser, origin, locale=locale).open()
        root = s.page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
        assert root == [lang, "ltr"], f"{locale}: {root}"
        assert s.page.locator("h1").inner_text() == words(lang)["intro.title"], locale
        assert s.page.locator("#status").inner_text() == words(lang)["status.ready_to_start"], locale
        if lang == "zh-CN":
            s.page.screenshot(path=SHOTS / "web-zh-CN.png", full_page=True)
        s.check_requests()
        s.close()


def test_loaded_file_is_checked_as_mikit_check_does(browser, origin, tmp):
    bad = tmp / "typo.toml"
    bad.write_text('[owner]\nnmae = "Priya"\npassword = "hunter2"\n\n[account]\nemail = "priya@example.com"\n')
    run = subprocess.run([str(MIKIT), "check", str(bad), "--date", DATE], capture_output=True, text=True)
    assert run.returncode == 65, run
    cli = [l.split(": ", 2)[2] for l in run.stderr.splitlines() if l.startswith(str(bad) + ":")]
    assert any("did you mean name?" in m for m in cli) and any("password" in m for m in cli), cli
    s = Session(browser, origin).open()
    s.page.set_input_files('[name="details-file"]', str(bad))
    s.page.wait_for_selector("#error-summary:not([hidden])", timeout=30_000)
    summary = s.page.locator("#error-summary")
    assert summary.locator("h2").inner_text() == "There is a problem"
    items = summary.locator("li").all_inner_texts()
    for message in cli:
        assert any(message.split(": ", 1)[-1] in item for item in items), f"{message!r} not in {items}"
    assert any("typo.toml, line 2" in i for i in items), items
    assert "hunter2" not in s.page.content(), "the password is echoed"
    # Nothing of the refused file is loaded.
    assert s.page.locator('[name="account.email"]').input_value() == ""
    assert "typo.toml was not loaded" in s.page.locator("#load-status").inner_text()
    s.page.screenshot(path=SHOTS / "web-refused-file.png", full_page=True)
    s.check_requests()
    s.close()


def test_error_summary_heads_the_page_with_warnings_apart(browser, origin, tmp):
    s = Session(browser, origin).open()
    s.page.locator('[name="account.email"]').fill("jane.example.com")
    # A number from another country than the account's: a warning, not an error.
    s.page.locator('[name="account.region"]').fill("IN")
    s.page.locator('[name="account.phone"]').fill("+44 20 7946 0958")
    s.page.get_by_role("button", name="Make the kit").click()
    s.page.wait_for_selector("#error-summary:not([hidden])", timeout=30_000)
    summary = s.page.locator("#error-summary")
    assert summary.evaluate("e => document.activeElement === e"), "the summary is not focused"
    order = s.page.evaluate(
        "['#error-summary', '#details'].map(q => document.querySelector(q).getBoundingClientRect().top)"
    )
    assert order[0] < order[1], "the summary is not above the form"
    assert summary.locator("h2").inner_text() == "There is a problem"
    link = summary.locator('a[href="#f-account.email"]')
    assert link.count() == 1 and link.inner_text().startswith("Registered email: "), link.all_inner_texts()
    warnings = s.page.locator("#warning-summary")
    assert warnings.is_visible() and warnings.locator("h2").inner_text() == "Worth a second look"
    assert "Registered phone" in warnings.inner_text(), warnings.inner_text()
    assert "Registered phone" not in summary.inner_text(), "a warning is listed among the errors"
    assert "mikit's phone data" not in warnings.inner_text()
    link.click()
    assert s.page.evaluate("document.activeElement.name") == "account.email"
    s.page.screenshot(path=SHOTS / "web-errors.png", full_page=True)
    # Fixed, the kit is made and says it has a warning to look at.
    s.page.locator('[name="account.email"]').fill("jane@example.com")
    s.page.get_by_role("button", name="Make the kit").click()
    s.page.wait_for_selector("#result:not([hidden])", timeout=30_000)
    assert s.page.locator("#result-warnings").is_visible(), "the made kit does not mention its warning"
    assert "Warnings to look at: 1" in s.page.locator("#status").inner_text()
    assert s.page.locator("#error-summary").is_hidden()
    s.check_requests()
    s.close()


def test_inputs_take_what_their_values_need(browser, origin, tmp):
    s = Session(browser, origin).open()
    for name in ("account.created", "device.purchased", "device.imei", "device.serial"):
        mode = s.page.locator(f'[name="{name}"]').get_attribute("inputmode")
        assert mode in (None, "text"), f"{name} has inputmode={mode}: dates need '-', IMEIs two lines"
    s.close()


def test_a_file_chosen_while_loading_is_loaded_once_ready(browser, origin, tmp):
    Wire.module_gate.clear()
    try:
        s = Session(browser, origin).open(ready=False)
        s.page.wait_for_selector("#loading progress", state="visible", timeout=30_000)
        assert s.page.locator("#loading").is_visible()
        s.page.set_input_files('[name="details-file"]', str(ROOT / "examples" / "wang-fang.toml"))
        wait_until(s.page, "document.querySelector('#status').textContent.includes('wang-fang.toml')")
        assert "still loading" in s.page.locator("#status").inner_text()
        s.page.get_by_role("button", name="Make the kit").click()
        assert not s.page.evaluate("document.body.dataset.ready")
    finally:
        Wire.module_gate.set()
    s.page.wait_for_selector("body[data-ready]", timeout=60_000)
    wait_until(s.page, "document.querySelector('[name=\"owner.name\"]').value === '王芳'")
    # The make asked for while loading runs too, after the file.
    s.page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert s.page.locator("#loading").is_hidden()
    s.check_requests()
    s.close()


def test_opened_from_a_file_the_page_says_what_to_do(browser, origin, tmp):
    context = browser.new_context()
    page = context.new_page()
    page.goto((DIST / "index.html").as_uri())
    page.wait_for_selector("#file-notice:not([hidden])", timeout=10_000)
    assert "web server" in page.locator("#file-notice").inner_text()
    assert page.locator("#loading").is_hidden()
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(origin + "/")
    assert "needs JavaScript" in page.locator("noscript").inner_text() or page.get_by_text("This page needs JavaScript").is_visible()
    context.close()


def test_a_latin_kit_costs_at_most_2_mb_on_the_wire(browser, origin, tmp):
    module = (DIST / "mikit_web_bg.wasm").stat().st_size
    FIGURES["module_bytes"] = module
    FIGURES["module_gz"] = (DIST / "mikit_web_bg.wasm.gz").stat().st_size
    FIGURES["module_br"] = (DIST / "mikit_web_bg.wasm.br").stat().st_size
    assert module <= MAX_MODULE_BYTES, f"the module is {module:,} bytes"
    # A first visit, with nothing cached, as a visitor's browser asks.
    s = Session(browser, origin).open()
    s.fill(form_values(ROOT / "examples" / "priya-nair.toml"))
    s.make()
    sent = list(Wire.sent)
    total = sum(n for _, _, n in sent)
    FIGURES["latin_kit_on_the_wire"] = total
    FIGURES["latin_kit_encodings"] = sorted({e for _, e, _ in sent})
    assert total <= MAX_LATIN_KIT_BYTES, f"a Latin kit cost {total:,} bytes: {sent}"
    assert any(p.endswith(".wasm") and e in ("br", "gzip") for p, e, _ in sent), sent
    s.check_requests()
    s.close()


def test_accessibility_in_five_states(browser, origin, tmp):
    if not AXE.exists():
        assert os.environ.get("CI") != "true", f"{AXE} is missing (CI=true): npm install axe-core"
        print(f"     ({AXE} is missing: the accessibility checks are skipped)")
        return
    axe = AXE.read_text()

    def audit(s, state):
        s.page.add_script_tag(content=axe)
        found = s.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => [v.id, v.nodes.length, v.help]))"
        )
        assert not found, f"{state}: {found}"

    # axe is injected as an inline script, which the page's CSP refuses.
    s = Session(browser, origin, bypass_csp=True).open()
    audit(s, "empty form")
    s.page.locator('[name="account.email"]').fill("x.example.com")
    s.page.get_by_role("button", name="Make the kit").click()
    s.page.wait_for_selector("#error-summary:not([hidden])")
    audit(s, "errors")
    s.page.locator('[name="account.email"]').fill("x@example.com")
    s.page.get_by_role("button", name="Check the details").click()
    s.page.wait_for_selector("#report:not([hidden])")
    s.make()
    audit(s, "kit made")
    s.close()
    s = Session(browser, origin, bypass_csp=True, locale="ar").open()
    audit(s, "Arabic page")
    s.close()
    s = Session(browser, origin, bypass_csp=True).open()
    s.page.set_input_files('[name="customers"]', str(ROOT / "examples" / "shop-customers.csv"))
    s.page.get_by_role("button", name="Make all kits").click()
    s.page.wait_for_selector("#batch-result:not([hidden])", timeout=120_000)
    audit(s, "shop list made")
    s.close()


def customers_csv(n: int) -> str:
    """`n` customers as a shop's spreadsheet holds them, in several languages
    and scripts, with a few bad rows."""
    rows = ["name,language,email,phone,region,model,imei,purchased,store,invoice"]
    people = [
        ("Priya Nair", "en", "IN", "+91 98765 {:05d}"),
        ("Ana García", "es", "ES", "+34 612 {:06d}"),
        ("Иван Петров", "ru", "RU", "+7 912 {:07d}"),
        ("Nguyễn Văn An", "vi", "VN", "+84 91 {:07d}"),
        ("Siti Rahayu", "id", "ID", "+62 812 {:08d}"),
    ]
    for i in range(n):
        name, lang, region, phone = people[i % len(people)]
        email = f"customer{i}@example.com" if i % 97 != 13 else f"customer{i}.example.com"
        number = phone.format(10000 + i)
        rows.append(
            f'"{name} {i}",{lang},{email},{number},{region},Redmi Note {12 + i % 3},,2024-0{1 + i % 9}-1{i % 10},'
            f'"Shop {i % 7}, Main Road",INV-{i:05d}'
        )
    return "\n".join(rows) + "\n"


def test_shop_list_of_300_is_mikit_batchs(browser, origin, tmp):
    listing = tmp / "customers.csv"
    listing.write_text(customers_csv(300))
    shop = ROOT / "examples" / "shop.toml"
    out = tmp / "cli-batch"
    run = subprocess.run(
        [str(MIKIT), "batch", str(listing), "--shop", str(shop), "-o", str(out), "--merge",
         str(out / "all-kits.pdf"), "--date", DATE],
        capture_output=True, text=True,
    )
    assert run.returncode == 65, run  # the bad rows
    s = Session(browser, origin).open()
    date = s.page.locator('[name="date"]')
    s.reveal(date)
    date.fill(DATE)
    s.page.set_input_files('[name="customers"]', str(listing))
    s.page.set_input_files('[name="shop-file"]', str(shop))
    started = time.monotonic()
    s.page.get_by_role("button", name="Make all kits").click()
    # The progress bar moves, and the page answers while the worker works:
    # a field takes what is typed into it before the run is over.
    wait_until(s.page, "Number(document.body.dataset.batchDone || 0) > 0", timeout_s=120)
    bar = s.page.locator("#batch-progress")
    assert bar.is_visible() and 0 < float(bar.get_attribute("value") or 0) < 300, bar.get_attribute("value")
    s.page.locator('[name="device.serial"]').fill("typed while busy")
    assert s.page.locator('[name="device.serial"]').input_value() == "typed while busy"
    assert int(s.page.evaluate("document.body.dataset.batchDone")) < 300, "the run ended before the check"
    FIGURES["batch_progress_seen_at"] = int(s.page.evaluate("document.body.dataset.batchDone"))
    s.page.wait_for_selector("#batch-result:not([hidden])", timeout=600_000)
    FIGURES["batch_300_s"] = round(time.monotonic() - started, 1)
    s.page.screenshot(path=SHOTS / "web-shop.png", full_page=True)
    with s.page.expect_download() as info:
        s.page.locator('a[download="all-kits.pdf"]').click()
    merged = Path(info.value.path()).read_bytes()
    with s.page.expect_download() as info:
        s.page.locator('a[download="kits.zip"]').click()
    archive = zipfile.ZipFile(info.value.path())
    assert merged == (out / "all-kits.pdf").read_bytes(), "all-kits.pdf differs from mikit batch --merge"
    cli_files = sorted(p.name for p in out.iterdir() if p.name not in ("all-kits.pdf", ".mikit.lock"))
    assert sorted(archive.namelist()) == cli_files, set(archive.namelist()) ^ set(cli_files)
    for name in cli_files:
        assert archive.read(name) == (out / name).read_bytes(), f"{name} differs from mikit batch"
    problems = s.page.locator("#batch-problems li").all_inner_texts()
    cli_problems = [l for l in run.stderr.splitlines() if l.startswith(str(listing))]
    assert [p.replace("customers.csv", str(listing)) for p in problems] == cli_problems, (problems, cli_problems)
    s.check_requests()
    s.close()


def main() -> int:
    if not (DIST / "index.html").exists():
        print(f"web/test.py: {DIST} is missing; run bash web/build.sh first")
        return 1
    if "MIKIT" not in os.environ:
        # The CLI of this checkout, whatever was built before.
        subprocess.run(["cargo", "build", "--locked", "--quiet", "--bin", "mikit"], cwd=ROOT, check=True)
    if not MIKIT.exists():
        print(f"web/test.py: {MIKIT} is missing")
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
