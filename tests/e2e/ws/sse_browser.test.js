// examples/sse_clock in headless Chromium: the page's EventSource receives ticks.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "./harness.js";

let server;
let browser;

before(async () => {
  server = await serve("examples/sse_clock/app.q");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("EventSource shows the server's ticking clock", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(server.url("/"), { timeout: 15_000 });
  const first = await page.waitForFunction(() => /^\d{4}-\d\d-\d\dT/.test(document.getElementById("clock").textContent),
    null, { timeout: 15_000 }).then(() => page.textContent("#clock"));
  await page.waitForFunction((seen) => document.getElementById("clock").textContent !== seen, first, { timeout: 15_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
