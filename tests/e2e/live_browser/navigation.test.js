// Live navigation with the official client in real Chromium under `quest serve`: a
// patch link (<a data-phx-link="patch">) and socket.push_patch change the URL and the
// view through handle_params without a page load; back goes to the previous params;
// socket.push_navigate replaces the view with another mount over the same socket.
// Timeouts only stop a broken server from hanging the suite.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freePort, startQuest, stopQuest, launchChromium, waitFor, STEP_MS } from "./quest_server.js";

let browser;
let server;
let port;

before(async () => {
  port = await freePort();
  server = await startQuest("tests/e2e/live_browser/apps/navigation.q", port);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (server) await stopQuest(server);
});

const text = (page, selector) => () => page.textContent(selector).then((t) => t.trim());

test("patch links, push_patch, back and push_navigate work without a page load", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  let loads = 0;
  page.on("load", () => { loads += 1; });
  await page.goto(`http://127.0.0.1:${port}/list?page=3`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  assert.equal(await text(page, "#page")(), "page=3", "handle_params on the dead render and the join");

  await page.click("#patch-link");
  await waitFor(text(page, "#page"), "page=4", "a patch link");
  assert.equal(new URL(page.url()).search, "?page=4");

  await page.click("#patch-button");
  await waitFor(text(page, "#page"), "page=10", "push_patch");
  assert.equal(new URL(page.url()).search, "?page=10");

  await page.goBack();
  await waitFor(text(page, "#page"), "page=4", "back to the previous params");

  await page.click("#navigate-button");
  await waitFor(text(page, "#details"), "details for ann, clicks=0", "push_navigate to the other mount");
  assert.equal(new URL(page.url()).pathname, "/details");
  await page.click("#click");
  await waitFor(text(page, "#details"), "details for ann, clicks=1", "the navigated-to view works");

  assert.equal(loads, 1, "one page load: every step after it was live");
  assert.deepEqual(errors, []);
  await page.close();
});
