// Work typed is never lost nor hidden: two fields typed and the page reloaded at once, the
// versions listed while this page's own save is on its way, several fields not saved named
// in the bar. Run by tests/cli/browser.rs: `node kept.mjs URL SCREENSHOT_DIR`; exits non-zero
// with a message on any failure. `OLD_SCRIPT=path` serves that workspace.js instead of the
// server's, to see a finding fail on an older page.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, run } from "./chromium.mjs";

const [url, screenshots] = process.argv.slice(2);
const reference = "CTG-057-2021-HOUVE";
const browser = await launch();
const field = (page, key) => page.locator(`#form [data-key="${key}"]`);
const until = (page, check, arg) => page.waitForFunction(check, arg, { timeout: 15000 });
// The file as the server has it now.
const fileHas = (page, text) => until(page, async ([reference, text]) => {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem("convgen-token")}` };
  const answer = await fetch(`/api/conventions/${reference}`, { headers });
  return (await answer.json()).toml.includes(text);
}, [reference, text]);
const old = process.env.OLD_SCRIPT ? await readFile(process.env.OLD_SCRIPT, "utf8") : null;
await run(browser, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR", bypassCSP: true });
  if (old) await context.route("**/workspace.js", (route) => route.fulfill({ body: old, contentType: "text/javascript" }));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(url);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.locator(".pages img").first().waitFor();

  // ---- 1. « Lieu » left (its save on its way), « Exemplaires » typed (its pause running),
  // the page reloaded at once, the prompt confirmed: both are kept, and saved. Then the
  // other order.
  const reloadAfter = async (first, second) => {
    await field(page, first[0]).fill(first[1]);
    await field(page, first[0]).press("Tab");
    await field(page, second[0]).fill(second[1]);
    page.once("dialog", (dialog) => dialog.accept());
    await page.reload();
    await field(page, "territory").waitFor();
    for (const [key, value] of [first, second]) {
      assert.equal(await field(page, key).inputValue(), value, `${key} kept through the reload`);
    }
  };
  await reloadAfter(["signature.place", "Bouzonville"], ["signature.copies", "4"]);
  await fileHas(page, 'place = "Bouzonville"');
  await fileHas(page, "copies = 4");
  await field(page, "signature.place").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshots}/kept-reload.png` });
  await reloadAfter(["signature.copies", "5"], ["signature.place", "Boulay"]);
  await fileHas(page, "copies = 5");
  await fileHas(page, 'place = "Boulay"');

  // ---- 2. « Versions… » clicked while this page's save is on its way: the list is read
  // again once it is saved, « la version actuelle » said as it is now.
  await field(page, "caf.deliberation.date").fill("");
  await field(page, "caf.deliberation.date").press("Tab");
  await page.getByRole("button", { name: "Versions…" }).click();
  const current = page.locator('select[name="to"] option[value="current"]');
  await until(page, () => /a des erreurs/.test(document.querySelector('select[name="to"] option[value="current"]')?.textContent));
  assert.match(await page.getByText(/^Versions enregistrées : \d+$/).textContent(), /: [1-9]/, "the version before the save is listed");
  assert.equal(await page.locator(".versions-panel .stale").count(), 0, "read again, not said stale");
  await page.screenshot({ path: `${screenshots}/kept-versions.png` });
  // Read again after the next save, « De » and « À » as chosen.
  const from = page.locator('select[name="from"]'), to = page.locator('select[name="to"]');
  const chosen = await from.locator("option").last().getAttribute("value");
  await from.selectOption(chosen);
  await to.selectOption("current");
  await page.evaluate(() => { document.querySelector(".versions-panel").dataset.before = "1"; });
  await field(page, "caf.deliberation.date").fill("2020-12-15");
  await field(page, "territory").focus();
  await page.locator(".versions-panel:not([data-before])").waitFor();
  assert.match(await current.textContent(), /^la version actuelle du fichier — valide/);
  assert.equal(await from.inputValue(), chosen, "« De » kept");
  assert.equal(await to.inputValue(), "current", "« À » kept");

  // ---- 3. Several fields not saved (held while the source has changes), the page reloaded:
  // the bar names the first three, each a click from its field.
  await page.locator("summary", { hasText: "Source TOML" }).click();
  await page.getByLabel("Source TOML").press("End");
  await page.getByLabel("Source TOML").pressSequentially("\n# note");
  const typed = [["title", "CTG de la Houve"], ["court", "tribunal administratif de Metz"], ["territory", "Houve"], ["sdsf", "SDSF de la Moselle"]];
  for (const [key, value] of typed) {
    await field(page, key).fill(value);
    await field(page, key).press("Tab");
  }
  await until(page, () => document.querySelectorAll(".field-pending").length === 4);
  page.once("dialog", (dialog) => dialog.accept());
  await page.reload();
  await field(page, "territory").waitFor();
  const bar = page.locator("#status");
  await until(page, () => document.querySelectorAll("#status a.field-link").length);
  const labels = await Promise.all(typed.slice(0, 3).map(([key]) => field(page, key).getAttribute("aria-label")));
  assert.equal(await bar.textContent(), `4 champs n’ont pas été enregistrés : ${labels.map((l) => `« ${l} »`).join(", ")} et 1 autre (voir les champs).`);
  await bar.getByRole("link", { name: `« ${labels[1]} »` }).click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), "court", "the name leads to its field");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshots}/kept-named.png` });

  // ---- 4. (walk 12) A convention with no version saved yet: a field cleared, « Versions… »
  // at once. Read again once saved, « De » is the version kept by the save (the server's
  // start), not « la version actuelle » chosen when nothing else was listed.
  page.once("dialog", (dialog) => dialog.accept());
  await page.evaluate(() => { location.hash = ""; });
  await page.getByRole("link", { name: "CTG-047-2024-CD47", exact: true }).click();
  await field(page, "caf.deliberation.date").fill("");
  await field(page, "caf.deliberation.date").press("Tab");
  await page.getByRole("button", { name: "Versions…" }).click();
  await until(page, () => /a des erreurs/.test(document.querySelector('select[name="to"] option[value="current"]')?.textContent));
  assert.notEqual(await page.locator('select[name="from"]').inputValue(), "current", "« De » is the version saved");

  // ---- 5. (walk 12) Two amounts waiting on their reading: the bar names both.
  await page.locator(".versions-panel").evaluate((n) => n.remove());
  for (const key of ["funding[1].amounts.2025", "funding[1].amounts.2026"]) {
    await field(page, key).fill("12.000");
    await field(page, key).press("Tab");
  }
  await until(page, () => document.querySelectorAll(".field-pending").length === 2);
  await until(page, () => document.querySelectorAll("#status a.field-link").length === 2);
  const both = /^2 champs n’ont pas été enregistrés : « .+ » et « .+ » \(voir les champs\)\.$/;
  assert.match(await bar.textContent(), both);
  // Another field saved meanwhile: the bar still names them, never « Enregistré ».
  const before = await page.locator("#form").getAttribute("data-etag");
  await field(page, "signature.place").fill("Agen, à l’hôtel du Département");
  await field(page, "signature.place").press("Tab");
  await until(page, (before) => document.querySelector("#form").dataset.etag !== before, before);
  await until(page, () => document.querySelectorAll("#status a.field-link").length === 2);
  assert.match(await bar.textContent(), both);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshots}/kept-two-amounts.png` });

  // ---- 6. (walk 14) An amount typed while those two wait: the bar names all three until
  // its pause saves it, never the bare « Non enregistré »; then the two again.
  await field(page, "funding[1].amounts.2024").fill("2 200");
  await until(page, () => document.querySelectorAll("#status a.field-link").length === 3);
  assert.match(await bar.textContent(), /^3 champs n’ont pas été enregistrés : « .+ », « .+ » et « .+ » \(voir les champs\)\.$/);
  await page.screenshot({ path: `${screenshots}/kept-typing-while-two-wait.png` });
  await until(page, () => document.querySelectorAll("#status a.field-link").length === 2);
  assert.match(await bar.textContent(), both);
});
