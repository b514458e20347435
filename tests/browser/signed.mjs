// Signed copies coming back, in the browser: a PDF signed by two of three chosen with the
// picker on the list, then the fully signed one on the convention's page; each verdict read
// in French, the list's state following; the deadlines' view. axe-core on each new view.
// Then a PDF that names no convention (a scan looks the same) on the same page: said compared
// with nothing, in amber, never « aucune » modification in green; dropped again, not kept
// twice. Run by tests/cli/returns.rs: `node signed.mjs URL SCREENSHOT_DIR TWO_PDF THREE_PDF
// SCAN_PDF`; exits non-zero with a message on any failure.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { axe } from "./axe.mjs";

const [url, screenshots, twoPdf, threePdf, scanPdf] = process.argv.slice(2);
const reference = "CTG-047-2024-CD47";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR", bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(url);
  await page.getByRole("link", { name: reference, exact: true }).waitFor();
  await axe(page, "the list with its signed-return panel");
  const state = (ref) => page.locator(`td[data-state-of="${ref}"]`);
  assert.match(await state("CTG-063-2021-RLV").textContent(), /^envoyée le /);

  // On the list, with the picker, as a keyboard user reaches it: the convention is found
  // from the PDF itself.
  await page.getByLabel("Déposer la convention signée").setInputFiles(twoPdf);
  const verdict = page.locator(".verdict");
  await verdict.getByText("partiellement signée", { exact: false }).waitFor();
  await page.waitForFunction((ref) => document.querySelector(`td[data-state-of="${ref}"]`)?.textContent.startsWith("signée (2/3)"), reference);
  assert.match(await verdict.locator("dl").textContent(), /identique au PDF produit par convgen/);
  const rows = verdict.locator("table.signatures tr");
  assert.equal(await rows.count(), 4, "a header and three signatories");
  assert.match(await rows.nth(3).textContent(), /non/);
  await axe(page, "a verdict on the list");
  await page.locator("table").first().screenshot({ path: `${screenshots}/list-states.png` });
  await page.screenshot({ path: `${screenshots}/list-verdict.png`, fullPage: true });

  // On the convention's page: the last verdict shown, the fully signed copy dropped.
  await page.getByRole("link", { name: reference, exact: true }).click();
  const panel = page.locator("section.signed");
  await panel.getByText("Dernier retour vérifié").waitFor();
  assert.match(await panel.locator(".state").textContent(), /signée \(2\/3\)/);
  await page.getByLabel("Déposer la convention signée").setInputFiles(threePdf);
  await panel.locator("dd.ok", { hasText: /^signée$/ }).waitFor();
  await page.waitForFunction(() => document.querySelector("section.signed .state")?.textContent === "Envoi et signature : signée");
  assert.match(await panel.locator("dl").textContent(), new RegExp(`signees/${reference}-2\\.pdf`));
  assert.match(await panel.locator("dl").textContent(), new RegExp(`Convention${reference} — Convention territoriale globale Caf / Département 2024-2026`));
  await axe(page, "a verdict on a convention");
  await panel.screenshot({ path: `${screenshots}/convention-verdict.png` });

  // A PDF that says nothing of which convention it is: kept, but not compared, and said so.
  await page.getByLabel("Déposer la convention signée").setInputFiles(scanPdf);
  const notCompared = panel.locator("dd.warn", { hasText: `ne porte pas la référence de ${reference}` });
  await notCompared.waitFor();
  assert.match(await notCompared.textContent(), /n’a pas pu être comparé au document produit \(copie numérisée \?\) ; vérifiez-le à l’œil/);
  const changes = panel.locator("dt", { hasText: "Modifications après production" }).locator("xpath=following-sibling::dd[1]");
  assert.equal(await changes.getAttribute("class"), "warn", "not green: nothing was compared");
  assert.doesNotMatch(await changes.textContent(), /aucune/);
  assert.equal(await panel.locator("dd.ok").count(), 0, "nothing in green");
  await panel.getByText("Aucune signature électronique dans ce PDF.").waitFor();
  await page.waitForFunction(() => document.querySelector("section.signed .state")?.textContent === "Envoi et signature : à vérifier");
  await panel.screenshot({ path: `${screenshots}/convention-scan.png` });
  // The same file again: the copy already kept, not a new one.
  await page.getByLabel("Déposer la convention signée").setInputFiles(scanPdf);
  await panel.getByText(`déjà été reçu le`, { exact: false }).waitFor();
  assert.match(await panel.locator("dl").textContent(), new RegExp(`déjà été reçu le .* sous signees/${reference}-3\\.pdf`));
  await panel.screenshot({ path: `${screenshots}/convention-scan-again.png` });

  // The deadlines: by date, each linking to its convention; the reminder overdue.
  await page.getByRole("link", { name: "Échéances", exact: true }).first().click();
  await page.getByRole("heading", { name: "Échéances" }).waitFor();
  const first = page.locator("main table tr", { hasText: "Relancer les signataires" });
  assert.match(await first.textContent(), /en retard.*Relancer les signataires.*CTG-063-2021-RLV/);
  await axe(page, "the deadlines");
  await page.screenshot({ path: `${screenshots}/deadlines.png`, fullPage: true });
  await first.getByRole("link", { name: "CTG-063-2021-RLV" }).click();
  await page.getByRole("heading", { name: /CTG-063-2021-RLV/ }).waitFor();

  // Back on the list, the state is the server's: the last copy is to be checked by eye.
  await page.getByRole("link", { name: "Conventions", exact: true }).click();
  await page.waitForFunction((ref) => document.querySelector(`td[data-state-of="${ref}"]`)?.textContent.startsWith("à vérifier"), reference);
  console.log("all good");
} finally {
  await browser.close();
}
