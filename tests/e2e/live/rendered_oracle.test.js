// The correctness oracle for the native LiveView engine.
//
// live_oracle_driver (C++, path in LIVE_ORACLE_DRIVER) prints, per scenario step, our
// join render or diff and our full server render of the same state. Here the official
// phoenix_live_view client's own Rendered class (its npm sources, bundled at test time
// with esbuild, since the package's bundle does not export it) merges each message
// exactly as the browser does, renders its HTML, and that HTML must equal ours.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const e2eRoot = join(here, "..");
const clientSource = join(e2eRoot, "node_modules/phoenix_live_view/assets/js/phoenix_live_view/rendered.js");
const esbuild = join(e2eRoot, "node_modules/.bin/esbuild");
const VIEW_ID = "phx-oracle";

// The client's deepClone reads `window.structuredClone`; node has structuredClone
// globally, so the global object stands in for window. Nothing else here needs a DOM.
globalThis.window ??= globalThis;

async function loadClientRendered() {
  const dir = mkdtempSync(join(tmpdir(), "live-oracle-"));
  try {
    const outfile = join(dir, "rendered.mjs");
    execFileSync(esbuild, [clientSource, "--bundle", "--format=esm", "--platform=neutral", `--outfile=${outfile}`,
      "--log-level=error"]);
    return (await import(pathToFileURL(outfile).href)).default;
  } finally {
    // The module is loaded; the temp dir is not needed any more.
    rmSync(dir, { recursive: true, force: true });
  }
}

function driverLines() {
  const driver = process.env.LIVE_ORACLE_DRIVER;
  assert.ok(driver, "LIVE_ORACLE_DRIVER must name the live_oracle_driver binary");
  const output = execFileSync(driver, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return output.trim().split("\n").map((line) => JSON.parse(line));
}

// The only thing the client legitimately adds to our HTML: on a node flagged "r":1
// (every component root) it injects data-phx-id, data-phx-component and data-phx-view
// into the root start tag, right after the tag name (rendered/modify_root.ts). They
// identify DOM nodes for patching and are not part of the view's content; our templates
// never write these attributes themselves, so removing them loses nothing.
function normalizeClientHtml(html) {
  return html.replace(/ data-phx-(?:id|component|view)="[^"]*"/g, "");
}

function groupByScenario(lines) {
  const scenarios = new Map();
  for (const line of lines) {
    if (!scenarios.has(line.scenario)) scenarios.set(line.scenario, []);
    scenarios.get(line.scenario).push(line);
  }
  return scenarios;
}

const Rendered = await loadClientRendered();
const scenarios = groupByScenario(driverLines());

test("the driver covers every scenario of the issue", () => {
  for (const name of ["counter", "if_else_toggling", "list_with_duplicates", "for_inside_if",
    "nested_loops_and_dicts", "component_update", "random_edits", "components_in_a_loop"]) {
    assert.ok(scenarios.has(name), `missing scenario ${name}`);
  }
});

for (const [name, steps] of scenarios) {
  test(`client renders our messages exactly as our server renders: ${name}`, () => {
    let rendered = null;
    for (const step of steps) {
      const where = `${name} step ${step.step}`;
      // What view.ts does with a join reply / diff: pull out title, events and reply,
      // then build the tree from the join or merge the diff into it.
      const { diff, title, events } = Rendered.extract(structuredClone(step.message));
      if (step.kind === "join") {
        assert.equal(rendered, null, `${where}: join must come first`);
        assert.ok(Array.isArray(diff.s), `${where}: a join render carries root statics`);
        rendered = new Rendered(VIEW_ID, diff);
      } else {
        rendered.mergeDiff(diff);
      }
      const clientHtml = normalizeClientHtml(rendered.toString().buffer);
      assert.equal(clientHtml, step.html, `${where}: client HTML differs from our server render`);
      assert.equal(title, step.title, `${where}: title`);
      assert.deepEqual(events, step.events, `${where}: events`);
    }
  });
}

test("component roots are flagged so the client marks them", () => {
  const join = scenarios.get("component_update")[0];
  const rendered = new Rendered(VIEW_ID, Rendered.extract(structuredClone(join.message)).diff);
  const html = rendered.toString().buffer;
  assert.match(html, /<div data-phx-id="c1-phx-oracle" data-phx-component="1" data-phx-view="phx-oracle" id="card-1"/);
});

// The oracle must be able to fail: a wrong diff, and a move without "km", are caught.
test("the oracle notices a diff that renders something else", () => {
  const [join, first] = scenarios.get("counter");
  const rendered = new Rendered(VIEW_ID, Rendered.extract(structuredClone(join.message)).diff);
  rendered.mergeDiff({ 0: "999" });
  assert.notEqual(normalizeClientHtml(rendered.toString().buffer), first.html);
});

test("the client rejects a keyed move without km, so our km matters", () => {
  const steps = scenarios.get("list_with_duplicates");
  const withMove = steps.findIndex((step) => JSON.stringify(step.message).includes('"km":true'));
  assert.ok(withMove > 0, "some step moves entries");
  const rendered = new Rendered(VIEW_ID, Rendered.extract(structuredClone(steps[0].message)).diff);
  for (const step of steps.slice(1, withMove)) rendered.mergeDiff(structuredClone(step.message));
  const diff = structuredClone(steps[withMove].message);
  delete diff[0].k.km;
  assert.throws(() => rendered.mergeDiff(diff));
});
