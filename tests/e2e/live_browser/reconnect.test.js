// The official client across a server restart, in real Chromium under `quest serve`:
// the page rejoins by itself (the client's reconnect backoff) and works; a form with
// typed values is recovered (phx-auto-recover: its phx-change event re-sent on rejoin)
// and the new server process sees the values; a server restarted with another secret
// refuses the page's now-forged session token with "stale" and the client reloads the
// page, which then works. Timeouts only stop a broken server from hanging the suite.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { freePort, startQuest, stopQuest, launchChromium, waitFor, STEP_MS } from "./quest_server.js";

const APP = "tests/e2e/live_browser/apps/reconnect.q";
const SECRET = "reconnect-test-secret-0123456789abcdef0123456789";
let browser;
const children = [];

before(async () => { browser = await launchChromium(); });
after(async () => {
  await browser?.close();
  for (const child of children) await stopQuest(child);
});

async function serve(port, boot, secret = SECRET) {
  const child = await startQuest(APP, port, { QUEST_TEST_BOOT: boot, QUEST_SECRET_KEY_BASE: secret });
  children.push(child);
  return child;
}

const text = (page, selector) => () => page.textContent(selector).then((t) => t.trim());

async function openPage(port) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const sent = [];
  page.on("websocket", (ws) => ws.on("framesent", (frame) => sent.push(String(frame.payload))));
  await page.goto(`http://127.0.0.1:${port}/reconnect`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  return { page, errors, sent };
}

test("after a restart the page rejoins by itself, recovers the typed form and works", async () => {
  const port = await freePort();
  const first = await serve(port, "one");
  const { page, errors, sent } = await openPage(port);
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "a click before the restart");
  await page.fill("input[name=name]", "Ann");
  await page.fill("input[name=city]", "Oslo");
  await waitFor(text(page, "#seen"), "seen=Ann/Oslo changes=2", "phx-change before the restart");

  await stopQuest(first);
  await page.waitForSelector("[data-phx-main].phx-error", { timeout: STEP_MS });
  const sentBefore = sent.length;
  await serve(port, "two");

  // Rejoined on its own: same page (no reload), the new process's render.
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  await waitFor(text(page, "#boot"), "boot=two", "the view rendered by the restarted server");
  // Form recovery: the new process never saw the form, yet it has the typed values,
  // from one validate event (changes=1) sent by the client on rejoin.
  await waitFor(text(page, "#seen"), "seen=Ann/Oslo changes=1", "the recovered form reached the new server");
  assert.equal(await page.inputValue("input[name=name]"), "Ann");
  const recovery = sent.slice(sentBefore).filter((f) => f.includes("\"validate\""));
  assert.equal(recovery.length, 1, `one recovery event: ${JSON.stringify(recovery)}`);
  assert.ok(recovery[0].includes("name=Ann") && recovery[0].includes("city=Oslo"), recovery[0]);
  // Its state is the new process's (count from 0) and it works.
  assert.equal(await text(page, "#count")(), "count=0");
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "a click after the restart");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a server restarted with another secret refuses the page's token and the client reloads the page", async () => {
  const port = await freePort();
  const first = await serve(port, "one");
  const { page, errors } = await openPage(port);
  await page.evaluate(() => { window.beforeRestart = true; });

  await stopQuest(first);
  await page.waitForSelector("[data-phx-main].phx-error", { timeout: STEP_MS });
  const reloaded = page.waitForEvent("load", { timeout: STEP_MS });
  const second = await serve(port, "two", "another-secret-0123456789abcdef0123456789abcdef");
  await reloaded;

  assert.equal(await page.evaluate(() => window.beforeRestart), undefined, "a fresh page load");
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  await waitFor(text(page, "#boot"), "boot=two", "the reloaded page is the new server's");
  await page.click("#inc");
  await waitFor(text(page, "#count"), "count=1", "a click after the reload");
  assert.ok(second.log.includes("join refused: session token bad signature"), second.log);
  assert.deepEqual(errors, []);
  await page.close();
});
