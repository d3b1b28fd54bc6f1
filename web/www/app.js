// The page's side of mikit: the form in, two PDFs out, all in this browser.
// The rules, messages and PDFs come from the Rust library (mikit_web.js);
// the page's own words come from i18n.json (web/i18n/*.toml); this file
// moves values between the form, the library and the words.

import init, * as mikit from "./mikit_web.js";
import { startBatch } from "./batch.js";

const $ = (id) => document.getElementById(id);
const form = $("details");
const makeButton = $("make");
const status = $("status");

// The module's size as built (web/build.sh writes it): the progress bar
// counts the bytes as they arrive, whatever the server compressed.
const MODULE_BYTES = Number("@MODULE_BYTES@") || 0;
// The faces every kit uses: fetched while the module downloads.
const ALWAYS_FONTS = ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"];

const DETAIL_FIELDS = [...form.elements]
  .map((el) => el.name)
  .filter((name) => /^(owner|account|device)\./.test(name));
const SHOP_FIELDS = [...form.elements].map((el) => el.name).filter((n) => n.startsWith("shop."));
// The language select is the details file's owner.language.
const inputName = (field) => (field === "owner.language" ? "language" : field);

const started = performance.now();
let firstPdfMs = null;
let ready = false;
const queued = [];
const fontFetches = new Map();

// ---- The page's words ----------------------------------------------------

let allWords = { en: {} };
let words = {};
let pageLang = "en";
// What the status line says, kept as a key so it can be said again in
// another language.
let lastStatus = null;

function t(key, vars = {}) {
  const text = words[key] ?? allWords.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

function say(key, vars = {}) {
  lastStatus = key ? { key, vars } : null;
  status.textContent = key ? t(key, vars) : "";
}

// The language of the page: one of the kit's languages.
function matchLanguage(wanted) {
  const codes = [...form.elements.language.options].map((o) => o.value).filter((c) => c in allWords);
  const lower = String(wanted || "").replace("_", "-").toLowerCase();
  return (
    codes.find((c) => c.toLowerCase() === lower) ??
    codes.find((c) => c.toLowerCase().split("-")[0] === lower.split("-")[0]) ??
    null
  );
}

function applyLanguage(code) {
  if (!(code in allWords)) return;
  pageLang = code;
  words = allWords[code];
  const root = document.documentElement;
  root.lang = code;
  root.dir = words["lang.dir"] === "rtl" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-alt]")) el.alt = t(el.dataset.tAlt);
  for (const el of document.querySelectorAll("[data-t-title]")) el.title = t(el.dataset.tTitle);
  if (lastStatus) say(lastStatus.key, lastStatus.vars);
  if (lastCheck) showCheck(lastCheck);
  batchUi?.rerender();
}

async function loadWords() {
  try {
    const response = await fetch("i18n.json");
    if (response.ok) allWords = await response.json();
  } catch {
    // English, as the page is written, stays.
  }
  words = allWords.en ?? {};
  const first = navigator.languages?.map(matchLanguage).find(Boolean) ?? "en";
  form.elements.language.value = first;
  applyLanguage(first);
}

// ---- Loading ---------------------------------------------------------------

function progress(fraction, key) {
  const bar = $("loading-bar");
  const percent = Math.round(Math.min(1, fraction) * 100);
  bar.value = percent;
  // The words (a live region) change every 10%, not on every chunk.
  const shown = key === "load.progress" ? Math.floor(percent / 10) * 10 : percent;
  // Before the words have loaded, the bar alone moves.
  if (!(key in words)) return;
  const text = t(key, { percent: shown });
  if ($("loading-text").textContent !== text) $("loading-text").textContent = text;
}

async function fetchModule() {
  const response = await fetch("mikit_web_bg.wasm");
  if (!response.ok) throw new Error(`mikit_web_bg.wasm: ${response.status}`);
  const total = MODULE_BYTES || Number(response.headers.get("content-length")) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total) progress((0.9 * received) / total, "load.progress");
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  progress(0.92, "load.starting_up");
  return WebAssembly.compile(bytes);
}

function fetchFont(file) {
  if (!fontFetches.has(file)) {
    const bytes = fetch(`fonts/${file}`)
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.arrayBuffer();
      })
      .then((buffer) => new Uint8Array(buffer));
    // A failed fetch is tried again next time (the network may be back).
    bytes.catch(() => fontFetches.delete(file));
    fontFetches.set(file, bytes);
  }
  return fontFetches.get(file);
}

// Runs `action` now, or once the module is ready, saying so.
function whenReady(action, key, vars) {
  if (ready) return action();
  queued.push(action);
  $("loading").classList.add("asked");
  say(key, vars);
}

// ---- Form <-> details file ----------------------------------------------

function formValues() {
  const values = {};
  for (const name of DETAIL_FIELDS) values[name] = form.elements[name].value;
  values["owner.language"] = form.elements.language.value;
  return values;
}

function detailsText() {
  return mikit.details_toml(JSON.stringify(formValues()));
}

function shopValues() {
  const values = {};
  for (const name of SHOP_FIELDS) values[name.slice(5)] = form.elements[name].value;
  return values;
}

function shopText() {
  return mikit.shop_toml(JSON.stringify(shopValues()));
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function dateValue() {
  return form.elements.date.value || today();
}

function setLanguage(code) {
  const select = form.elements.language;
  const match = matchLanguage(code);
  if (match) {
    select.value = match;
  } else if (String(code).trim() === "") {
    select.value = pageLang;
  } else {
    // Keep what the file says, so the check can say what is wrong with it.
    const option = new Option(t("form.unknown_language", { code }), code);
    select.add(option);
    select.value = code;
  }
}

const MAX_DETAILS_BYTES = 1024 * 1024;

async function loadFile(file) {
  withdraw();
  const note = $("load-status");
  if (file.size > MAX_DETAILS_BYTES) {
    note.textContent = t("load.too_big", { file: file.name, kb: Math.round(file.size / 1024) });
    return;
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    note.textContent = t("load.not_text", { file: file.name });
    return;
  }
  if (text.trim() === "") {
    note.textContent = t("load.empty", { file: file.name });
    return;
  }
  const loaded = JSON.parse(mikit.read_details_file(text, dateValue()));
  if (loaded.refused) {
    note.textContent = t("load.refused", { file: file.name });
    showFileProblems(file.name, loaded.problems);
    return;
  }
  for (const name of DETAIL_FIELDS) form.elements[name].value = loaded.values[name] ?? "";
  setLanguage(loaded.values["owner.language"] ?? "");
  applyLanguage(form.elements.language.value);
  note.textContent = t("load.loaded", { file: file.name });
  await check({ report: true, summary: loaded.problems.length > 0 });
}

function save() {
  const blob = new Blob([detailsText()], { type: "application/toml" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "details.toml";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ---- Fonts, fetched only when the text needs them -----------------------

class FontUnavailable extends Error {}

async function ensureFonts(details, shop) {
  const before = lastStatus;
  for (let round = 0; round < 6; round++) {
    const wanted = mikit.fonts_needed(details, form.elements.language.value, shop);
    if (wanted.length === 0) {
      if (lastStatus?.key === "status.fonts") say(before?.key ?? null, before?.vars);
      return;
    }
    if (ready) say("status.fonts");
    await Promise.all(
      wanted.map(async (file) => {
        let bytes;
        try {
          bytes = await fetchFont(file);
        } catch {
          throw new FontUnavailable(file);
        }
        mikit.provide_font(file, bytes);
      }),
    );
  }
}

// ---- Check ----------------------------------------------------------------

let lastCheck = null;

function labelOf(field) {
  const key = field === "owner.language" ? "field.language" : field.startsWith("shop.") ? field : `field.${field}`;
  return t(key);
}

// A library message in the owner's words: a details key it names becomes
// the field's label on this page.
function inOwnersWords(message) {
  return message.replace(/\b(?:owner|account|device)\.[a-z_]+\b/g, (path) =>
    `field.${path}` in allWords.en ? t("fmt.quoted", { text: labelOf(path) }) : path,
  );
}

// A library message, in English whatever the page's language: marked so, and
// kept left to right inside a right-to-left page.
function english(text) {
  const span = document.createElement("span");
  span.lang = "en";
  span.dir = "ltr";
  span.textContent = text;
  return span;
}

function clearMarks() {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".problem")) el.remove();
  for (const el of form.querySelectorAll("[data-help]")) {
    if (el.dataset.help) el.setAttribute("aria-describedby", el.dataset.help);
    else el.removeAttribute("aria-describedby");
  }
}

function mark(problem, index) {
  const input = form.elements[inputName(problem.input)];
  if (!input || !input.id) return;
  const id = `problem-${index}`;
  const note = document.createElement("p");
  note.id = id;
  note.className = `problem ${problem.severity}`;
  const prefix = document.createElement("span");
  prefix.className = "visually-hidden";
  prefix.textContent = t(problem.severity === "warning" ? "summary.warning_prefix" : "summary.error_prefix") + " ";
  note.append(prefix, english(inOwnersWords(problem.message)));
  input.insertAdjacentElement("beforebegin", note);
  if (!("help" in input.dataset)) input.dataset.help = input.getAttribute("aria-describedby") ?? "";
  input.setAttribute("aria-describedby", `${input.dataset.help} ${id}`.trim());
  if (problem.severity === "error") {
    input.setAttribute("aria-invalid", "true");
    input.closest("details")?.setAttribute("open", "");
  }
}

// A list item linking to a field: its label, then `what` (text or nodes).
function linkTo(field, ...what) {
  const input = form.elements[inputName(field)];
  const li = document.createElement("li");
  const text = [`${labelOf(field)}: `, ...what];
  if (input && input.id) {
    const a = document.createElement("a");
    a.href = `#${input.id}`;
    a.append(...text);
    a.addEventListener("click", (e) => {
      e.preventDefault();
      input.closest("details")?.setAttribute("open", "");
      input.focus();
      input.scrollIntoView({ block: "center" });
    });
    li.append(a);
  } else {
    li.append(...text);
  }
  return li;
}

// The summaries at the top: errors first, as GOV.UK's pattern has them,
// warnings apart.
function showSummaries(problems, { intro = "", fileName = "" } = {}) {
  const item = (p) => {
    const text = english(inOwnersWords(p.message));
    if (p.input) return linkTo(p.input, text);
    const li = document.createElement("li");
    if (fileName && p.line) li.append(`${t("load.line", { file: fileName, line: p.line })}: `);
    li.append(text);
    return li;
  };
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity !== "error");
  $("error-summary-list").replaceChildren(...errors.map(item));
  $("error-summary-intro").textContent = intro;
  $("error-summary-intro").hidden = !intro;
  $("error-summary").hidden = errors.length === 0;
  $("warning-summary-list").replaceChildren(...warnings.map(item));
  $("warning-summary").hidden = warnings.length === 0;
}

function showFileProblems(fileName, problems) {
  lastCheck = null;
  clearMarks();
  $("report").hidden = true;
  showSummaries(problems, { intro: t("load.refused", { file: fileName }), fileName });
  $("error-summary").focus();
}

function showCheck(state) {
  const { checked, problems, report, summary } = state;
  clearMarks();
  problems.forEach(mark);
  if (summary || !$("error-summary").hidden || !$("warning-summary").hidden) showSummaries(problems);
  if (report || !$("report").hidden) showReport(checked, problems);
}

function showReport(checked, problems) {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const parts = [t("report.set", { set: checked.set.length, total: checked.total })];
  if (errors) parts.push(t("report.errors", { errors }));
  else if (warnings) parts.push(t("report.ready_warnings", { warnings }));
  else parts.push(t("report.ready"));
  $("report-summary").textContent = parts.join(" ");
  $("report-missing").replaceChildren(
    ...checked.missing.map((m) => linkTo(m.field, t(`cost.${m.field}`))),
  );
  $("report-missing-summary").textContent = t("report.missing", { count: checked.missing.length });
  $("report-missing-box").hidden = checked.missing.length === 0;
  $("report").hidden = false;
}

// Runs the library's check on the form and marks every field with a
// problem; `summary` shows the summaries at the top. Returns the number
// of errors.
async function check({ report = false, summary = false } = {}) {
  const details = detailsText();
  const shop = shopText();
  await ensureFonts(details, shop);
  const checked = JSON.parse(mikit.check(details, dateValue()));
  const shopProblems = JSON.parse(mikit.check_shop(shop));
  const problems = [...checked.problems, ...shopProblems];
  lastCheck = { checked, problems, report, summary };
  showCheck(lastCheck);
  return problems.filter((p) => p.severity === "error").length;
}

// ---- Make: never the wrong kit -------------------------------------------

// Every change to the form makes the kit on offer stale: it is withdrawn at
// once, and a make still running for the old values is not shown.
let generation = 0;
let objectUrls = [];

function withdraw() {
  generation++;
  for (const url of objectUrls) URL.revokeObjectURL(url);
  objectUrls = [];
  for (const id of ["dl-kit", "dl-prep"]) $(id).removeAttribute("href");
  $("preview").removeAttribute("src");
  const wasShown = !$("result").hidden;
  $("result").hidden = true;
  if (wasShown || ["status.ready", "status.ready_warnings"].includes(lastStatus?.key)) say("status.changed");
}

function kb(bytes) {
  return t("result.size", { kb: Math.ceil(bytes / 1024) });
}

function paperName(paper) {
  return paper === "letter" ? t("print.letter") : "A4";
}

async function make() {
  withdraw();
  const mine = generation;
  makeButton.disabled = true;
  say("status.making");
  try {
    const errors = await check({ summary: true });
    if (mine !== generation) return;
    if (errors > 0) {
      say("status.fix");
      $("error-summary").focus();
      return;
    }
    const t0 = performance.now();
    const kit = mikit.make(
      detailsText(),
      form.elements.language.value,
      form.elements.paper.value,
      dateValue(),
      shopText(),
    );
    const ms = Math.round(performance.now() - t0);
    if (mine !== generation) {
      kit.free();
      return;
    }
    if (firstPdfMs === null) {
      firstPdfMs = Math.round(performance.now() - started);
      document.body.dataset.firstPdfMs = String(firstPdfMs);
    }
    document.body.dataset.lastMakeMs = String(ms);
    showKit(kit, ms);
  } catch (err) {
    if (mine !== generation) return;
    withdraw();
    if (err instanceof FontUnavailable) say("status.font_failed", { file: err.message });
    else say("status.failed", { error: err.message ?? String(err) });
  } finally {
    makeButton.disabled = false;
  }
}

function showKit(kit, ms) {
  const pdf = (bytes) => URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
  const kitBytes = kit.kit;
  const prepBytes = kit.prep;
  const paper = kit.paper;
  const warnings = kit.warnings;
  kit.free();
  objectUrls = [pdf(kitBytes), pdf(prepBytes)];
  $("dl-kit").href = objectUrls[0];
  $("dl-prep").href = objectUrls[1];
  $("size-kit").textContent = kb(kitBytes.length);
  $("size-prep").textContent = kb(prepBytes.length);
  $("preview").src = `${objectUrls[0]}#page=1&view=FitH`;
  $("result-summary").textContent = t("result.made", { ms, paper: paperName(paper) });
  $("result-warnings").textContent = warnings ? t("result.warnings", { warnings }) : "";
  $("result-warnings").hidden = warnings === 0;
  $("result").hidden = false;
  say(warnings ? "status.ready_warnings" : "status.ready", { paper: paperName(paper), warnings });
  $("result").focus();
}

// ---- Start ------------------------------------------------------------------

async function start() {
  form.elements.date.value = today();
  for (const el of form.querySelectorAll("[aria-describedby]")) {
    el.dataset.help = el.getAttribute("aria-describedby");
  }
  wire();
  // The module and the fonts every kit uses download while the words load.
  ALWAYS_FONTS.forEach(fetchFont);
  const module = fetchModule();
  module.catch(() => {}); // handled below, once the words are there to say it
  await loadWords();
  try {
    compiledModule = await module;
    await init({ module_or_path: compiledModule });
    progress(0.96, "load.fonts");
    await ensureFonts("", "");
  } catch (err) {
    const box = $("start-failed");
    box.textContent = t("load.failed", { error: err.message ?? String(err) });
    box.hidden = false;
    $("loading").hidden = true;
    say(null);
    return;
  }
  ready = true;
  document.body.dataset.ready = String(Math.round(performance.now() - started));
  $("loading").hidden = true;
  const actions = queued.splice(0);
  if (actions.length === 0) say("status.ready_to_start");
  for (const action of actions) await action();
}

function report(err) {
  if (err instanceof FontUnavailable) say("status.font_failed", { file: err.message });
  else say("status.failed", { error: err.message ?? String(err) });
}

function wire() {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    whenReady(make, "load.queued_make");
  });
  $("check").addEventListener("click", () =>
    whenReady(
      () =>
        check({ report: true, summary: true })
          .then(() => ($("error-summary").hidden ? $("report") : $("error-summary")).focus())
          .catch(report),
      "load.queued_check",
    ),
  );
  $("save").addEventListener("click", () => whenReady(save, "load.queued_save"));
  $("load").addEventListener("change", (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    withdraw();
    whenReady(() => loadFile(file).catch(report), "load.queued_file", { file: file.name });
  });
  // Any change withdraws the kit on offer at once; a field is checked again
  // once the owner leaves it, so a fixed value loses its mark.
  form.addEventListener("input", (e) => {
    if (e.target === $("load")) return;
    withdraw();
    if (/^(shop\.|language$|paper$|date$)/.test(e.target.name)) batchUi.withdraw();
  });
  form.addEventListener("change", (e) => {
    if (e.target === $("load")) return;
    withdraw();
    // The shop list's kits use the shop, the language, the paper and the date.
    if (/^(shop\.|language$|paper$|date$)/.test(e.target.name)) batchUi.withdraw();
    if (e.target === form.elements.language) applyLanguage(form.elements.language.value);
    if (ready && lastCheck) check({ report: lastCheck.report }).catch(report);
  });
  batchUi = startBatch({
    t,
    whenReady,
    shopText: () => (ready ? shopText() : ""),
    date: dateValue,
    lang: () => form.elements.language.value,
    paper: () => form.elements.paper.value,
    module: () => compiledModule,
  });
}

let compiledModule = null;
let batchUi = null;

start();
