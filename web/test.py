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
import unicodedata
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
# The faces made for one script (src/fonts.rs): never fetched for text without it.
SCRIPT_FONTS = {
    f"NotoSans{script}-{weight}.ttf"
    for script in ("Arabic", "Devanagari", "Bengali", "Tamil", "Thai", "Hebrew")
    for weight in ("Regular", "Bold")
}
EAST_FONTS = {"DroidSansFallbackFull.ttf", "NanumSquareR.ttf", "NanumSquareB.ttf"}


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
    s.page.set_input_files("#load", str(details))
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
