// A page whose LiveView tokens expired, in real Chromium under `quest serve`: the page is
// left open past the tokens' max age (lv.configure token_max_age, 3 s here), its socket
// drops and reconnects (as after a network loss); the join is refused with "stale" as
// Phoenix refuses an expired token, the official client reloads the page, and the fresh
// page joins and works. Timeouts only stop a broken server from hanging the suite.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freePort, startQuest, stopQuest, launchChromium, waitFor, STEP_MS } from "./quest_server.js";

const APP = "tests/e2e/live_browser/apps/errors.q";
const MAX_AGE_S = 3;
let browser;
let child;

before(async () => { browser = await launchChromium(); });
after(async () => {
  await browser?.close();
  if (child) await stopQuest(child);
});

const text = (page, selector) => () => page.textContent(selector).then((t) => t.trim());

test("a page whose token expired reloads on its next join, then works", async () => {
  const port = await freePort();
  child = await startQuest(APP, port, { QUEST_TEST_TOKEN_MAX_AGE: String(MAX_AGE_S) });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/errors`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "a click while the token is young");
  await page.evaluate(() => { window.beforeExpiry = true; });

  // Tokens carry whole seconds: past MAX_AGE_S + 1 s of wall time the page's are expired.
  await new Promise((resolve) => setTimeout(resolve, (MAX_AGE_S + 1.2) * 1000));
  const reloaded = page.waitForEvent("load", { timeout: STEP_MS });
  await page.evaluate(() => window.liveSocket.disconnect(() => window.liveSocket.connect()));
  await reloaded;

  assert.equal(await page.evaluate(() => window.beforeExpiry), undefined, "a fresh page load");
  assert.ok(child.log.includes("join refused: session token expired"), child.log);
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  assert.equal(await text(page, "#count")(), "count=0", "the new page's own view");
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "a click after the reload");
  assert.deepEqual(errors, []);
  await page.close();
});
