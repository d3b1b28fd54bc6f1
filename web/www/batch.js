// The shop part of the page: a customer list in, every customer's kit out
// (the merged PDF to print duplex, and a ZIP of every PDF with manifest.csv),
// made in a worker (batch-worker.js) so the page stays responsive.

const $ = (id) => document.getElementById(id);

// ctx: t (the page's words), whenReady, shopText (the form's shop, as a
// file), date, lang, paper, module (the compiled WebAssembly module).
export function startBatch(ctx) {
  const { t } = ctx;
  let worker = null;
  let urls = [];
  let last = null;
  let problems = [];

  function say(key, vars = {}) {
    last = key ? { key, vars } : null;
    $("batch-status").textContent = key ? t(key, vars) : "";
  }

  function showProgress(done, total) {
    $("batch-progress-box").hidden = false;
    $("batch-progress").max = Math.max(total, 1);
    $("batch-progress").value = done;
    $("batch-progress-label").textContent = t("batch.progress", { done, total });
    document.body.dataset.batchDone = String(done);
  }

  function stopWorker() {
    worker?.terminate();
    worker = null;
    $("stop-all").hidden = true;
    $("make-all").disabled = false;
  }

  // The kits on offer no longer match the list, the shop or the settings.
  function withdraw(key = "batch.changed") {
    const had = !$("batch-result").hidden || worker !== null;
    stopWorker();
    for (const url of urls) URL.revokeObjectURL(url);
    urls = [];
    $("dl-all").removeAttribute("href");
    $("dl-zip").removeAttribute("href");
    $("batch-result").hidden = true;
    $("batch-progress-box").hidden = true;
    if (had) say(key);
  }

  function showProblems(lines, leftOut) {
    problems = lines;
    $("batch-problems").replaceChildren(
      ...lines.map((line) => {
        // As mikit batch prints it: English, left to right.
        const li = document.createElement("li");
        li.lang = "en";
        li.dir = "ltr";
        li.textContent = line;
        return li;
      }),
    );
    if (leftOut) {
      const li = document.createElement("li");
      li.textContent = t("batch.more_problems", { count: leftOut });
      $("batch-problems").append(li);
    }
    $("batch-problems-box").hidden = lines.length === 0;
  }

  function done(message) {
    stopWorker();
    const blob = (bytes, type) => URL.createObjectURL(new Blob([bytes], { type }));
    const kb = (bytes) => Math.ceil(bytes.length / 1024);
    urls = [];
    if (message.written > 0) {
      urls.push(blob(message.merged, "application/pdf"));
      $("dl-all").href = urls.at(-1);
      $("size-all").textContent = t("batch.merged_size", { pages: message.pages, kb: kb(message.merged) });
      $("dl-all").parentElement.hidden = false;
    } else {
      $("dl-all").parentElement.hidden = true;
    }
    urls.push(blob(message.zip, "application/zip"));
    $("dl-zip").href = urls.at(-1);
    $("size-zip").textContent = t("batch.zip_size", { kb: kb(message.zip) });
    showProblems(message.problems, message.problemsLeftOut);
    $("batch-result").hidden = false;
    say("batch.done", { written: message.written, failed: message.failed });
    $("batch-status").focus?.();
  }

  async function makeAll() {
    const list = $("customers").files[0];
    withdraw(null);
    if (!list) {
      say("batch.no_list");
      $("customers").focus();
      return;
    }
    const shopFile = $("shop-file").files[0];
    const shop = shopFile ? await shopFile.text() : ctx.shopText();
    const bytes = new Uint8Array(await list.arrayBuffer());
    say("batch.reading");
    showProgress(0, 0);
    $("make-all").disabled = true;
    $("stop-all").hidden = false;
    worker = new Worker("batch-worker.js", { type: "module" });
    const mine = worker;
    worker.onmessage = (event) => {
      if (worker !== mine) return;
      const message = event.data;
      if (message.type === "progress") showProgress(message.done, message.total);
      else if (message.type === "done") done(message);
      else if (message.type === "stopped") {
        withdraw(null);
        say("batch.stopped");
      } else if (message.type === "error") {
        withdraw(null);
        if (message.font) say("status.font_failed", { file: message.font });
        else say("batch.failed", { error: message.message });
      }
    };
    worker.onerror = (event) => {
      if (worker !== mine) return;
      withdraw(null);
      say("batch.failed", { error: event.message ?? "" });
    };
    worker.postMessage({
      type: "start",
      module: ctx.module(),
      name: list.name,
      list: bytes,
      shop,
      lang: ctx.lang(),
      paper: ctx.paper(),
      date: ctx.date(),
    });
  }

  $("make-all").addEventListener("click", () => ctx.whenReady(() => makeAll(), "load.queued_make"));
  $("stop-all").addEventListener("click", () => {
    worker?.postMessage({ type: "stop" });
    // A run stuck in a long step stops at once too.
    setTimeout(() => {
      if (worker) {
        withdraw(null);
        say("batch.stopped");
      }
    }, 2000);
  });
  for (const id of ["customers", "shop-file"]) $(id).addEventListener("change", () => withdraw());

  return {
    withdraw,
    rerender() {
      if (last) say(last.key, last.vars);
      const total = Number($("batch-progress").max);
      if (!$("batch-progress-box").hidden) showProgress(Number($("batch-progress").value), total);
      if (problems.length) showProblems(problems, 0);
    },
  };
}
