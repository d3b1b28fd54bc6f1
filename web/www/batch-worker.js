// Makes a shop's whole list in a worker, so the page stays responsive:
// the same library as the page (mikit_web.js), given the module the page
// already compiled. Messages in: {type: "start", ...} and {type: "stop"};
// out: "progress", "done", "stopped" or "error".

import init, * as mikit from "./mikit_web.js";

let stopped = false;

// Fetches and hands over the font files `needed()` names, until it names none.
async function provideFonts(needed) {
  for (let round = 0; round < 6; round++) {
    const files = needed();
    if (files.length === 0) return;
    for (const file of files) {
      let response;
      try {
        response = await fetch(`fonts/${file}`);
      } catch {
        throw Object.assign(new Error(file), { font: file });
      }
      if (!response.ok) throw Object.assign(new Error(file), { font: file });
      mikit.provide_font(file, new Uint8Array(await response.arrayBuffer()));
    }
  }
}

async function start(job) {
  await init({ module_or_path: job.module });
  // Reading the list and the shop checks that their text prints: the fonts
  // for it first (the CLI has them all built in).
  const text = new TextDecoder().decode(job.list);
  await provideFonts(() => mikit.fonts_needed(text, job.lang, job.shop));
  const run = new mikit.ShopRun(job.name, job.list, job.shop, job.lang, job.paper, job.date);
  postMessage({ type: "progress", done: 0, total: run.total });
  // And for the templates of every language the customers ask for.
  await provideFonts(() => run.fonts_needed());
  let more = run.total > 0;
  while (more) {
    if (stopped) {
      postMessage({ type: "stopped" });
      return;
    }
    more = run.step(4);
    postMessage({ type: "progress", done: run.done, total: run.total });
    // Lets a "stop" message in between steps.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const done = run.finish();
  const merged = done.merged;
  const zip = done.zip;
  postMessage(
    {
      type: "done",
      merged,
      pages: done.pages,
      zip,
      written: done.written,
      failed: done.failed,
      problems: JSON.parse(done.problems),
      problemsLeftOut: done.problems_left_out,
    },
    [merged.buffer, zip.buffer],
  );
  done.free();
  run.free();
}

onmessage = (event) => {
  const message = event.data;
  if (message.type === "stop") {
    stopped = true;
  } else if (message.type === "start") {
    start(message).catch((err) =>
      postMessage({ type: "error", message: err.message ?? String(err), font: err.font ?? null }),
    );
  }
};
