// A legal assistant's walk through the form: dates typed digit by digit, two tabs on one
// field, a new partner's nature, the versions an avenant is made from, the fields a CTG has.
// Run by tests/cli/browser.rs: `node walk.mjs URL SCREENSHOT_DIR`; exits non-zero with a
// message on any failure. `OLD_SCRIPT=path` serves that workspace.js instead of the
// server's, to see a finding fail on an older page.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const [url, screenshots] = process.argv.slice(2);
const reference = "CTG-057-2021-HOUVE";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const field = (page, key) => page.locator(`#form [data-key="${key}"]`);
const source = (page) => page.getByLabel("Source TOML").inputValue();
const type = async (page, key, value) => {
  await field(page, key).fill(value);
  await field(page, key).press("Tab");
};
const until = (page, check, arg) => page.waitForFunction(check, arg, { timeout: 15000 });
const sourceHas = (page, text) => until(page, (text) => document.querySelector("textarea.source").value.includes(text), text);
const open = async (page) => {
  await page.goto(url);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.locator(`#form [data-key="territory"]`).waitFor();
};
const old = process.env.OLD_SCRIPT ? await readFile(process.env.OLD_SCRIPT, "utf8") : null;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR", bypassCSP: true });
  if (old) await context.route("**/workspace.js", (route) => route.fulfill({ body: old, contentType: "text/javascript" }));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const patches = [];
  page.on("request", (request) => { if (request.method() === "PATCH") patches.push(request.postDataJSON()); });
  await open(page);

  // ---- A. « 01012022 » typed in Début is saved once, whole, when the field is left.
  await field(page, "period.start").focus();
  await page.keyboard.type("01012022");
  assert.equal(patches.length, 0, `nothing is saved while the date is typed: ${JSON.stringify(patches)}`);
  await field(page, "territory").focus();
  await sourceHas(page, "start = 2022-01-01");
  assert.deepEqual(patches.map((p) => [p.key, p.value]), [["period.start", "2022-01-01"]]);
  // A year cut short is not saved.
  await field(page, "period.start").focus();
  await page.keyboard.type("01012");
  await field(page, "territory").focus();
  await page.locator(".field-pending", { hasText: "date incomplète" }).waitFor();
  assert.equal(patches.length, 1, "a partial year is not saved");
  await page.locator(".field-pending", { hasText: "date incomplète" }).getByRole("button", { name: "Abandonner ma saisie" }).click();
  assert.equal(await field(page, "period.start").inputValue(), "2022-01-01");
  // Two edits at once from one page: the second waits for the first and never conflicts.
  await page.evaluate(() => {
    for (const [key, value] of [["title", "Convention territoriale globale de la Houve"], ["court", "tribunal administratif de Strasbourg"]]) {
      const node = document.querySelector(`#form [data-key="${key}"]`);
      node.value = value;
      node.dispatchEvent(new Event("change"));
    }
  });
  await sourceHas(page, "tribunal administratif de Strasbourg");
  await sourceHas(page, "Convention territoriale globale de la Houve");
  assert.equal(await page.locator(".field-pending").count(), 0, "no conflict with itself");

  // ---- C. Two tabs, one field: the note says what the other saved, « Abandonner » shows
  // it, and the tab's next edits are made on the newest version.
  const other = await context.newPage();
  await open(other);
  await type(other, "territory", "Communauté de communes de la Houve (Moselle)");
  await other.getByText("Enregistré", { exact: true }).waitFor();
  await type(page, "territory", "Houve-Pays Boulageois");
  const conflict = page.locator(".field-pending", { hasText: "modifiée ailleurs" });
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /enregistré ailleurs : « Communauté de communes de la Houve \(Moselle\) »/);
  assert.equal(await field(page, "territory").inputValue(), "Houve-Pays Boulageois", "the typed value stays");
  await page.screenshot({ path: `${screenshots}/walk-conflict.png` });
  await conflict.getByRole("button", { name: "Abandonner ma saisie" }).click();
  assert.equal(await field(page, "territory").inputValue(), "Communauté de communes de la Houve (Moselle)");
  await type(page, "signature.place", "Boulay-Moselle");
  await sourceHas(page, "Boulay-Moselle");
  assert.equal(await page.locator(".field-pending").count(), 0, "the next edit does not conflict");
  assert.ok((await source(page)).includes("de la Houve (Moselle)"), "the other tab's value is kept");
  await other.close();

  // ---- K. A CTG has no « Motif de l’avenant ».
  assert.equal(await field(page, "reason").count(), 0, "no reason on a CTG");

  // ---- E. A new partner's nature is to choose, and choosing it saves it.
  await page.getByRole("button", { name: "Ajouter un partenaire", exact: true }).click();
  const nature = field(page, "partners[2].kind");
  await nature.waitFor();
  assert.equal(await nature.inputValue(), "", "the nature the file does not give is not shown as given");
  assert.equal(await nature.locator("option:checked").textContent(), "— à choisir —");
  await nature.selectOption("commune");
  await sourceHas(page, 'kind = "commune"\nname = ""');
  await page.screenshot({ path: `${screenshots}/walk-partner.png` });

  // ---- G, H. The versions offered for an avenant say which are valid, « À » is the file as
  // it is, and an avenant refused names the version at fault, in French.
  await page.getByRole("button", { name: "Versions…" }).click();
  const from = page.locator('select[name="from"]'), to = page.locator('select[name="to"]');
  await from.waitFor();
  assert.match(await to.locator("option:checked").textContent(), /^la version actuelle du fichier — a des erreurs/);
  assert.match(await from.locator("option:checked").textContent(), / — valide/, "« De » is a valid version");
  assert.ok(await page.getByRole("button", { name: "Enregistrer cette version" }).isVisible());
  await page.getByRole("button", { name: "Préparer un avenant" }).click();
  const refusal = page.locator("[role=alert].ko");
  await refusal.waitFor();
  const said = await refusal.textContent();
  assert.match(said, /^la version « À » \(la version actuelle du fichier\) a des erreurs — /);
  assert.doesNotMatch(said, /errors/);
  await page.screenshot({ path: `${screenshots}/walk-versions.png` });

  console.log("all good");
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
}
