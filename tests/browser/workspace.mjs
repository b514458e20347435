// The workspace as a person uses it, in Debian's chromium: open the printed address, pick a
// convention, change a signatory's name and see the draft's page change, type a bad amount
// and see the problem with its line and key, download the PDF. Run by tests/cli/browser.rs:
// `node workspace.mjs URL SCREENSHOT_DIR`; exits non-zero with a message on any failure.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const [url, screenshots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  // A French jurist's browser: the workspace speaks French to it.
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: "fr-FR" });
  page.setDefaultTimeout(15000);
  await page.goto(url);
  await page.getByRole("heading", { name: "Conventions" }).waitFor();
  assert.equal(new URL(page.url()).hash, "", "the token leaves the address bar");
  assert.deepEqual(await page.context().cookies(), [], "no cookie holds the token");
  // What a file says is shown as text, never as HTML.
  const hostile = "<img src=x onerror=\"document.title='pwned'\"> & Cie";
  await page.getByRole("cell", { name: hostile, exact: true }).waitFor();
  assert.equal(await page.locator("main img").count(), 0);
  await page.screenshot({ path: `${screenshots}/list.png` });
  // The access holds for the tab across a reload; a tab without the token is told where it is.
  await page.reload();
  await page.getByRole("link", { name: "CTG-057-2021-HOUVE" }).waitFor();
  const stranger = await browser.newPage();
  await stranger.goto(url.split("#")[0]);
  await stranger.getByRole("heading", { name: "Accès à l’espace de travail" }).waitFor();
  await stranger.close();
  // Walk 6: a tab opened from this one (Ctrl+click) gets the access from it, not the question.
  const tabs = await browser.newContext();
  await (await tabs.newPage()).goto(url);
  const sibling = await tabs.newPage();
  await sibling.goto(`${url.split("#")[0]}#CTG-057-2021-HOUVE`);
  await sibling.locator(".pages img").first().waitFor();
  await tabs.close();

  await page.getByRole("link", { name: "CTG-057-2021-HOUVE" }).click();
  const firstPage = page.locator(".pages img").first();
  await firstPage.waitFor();
  const before = await firstPage.screenshot();
  // The form: a signatory's name changed in its field, saved in place, the page redrawn.
  const name = page.locator('input[data-key="partners[1].signatories[1].name"]');
  assert.equal(await name.inputValue(), "Jean-Pierre Kieffer");
  const previous = await firstPage.getAttribute("src");
  await name.fill("André Boucher");
  await name.press("Tab");
  // Walk 32: renamed, the address given for the one before is asked about.
  await page.locator("#status", { hasText: "Enregistré. « André Boucher » garde l’adresse électronique « president@cchpb.example.fr » et la qualité « Président » de « Jean-Pierre Kieffer » : sont-elles bien les siennes (la qualité accordée s’il le faut ; au féminin : « Présidente ») ?" }).waitFor();
  // Walk 37: the quality in the feminine written in one click.
  await page.locator("#status").getByRole("button", { name: "Écrire « Présidente »" }).click();
  await page.waitForFunction(() => document.querySelector("textarea.source").value.includes('role = "Présidente"'));
  await page.waitForFunction(() => document.querySelector('[data-key="partners[1].signatories[1].role"]').value === "Présidente");
  // Walk 33: asked again before sending, with the way to the field.
  await page.getByRole("button", { name: "Envoyer…" }).click();
  await page.getByRole("button", { name: "Prévisualiser le message" }).click();
  const kept = page.locator(".addresses-kept");
  await kept.waitFor();
  assert.match(await kept.textContent(), /^« André Boucher » recevra le message à president@cchpb\.example\.fr, l’adresse qui était celle de « Jean-Pierre Kieffer » : est-ce bien la sienne \?/);
  await kept.getByRole("button", { name: "Corriger l’adresse" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), "partners[1].signatories[1].email");
  await page.waitForFunction((previous) => {
    const image = document.querySelector(".pages img");
    return image && image.complete && image.src !== previous;
  }, previous);
  const after = await page.locator(".pages img").first().screenshot();
  assert.notDeepEqual(after, before, "the first page changes with the signatory's name");
  const toml = await page.getByLabel("Source TOML").inputValue();
  assert.ok(toml.includes("name = \"André Boucher\"") && toml.startsWith("# Écrit d’après"), "edited in place");
  await page.screenshot({ path: `${screenshots}/convention.png`, fullPage: true });

  // A fiche's field, in the plan d'actions section.
  const need = page.locator('[data-key="axes[4].actions[1].need"]');
  assert.match(await need.inputValue(), /^Aucun lieu d’accueil/);

  // A bad amount: the problem shows on its field.
  const amount = page.locator('input[data-key="funding[1].amounts.2022"]');
  await amount.fill("27 840,555");
  await amount.press("Tab");
  const problem = amount.locator("xpath=..").locator(".field-error");
  await problem.waitFor();
  const said = await problem.textContent();
  assert.match(said, /au plus deux décimales/);
  // No English in what the page says of the problem, nor anywhere a finding shows.
  const findings = (await page.locator(".field-error, .findings, .diagnostics, [role=alert], [role=status]").allTextContents()).join(" ");
  const english = (said + " " + findings).split(/[^A-Za-zÀ-ÿ]+/)
    .filter((word) => ["the", "is", "must", "not", "an", "amount", "at", "most", "two", "decimals", "error", "warning", "help", "key", "missing", "invalid", "expected"].includes(word.toLowerCase()));
  assert.deepEqual(english, [], `no English in « ${said} » ${findings}`);
  assert.ok(await amount.evaluate((input) => input.classList.contains("invalid")));
  await page.screenshot({ path: `${screenshots}/error.png` });
  await amount.fill("27 840,00");
  await amount.press("Tab");
  await problem.waitFor({ state: "detached" });

  // HOUVE is dated as signed (12 January 2021) and edited here: no final PDF of the edited
  // file; the page offers the text signed, or the file as a draft.
  await page.getByRole("button", { name: "Télécharger le PDF" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger le fichier modifié (projet)" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "CTG-057-2021-HOUVE-projet.pdf");
  const pdf = await readFile(await download.path());
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  // A list grows in place: a blank action, its field focused, then taken out again.
  await page.getByRole("button", { name: "Ajouter une action" }).first().click();
  const blank = page.locator('input[data-key="axes[1].actions[4]"]');
  await blank.waitFor();
  assert.ok(await blank.evaluate((input) => input === document.activeElement), "the new field has the focus");
  await page.getByRole("button", { name: "Retirer : Action 1.4" }).click();
  await blank.waitFor({ state: "detached" });
  // Walk 14: an axis added then taken out (confirmed): the focus goes to the axis before,
  // never lost to the top of the page.
  await page.getByRole("button", { name: "Ajouter un axe" }).click();
  const axis = page.locator('.item[data-key="axes[5]"]');
  await axis.waitFor();
  page.once("dialog", (dialog) => dialog.accept());
  await axis.locator("button.remove").first().click();
  await axis.waitFor({ state: "detached" });
  await page.waitForFunction(() => document.activeElement?.closest(".item")?.dataset.key === "axes[4]", undefined, { timeout: 15000 });

  // The saved versions, and what changed since the first.
  await page.getByRole("button", { name: "Versions…" }).click();
  const from = page.locator('select[name="from"]');
  const oldest = await from.locator("option").last().getAttribute("value");
  await from.selectOption(oldest);
  await page.getByRole("button", { name: "Voir les changements" }).click();
  const removed = page.locator(".diff .del", { hasText: "Jean-Pierre Kieffer" });
  await removed.waitFor();
  await page.screenshot({ path: `${screenshots}/versions.png` });
  console.log("workspace: list, edit, live error, download, lists, versions: all good");
} finally {
  await browser.close();
}
