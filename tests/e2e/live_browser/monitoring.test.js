// examples/monitoring (the seed's Live Dashboard, Use Case 1) under `quest serve`: the
// metrics change by themselves (lv.schedule every 2 s pushes a diff), and "Dismiss"
// removes that alert from the page. The seed's view re-reads the alerts table on every
// refresh and never marks one dismissed, so the alert comes back with the next refresh:
// what the page showed is recorded by a MutationObserver rather than by polling. No dead-render
// comparison: every GET is a new view that reads the next metrics sample.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, stopServers, launchBrowser, openLive, meter, report, waitFor } from "./live_page.js";

let browser;
let server;

before(async () => {
  server = await serve("examples/monitoring/app.q");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServers();
});

test("the metrics refresh by themselves and an alert is dismissed", async () => {
  const live = await openLive(browser, `${server.url}/dashboard`);
  const { page } = live;
  assert.deepEqual(await page.$$eval(".alert strong", (els) => els.map((e) => e.textContent.trim())),
    ["CPU above 90%", "Disk 85% full", "Deploy finished"]);
  const cpuClass = await page.$eval(".metric", (el) => el.className);
  assert.match(cpuClass, /^metric (normal|warning|critical)$/, "cpu_class(cpu) in the template");

  // A scheduled refresh: a diff pushed without any event from the page.
  const tiles = await page.textContent(".metrics");
  const pushedBefore = live.frames.filter((f) => f.dir === "received" && f.text.includes("\"diff\",")).length;
  await waitFor("a refresh pushed by lv.schedule",
    () => live.frames.filter((f) => f.dir === "received" && f.text.includes("\"diff\",")).length > pushedBefore);
  await waitFor("the tiles changed", async () => (await page.textContent(".metrics")) !== tiles);
  const push = live.frames.filter((f) => f.dir === "received" && f.text.includes("\"diff\",")).at(-1);
  assert.ok(!push.text.includes("<h3>"), `statics are not resent: ${push.text}`);
  console.log(`# monitoring refresh push: ${Buffer.byteLength(push.text)} bytes`);

  // The client reuses the keyed list's nodes (texts move up, the last node goes), so the
  // observer records the alert titles shown after each batch of mutations.
  await page.evaluate(() => {
    window.alertLists = [];
    const titles = () => [...document.querySelectorAll(".alert strong")].map((e) => e.textContent.trim());
    new MutationObserver(() => window.alertLists.push(titles()))
      .observe(document.querySelector(".alerts"), { childList: true, subtree: true, characterData: true });
  });
  const m = meter(live);
  await page.click(".alert:has-text('Disk 85% full') button");
  await waitFor("the page showing the alerts without the dismissed one",
    () => page.evaluate(() => window.alertLists.some((l) => JSON.stringify(l) === JSON.stringify(["CPU above 90%", "Deploy finished"]))),
    () => page.evaluate(() => JSON.stringify(window.alertLists)));
  const figures = m.stop();
  report("dismiss click (reply; a refresh may also arrive)", figures);
  const reply = figures.frames.find((f) => f.dir === "received" && f.text.includes("phx_reply"));
  assert.ok(reply && !reply.text.includes("Dismiss"), `the reply carries no statics: ${reply?.text}`);
  assert.deepEqual(live.errors, []);
  await page.close();
});
