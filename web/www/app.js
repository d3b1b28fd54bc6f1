// The page's side of mikit: the form in, two PDFs out, all in this browser.
// The rules, messages and PDFs come from the Rust library (mikit_web.js);
// this file only moves values between the form and it.

import init, * as mikit from "./mikit_web.js";

const form = document.getElementById("details");
const $ = (id) => document.getElementById(id);
const status = $("status");
const makeButton = $("make");

// Names of the form's inputs that belong to the details file, in its order.
const DETAIL_FIELDS = [...form.elements]
  .map((el) => el.name)
  .filter((name) => /^(owner|account|device)\./.test(name));
const SHOP_FIELDS = [...form.elements].map((el) => el.name).filter((n) => n.startsWith("shop."));
// The language select is the details file's owner.language.
const inputName = (field) => (field === "owner.language" ? "language" : field);
const fieldName = (name) => (name === "language" ? "owner.language" : name);

const started = performance.now();
let firstPdfMs = null;
const loadedFonts = new Set();
let objectUrls = [];

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function say(text) {
  status.textContent = text;
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

function shopText() {
  const values = {};
  for (const name of SHOP_FIELDS) values[name.slice(5)] = form.elements[name].value;
  return mikit.shop_toml(JSON.stringify(values));
}

function setLanguage(code) {
  const select = form.elements.language;
  const wanted = code.trim().replace("_", "-").toLowerCase();
  const match = [...select.options].find(
    (o) => o.value.toLowerCase() === wanted || o.value.toLowerCase().split("-")[0] === wanted,
  );
  if (match) {
    select.value = match.value;
  } else if (wanted === "") {
    select.value = "en";
  } else {
    // Keep what the file says, so the check can say what is wrong with it.
    const option = new Option(`${code} (not a language mikit prints)`, code);
    select.add(option);
    select.value = code;
  }
}

async function loadFile(file) {
  const note = $("load-status");
  if (file.size > 256 * 1024) {
    note.textContent = `${file.name} is ${Math.round(file.size / 1024)} KB: too large to be a details file.`;
    return;
  }
  const loaded = JSON.parse(mikit.read_details_file(await file.text()));
  if (loaded.error) {
    note.textContent = `${file.name}: ${loaded.error}. Nothing was loaded.`;
    return;
  }
  for (const name of DETAIL_FIELDS) form.elements[name].value = loaded.values[name] ?? "";
  setLanguage(loaded.values["owner.language"] ?? "");
  note.textContent =
    `Loaded ${file.name}.` +
    (loaded.ignored.length ? ` Left out, not fields of a details file: ${loaded.ignored.join(", ")}.` : "");
  await check({ report: true });
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

async function ensureFonts(details, shop) {
  for (let round = 0; round < 6; round++) {
    const wanted = mikit.fonts_needed(details, form.elements.language.value, shop);
    if (wanted.length === 0) return;
    await Promise.all(
      wanted.map(async (file) => {
        let response;
        try {
          response = await fetch(`fonts/${file}`);
        } catch {
          throw new Error(`The font ${file} could not be loaded: this text needs it, and the network is off.`);
        }
        if (!response.ok) throw new Error(`The font ${file} could not be loaded (${response.status}).`);
        mikit.provide_font(file, new Uint8Array(await response.arrayBuffer()));
        loadedFonts.add(file);
      }),
    );
  }
}

// ---- Check ----------------------------------------------------------------

function clearMarks() {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".problem")) el.remove();
  for (const el of form.querySelectorAll("[data-help]")) {
    if (el.dataset.help) el.setAttribute("aria-describedby", el.dataset.help);
    else el.removeAttribute("aria-describedby");
  }
}

function mark(problem, index) {
  const input = form.elements[inputName(problem.field)];
  if (!input || !input.id) return null;
  const id = `problem-${index}`;
  const note = document.createElement("p");
  note.id = id;
  note.className = `problem ${problem.severity}`;
  note.textContent = (problem.severity === "warning" ? "Warning: " : "") + problem.message;
  input.insertAdjacentElement("afterend", note);
  if (!("help" in input.dataset)) input.dataset.help = input.getAttribute("aria-describedby") ?? "";
  input.setAttribute("aria-describedby", `${input.dataset.help} ${id}`.trim());
  if (problem.severity === "error") input.setAttribute("aria-invalid", "true");
  return input;
}

function labelOf(field) {
  const input = form.elements[inputName(field)];
  const label = input && input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
  return label ? label.textContent : field;
}

function link(field, text) {
  const input = form.elements[inputName(field)];
  const li = document.createElement("li");
  if (input && input.id) {
    const a = document.createElement("a");
    a.href = `#${input.id}`;
    a.textContent = text;
    a.addEventListener("click", (e) => {
      e.preventDefault();
      input.closest("details")?.setAttribute("open", "");
      input.focus();
    });
    li.append(a);
  } else {
    li.textContent = text;
  }
  return li;
}

// Runs the library's check on the form; marks every field with a problem.
// Returns the number of errors.
async function check({ report }) {
  const details = detailsText();
  const shop = shopText();
  await ensureFonts(details, shop);
  const checked = JSON.parse(mikit.check(details, form.elements.date.value || today()));
  const shopProblems = JSON.parse(mikit.check_shop(shop));
  const problems = [...checked.problems, ...shopProblems];
  clearMarks();
  problems.forEach(mark);
  const errors = checked.errors + shopProblems.length;
  if (errors > 0) {
    // A kit made from earlier values no longer matches the form.
    $("result").hidden = true;
    say("Fix the marked fields, then make the kit.");
  }
  if (report || errors > 0) showReport(checked, problems, errors);
  else $("report").hidden = true;
  return errors;
}

function showReport(checked, problems, errors) {
  const list = $("report-problems");
  list.replaceChildren(
    ...problems.map((p) =>
      link(p.field, `${labelOf(p.field)}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`),
    ),
  );
  const warnings = problems.length - errors;
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  $("report-summary").textContent =
    `${checked.set} of ${checked.total} values set. ` +
    (errors
      ? `${plural(errors, "error")} to fix before the kit can be made${warnings ? `, and ${plural(warnings, "warning")}` : ""}.`
      : `Ready to make the kit${warnings ? ` (${plural(warnings, "warning")} to look at)` : ""}.`);
  $("report-missing").replaceChildren(
    ...checked.missing.map((m) => link(m.field, `${labelOf(m.field)}: ${m.cost}`)),
  );
  $("report-missing-summary").textContent = `Missing values and what they cost (${checked.missing.length})`;
  $("report-missing-box").hidden = checked.missing.length === 0;
  $("report").hidden = false;
}

// ---- Make -------------------------------------------------------------------

function kb(bytes) {
  return `${Math.ceil(bytes / 1024)} KB`;
}

async function make() {
  makeButton.disabled = true;
  say("Making the kit…");
  try {
    const errors = await check({ report: false });
    if (errors > 0) {
      say("The kit was not made: fix the marked fields first.");
      $("report").focus();
      return;
    }
    const details = detailsText();
    const t0 = performance.now();
    const kit = mikit.make(
      details,
      form.elements.language.value,
      form.elements.paper.value,
      form.elements.date.value || today(),
      shopText(),
    );
    const ms = Math.round(performance.now() - t0);
    if (firstPdfMs === null) {
      firstPdfMs = Math.round(performance.now() - started);
      document.body.dataset.firstPdfMs = String(firstPdfMs);
    }
    document.body.dataset.lastMakeMs = String(ms);
    showKit(kit, ms);
  } catch (err) {
    say(`The kit was not made: ${err.message ?? err}`);
  } finally {
    makeButton.disabled = false;
  }
}

function showKit(kit, ms) {
  for (const url of objectUrls) URL.revokeObjectURL(url);
  const pdf = (bytes) => URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
  const kitBytes = kit.kit;
  const prepBytes = kit.prep;
  objectUrls = [pdf(kitBytes), pdf(prepBytes)];
  $("dl-kit").href = objectUrls[0];
  $("dl-prep").href = objectUrls[1];
  $("size-kit").textContent = `(PDF, ${kb(kitBytes.length)})`;
  $("size-prep").textContent = `(PDF, ${kb(prepBytes.length)})`;
  $("preview").src = `${objectUrls[0]}#page=1&view=FitH`;
  $("result-summary").textContent = `Made on this device in ${ms} ms, on ${kit.paper === "letter" ? "Letter" : "A4"} paper.`;
  const paper = kit.paper;
  kit.free();
  $("result").hidden = false;
  say(`The kit is ready (${paper === "letter" ? "Letter" : "A4"}): download both PDFs below.`);
  $("result").focus();
}

// ---- Start ------------------------------------------------------------------

async function start() {
  form.elements.date.value = today();
  for (const el of form.querySelectorAll("[aria-describedby]")) {
    el.dataset.help = el.getAttribute("aria-describedby");
  }
  try {
    await init({ module_or_path: "mikit_web_bg.wasm" });
    await ensureFonts("", "");
  } catch (err) {
    say(`This page could not start: ${err.message ?? err}. Reload it, or use another browser.`);
    return;
  }
  document.body.dataset.ready = String(Math.round(performance.now() - started));
  makeButton.disabled = false;
  say("Ready. Nothing you type leaves this device.");

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    make();
  });
  $("check").addEventListener("click", () =>
    check({ report: true })
      .then(() => $("report").focus())
      .catch((err) => say(err.message ?? String(err))),
  );
  $("save").addEventListener("click", save);
  $("load").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (file) loadFile(file).catch((err) => say(err.message ?? String(err)));
    e.target.value = "";
  });
  // A field is checked again once the owner leaves it, so a fixed value
  // loses its mark and a new mistake gets one.
  form.addEventListener("change", (e) => {
    if (e.target === $("load")) return;
    check({ report: !$("report").hidden }).catch((err) => say(err.message ?? String(err)));
  });
}

start();
