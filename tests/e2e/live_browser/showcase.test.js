// examples/showcase/app.q (what `make serve` serves) under `quest serve`: the index page
// links every LiveView example; each link opens a page that connects and answers an
// event; a valid registration lands on the showcase's dashboard; POST /notifications
// reaches an open notifications page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, stopServers, launchBrowser, openLive, STEP_MS, waitFor } from "./live_page.js";

let browser;
let server;

before(async () => {
  server = await serve("examples/showcase/app.q");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServers();
});

// What each linked page must show once connected, and one event it must answer.
const checks = {
  "/counter": { ready: "h1:has-text('Count: 0')", act: (p) => p.click("button[phx-click=increment]"), after: "h1:has-text('Count: 1')" },
  "/register": { ready: "h2:has-text('Register')", act: (p) => p.fill("input[name=username]", "ab"), after: "text=Must be at least 3 characters" },
  "/dashboard": { ready: "h1:has-text('System Dashboard')" },
  "/monitoring": { ready: ".alert:has-text('Disk 85% full')" },
  "/products": { ready: "h1:has-text('Product Browser')", act: (p) => p.fill(".search input", "coffee"), after: "li:has-text('Coffee beans')" },
  "/chat/lobby": { ready: ".chat form", act: async (p) => { await p.fill("input[name=message]", "showcase hello"); await p.click("button[type=submit]"); }, after: ".message:has-text('showcase hello')" },
  "/editor/notes": { ready: "h2:has-text('Document notes')", act: (p) => p.fill(".editor-area textarea", "showcase text"), after: ".users .user" },
  "/notifications?user=demo": { ready: "h1:has-text('Notifications for demo')", act: (p) => p.click(".notification-bell"), after: ".notification-dropdown[style*='block']" },
};

test("the index links every example, and each linked page connects and answers", async () => {
  const index = await browser.newPage();
  const errors = [];
  index.on("pageerror", (error) => errors.push(error.message));
  await index.goto(`${server.url}/`, { timeout: STEP_MS });
  const hrefs = await index.$$eval("ul.examples a", (links) => links.map((a) => a.getAttribute("href")));
  assert.deepEqual(hrefs, Object.keys(checks));
  for (const href of hrefs) {
    await index.goto(`${server.url}/`, { timeout: STEP_MS });
    await index.click(`a[href='${href}']`);
    await index.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
    const check = checks[href];
    await index.waitForSelector(check.ready, { timeout: STEP_MS });
    if (check.act) {
      await check.act(index);
      await index.waitForSelector(check.after, { timeout: STEP_MS });
    }
  }
  assert.deepEqual(errors, []);
  await index.close();
});

test("a valid registration lands on the showcase's dashboard", async () => {
  const live = await openLive(browser, `${server.url}/register`);
  await live.page.fill("input[name=username]", "ann");
  await live.page.fill("input[name=email]", "ann@example.com");
  await live.page.fill("input[name=password]", "long enough");
  await live.page.click("button[type=submit]");
  await live.page.waitForURL(`${server.url}/dashboard`, { timeout: STEP_MS });
  await live.page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  assert.equal((await live.page.textContent("h1")).trim(), "System Dashboard");
  assert.deepEqual(live.errors, []);
  await live.page.close();
});

test("POST /notifications reaches an open notifications page of the showcase", async () => {
  const live = await openLive(browser, `${server.url}/notifications?user=showcase-e2e`);
  const response = await fetch(`${server.url}/notifications`, {
    method: "POST", body: new URLSearchParams({ user_id: "showcase-e2e", message: "from the showcase" }),
  });
  assert.equal(response.status, 201);
  await waitFor("the badge", async () => (await live.page.$(".badge")) !== null);
  assert.equal((await live.page.textContent(".notification p")).trim(), "from the showcase");
  assert.deepEqual(live.errors, []);
  await live.page.close();
});
