// The form never loses what was typed, reads amounts and SIRENs as French users type them,
// makes avenants, redraws only the pages that changed and can be used without a mouse.
// Run by tests/cli/browser.rs: `node form.mjs URL SCREENSHOT_DIR`; exits non-zero with a
// message on any failure.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { axe } from "./axe.mjs";

const [url, screenshots] = process.argv.slice(2);
const reference = "CTG-057-2021-HOUVE";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const field = (page, key) => page.locator(`[data-key="${key}"]`);
const source = (page) => page.getByLabel("Source TOML").inputValue();
// Types a value in a field and leaves it, as a person does.
const type = async (page, key, value) => {
  const input = field(page, key);
  await input.fill(value);
  await input.press("Tab");
};
const saved = async (page, check, arg) => page.waitForFunction(check, arg, { timeout: 15000 });
const open = async (page, checked = false) => {
  await page.goto(url);
  await page.getByRole("link", { name: reference, exact: true }).waitFor();
  if (checked) await axe(page, "the list");
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.locator(".pages img").first().waitFor();
};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR", bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await open(page, true);
  await axe(page, "a convention");

  // ---- Accessibility: the preview is a named region reached by the keyboard, headings do
  // not skip a level, a field in error says so and is tied to its message.
  const region = page.getByRole("region", { name: /Aperçu du projet/ });
  assert.equal(await region.getAttribute("tabindex"), "0");
  const levels = await page.evaluate(() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => +h.tagName[1]));
  levels.forEach((level, i) => assert.ok(i === 0 || level <= levels[i - 1] + 1, `heading levels ${levels}`));
  await type(page, "funding[1].amounts.2022", "27 840,555");
  const amount = field(page, "funding[1].amounts.2022");
  await saved(page, () => document.querySelector('[data-key="funding[1].amounts.2022"]').getAttribute("aria-invalid") === "true");
  const describedBy = await amount.getAttribute("aria-describedby");
  assert.match(await page.locator(`#${describedBy}`).textContent(), /two decimals|deux décimales/);

  // ---- Amounts and SIRENs as typed or pasted.
  await type(page, "funding[1].amounts.2022", "27\u202f840,00\u00a0€");
  await saved(page, () => document.querySelector('[data-key="funding[1].amounts.2022"]').getAttribute("aria-invalid") === null);
  await type(page, "funding[1].amounts.2023", "1.234,56");
  await saved(page, () => document.querySelector("textarea.source").value.includes("2023 = 1234.56"));
  await type(page, "partners[1].siren", "200 067 502");
  await type(page, "funding[1].amounts.2024", "12.000");
  const question = page.locator(".field-pending", { hasText: "12,00" });
  await question.waitFor();
  assert.match(await question.textContent(), /12\u202f000,00\u00a0€ ou 12,00\u00a0€ \?/);
  assert.equal(await field(page, "funding[1].amounts.2024").inputValue(), "12.000", "the typed text stays");
  await page.screenshot({ path: `${screenshots}/question.png` });
  // Its first reading chosen with one click.
  await question.getByRole("button", { name: "12\u202f000,00\u00a0€" }).click();
  await question.waitFor({ state: "detached" });
  const toml = await source(page);
  assert.ok(toml.includes("2024 = 12000") && toml.includes('siren = "200067502"'), toml);

  // ---- Two tabs on one convention: the refused save is shown on its field, the typed
  // value stays, and it is applied on the newer version when asked.
  const other = await context.newPage();
  await open(other);
  await type(other, "territory", "Communauté de communes de la Houve (Moselle)");
  await other.getByText("Enregistré", { exact: true }).waitFor();
  const signatory = "partners[1].signatories[1].name";
  await type(page, signatory, "Hélène Muller");
  const conflict = page.locator(".field-pending", { hasText: "modifiée ailleurs" });
  await conflict.waitFor();
  assert.equal(await field(page, signatory).inputValue(), "Hélène Muller");
  assert.ok(await conflict.evaluate((note, key) => note.parentElement.contains(document.querySelector(`[data-key="${key}"]`)), signatory),
    "the conflict is shown next to its field");
  await page.screenshot({ path: `${screenshots}/conflict.png` });
  await axe(page, "a field not saved");
  await conflict.getByRole("button", { name: "Appliquer sur la version la plus récente" }).click();
  await conflict.waitFor({ state: "detached" });
  await saved(page, () => document.querySelector("textarea.source").value.includes("Hélène Muller"));
  assert.ok((await source(page)).includes("de la Houve (Moselle)"), "the other tab's change is kept");
  await other.close();

  // ---- Unsaved text in the TOML source is never replaced by a form save, and leaving asks.
  await page.getByText("Source TOML", { exact: true }).click();
  const editor = page.getByLabel("Source TOML");
  await editor.press("End");
  await editor.pressSequentially("\n# une note à garder\n");
  await type(page, "territory", "Autre territoire");
  await page.locator(".field-pending", { hasText: "source TOML" }).waitFor();
  assert.ok((await source(page)).includes("# une note à garder"), "the source's text is kept");
  let asked = null;
  page.once("dialog", (dialog) => { asked = dialog.message(); dialog.dismiss(); });
  await page.evaluate(() => { location.hash = ""; });
  await saved(page, () => location.hash !== "");
  assert.match(asked ?? "", /non enregistrées/);
  assert.ok((await source(page)).includes("# une note à garder"), "still there after « stay »");
  const unsavedEtag = await page.locator("#form").getAttribute("data-etag");
  await page.getByRole("button", { name: "Enregistrer la source" }).click();
  await saved(page, (before) => document.querySelector("#form").dataset.etag !== before, unsavedEtag);
  await type(page, "territory", "Houve et Pays Boulageois");
  await saved(page, () => !document.querySelector(".field-pending") && document.querySelector("textarea.source").value.includes('territory = "Houve et Pays Boulageois"')).catch(async (e) => {
    const state = await page.evaluate(() => ({ pending: [...document.querySelectorAll(".field-pending")].map((n) => n.textContent), status: document.querySelector("#status").textContent, territory: document.querySelector('[data-key="territory"]').value, line: document.querySelector("textarea.source").value.match(/territory = .*/)?.[0] }));
    throw new Error(JSON.stringify(state), { cause: e });
  });

  // ---- « Ajouter… » puts the focus in the new item, every time.
  for (const name of ["Ajouter un partenaire", "Ajouter une ligne de financement", "Ajouter une action", "Ajouter un axe"]) {
    await page.getByRole("button", { name, exact: true }).first().click();
    await saved(page, () => document.activeElement?.matches("input, select, textarea") && document.activeElement.closest("#form"));
    const key = await page.evaluate(() => document.activeElement.dataset.key);
    assert.ok(key, `${name}: focus on a field`);
    const item = key.match(/^(.*\[\d+\])/)[1];
    // The new item taken out again (a whole item after a question).
    const whole = page.locator(`.item[data-key="${item}"] > h3 > button.remove`);
    if (await whole.count()) {
      page.once("dialog", (dialog) => dialog.accept());
      await whole.click();
    } else {
      await page.locator(`.field:has(> [data-key="${item}"]) > button.remove`).click();
    }
    await saved(page, (item) => !document.querySelector(`[data-key="${item}"]`), item);
  }

  // ---- The preview: after an edit, only the pages that changed are fetched again, and the
  // view stays where it was.
  const pageCount = await page.locator(".pages img").count();
  await region.evaluate((node) => { node.scrollTop = node.scrollHeight / 2; });
  const scrolled = await region.evaluate((node) => node.scrollTop);
  let fetched = [];
  page.on("request", (request) => { if (/\/pages\/\d+\.png/.test(request.url())) fetched.push(request.url()); });
  const timings = [], counts = [];
  for (const name of ["Hélène Muller-Weber", "Hélène Weber"]) {
    // The pages of the file as it is, drawn: then the edit.
    const drawn = () => {
      const pages = document.querySelector(".pages");
      return pages.dataset.drawn === document.querySelector("#form").dataset.etag
        && [...pages.querySelectorAll("img")].every((i) => i.complete);
    };
    await saved(page, drawn);
    const before = await page.locator("#form").getAttribute("data-etag");
    fetched = [];
    const started = Date.now();
    await type(page, signatory, name);
    await saved(page, (before) => document.querySelector("#form").dataset.etag !== before, before);
    await saved(page, drawn);
    timings.push(Date.now() - started);
    counts.push(fetched.length);
  }
  assert.ok(counts.every((n) => n >= 1 && n < pageCount), `pages fetched after each edit: ${counts}, of ${pageCount}`);
  assert.equal(await page.locator(".pages img").count(), pageCount);
  assert.ok(Math.abs((await region.evaluate((node) => node.scrollTop)) - scrolled) < 2, "the view stays where it was");
  console.log(`preview: ${pageCount} pages, ${counts.join(" / ")} fetched after each edit, ${timings.join(" / ")} ms`);
  await page.screenshot({ path: `${screenshots}/convention-1280.png` });

  // ---- Versions: a burst of edits makes few versions, each labelled with what changed;
  // « Préparer un avenant » writes the avenant and opens it.
  await page.getByRole("button", { name: "Versions…" }).click();
  const versions = page.locator("ol.versions li");
  await versions.first().waitFor();
  const count = +(await page.getByText(/^Versions enregistrées : \d+$/).textContent()).match(/\d+/)[0];
  assert.ok(count <= 6, `${count} versions for a burst of edits`);
  assert.match(await versions.first().textContent(), /ensuite, /);
  await page.screenshot({ path: `${screenshots}/versions-labelled.png` });
  await axe(page, "the versions");
  const from = page.locator('select[name="from"]');
  await from.selectOption(await from.locator("option").last().getAttribute("value"));
  await page.getByRole("button", { name: "Préparer un avenant" }).click();
  await page.getByRole("heading", { name: new RegExp(`^${reference}-AV1 `) }).waitFor();
  await page.locator(".pages img").first().waitFor();
  await page.screenshot({ path: `${screenshots}/avenant.png` });
  console.log("form: conflicts, source kept, typed amounts, focus, preview, versions, avenant: all good");
} finally {
  await browser.close();
}
