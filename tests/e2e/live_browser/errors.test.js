// A LiveView handler that raises, in real Chromium under `quest serve`: in development
// (the default) the page shows the error overlay (handler, type, message, Quest stack;
// markup in the message shows as text and never runs), it can be dismissed, and the
// counter kept its value and still works; in production (QUEST_ENV=production) nothing
// is shown and the counter still works. Timeouts only stop a broken server from hanging.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freePort, startQuest, stopQuest, launchChromium, waitFor, STEP_MS } from "./quest_server.js";

const APP = "tests/e2e/live_browser/apps/errors.q";
const MESSAGE = "boom <script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
let browser;
const children = [];

before(async () => { browser = await launchChromium(); });
after(async () => {
  await browser?.close();
  for (const child of children) await stopQuest(child);
});

async function openCounter(env) {
  const port = await freePort();
  const child = await startQuest(APP, port, env);
  children.push(child);
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/errors`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  return { child, page, errors };
}

const text = (page, selector) => () => page.textContent(selector).then((t) => t.trim());

test("development (the default): the overlay shows the error as text; dismissed, the counter works", async () => {
  const { child, page, errors } = await openCounter({ QUEST_ENV: "" });
  assert.ok(child.log.includes("[web] environment: development (default)"), child.log);
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "a click before the error");

  await page.click("#boom");
  await page.waitForSelector("#quest-error-overlay", { timeout: STEP_MS });
  assert.equal(await text(page, "#quest-error-title")(), "ValueErr in handle_event(boom)");
  assert.equal(await page.textContent("#quest-error-message"), MESSAGE, "the markup is text");
  assert.match(await page.textContent("#quest-error-stack"), /handle_event \(.*errors\.q:\d+\)/);
  assert.equal(await page.locator("#quest-error-overlay script, #quest-error-overlay img").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined, "nothing of the message ran");
  assert.equal(await text(page, "#count")(), "count=1", "the failed call changed nothing");
  assert.ok(child.log.includes("error in handle_event(boom): ValueErr: boom <script>"), child.log);

  await page.click("#quest-error-dismiss");
  assert.equal(await page.locator("#quest-error-overlay").count(), 0, "dismissed");
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=2", "the view still works after the error");
  assert.ok(await page.locator("[data-phx-main].phx-connected").count(), "still connected");
  assert.deepEqual(errors, []);
  await page.close();
});

test("development: a connected mount that raises shows the overlay over the phx-error page", async () => {
  const port = await freePort();
  children.push(await startQuest(APP, port, { QUEST_ENV: "development" }));
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/crash`, { timeout: STEP_MS });
  await page.waitForSelector("#quest-error-overlay", { timeout: STEP_MS });
  assert.equal(await text(page, "#quest-error-title")(), "ValueErr in mount");
  assert.equal(await page.textContent("#quest-error-message"), "no <b>connected</b> mount today");
  await page.waitForSelector("[data-phx-main].phx-error", { timeout: STEP_MS });
  await page.close();  // the client would reload it after its backoff
});

test("production: a connected mount that raises leaves the page in phx-error, no overlay", async () => {
  const port = await freePort();
  children.push(await startQuest(APP, port, { QUEST_ENV: "production" }));
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/crash`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-error", { timeout: STEP_MS });
  assert.equal(await page.locator("#quest-error-overlay").count(), 0);
  await page.close();
});

test("production: no overlay, nothing of the error in the page; the counter works", async () => {
  const { child, page, errors } = await openCounter({ QUEST_ENV: "production" });
  assert.ok(child.log.includes("[web] environment: production (QUEST_ENV)"), child.log);
  await page.click("#boom");
  // Replies come in order: once the next click's diff is in, the error's reply was handled.
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "the click after the error");
  assert.equal(await page.locator("#quest-error-overlay").count(), 0, "no overlay in production");
  assert.ok(!(await page.content()).includes("pwned"), "no trace of the message in the page");
  assert.ok(child.log.includes("error in handle_event(boom): ValueErr: boom"), child.log);
  assert.deepEqual(errors, []);
  await page.close();
});
