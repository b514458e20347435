// Workbooks from the page, as a legal assistant found them (issue 30): « Exporter » says
// which files it leaves out and why, before and after; an import that would replace a file
// says so, with the comments it would lose, and waits for « Confirmer »; its report names
// every row and what became of it. The access link opened again in the open tab keeps the
// view. An avenant made from the page warns, on their fields, of the délibérations it
// repeats from the convention. Run by tests/cli/browser.rs: `node books.mjs URL SCREENSHOT_DIR`; exits non-zero
// with a message on any failure. `OLD_SCRIPT=path` serves that workspace.js instead.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axe } from "./axe.mjs";
import { launch, run } from "./chromium.mjs";

const [url, screenshots] = process.argv.slice(2);
const browser = await launch();
const old = process.env.OLD_SCRIPT ? await readFile(process.env.OLD_SCRIPT, "utf8") : null;
await run(browser, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR", acceptDownloads: true, bypassCSP: true });
  if (old) await context.route("**/workspace.js", (route) => route.fulfill({ body: old, contentType: "text/javascript" }));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await page.goto(url);
  await page.getByRole("heading", { name: "Conventions" }).waitFor();

  // ---- 1. What the export leaves out, said before it, by name and why.
  const leftOut = page.locator("#export-left-out");
  await page.waitForFunction(() => document.querySelector("#export-left-out")?.textContent);
  const said = await leftOut.textContent();
  assert.match(said, /^2 fichiers non exportés : /, said);
  // The avenants said once, together, after the other files.
  assert.match(said, /; avenant, qui ne va pas dans le classeur \(il reste un fichier à part\) : CTG-057-2021-HOUVE-AV1\.$/, said);
  assert.match(said, /brouillon \(\d+ erreurs? à corriger\)/, said);
  const exportButton = page.getByRole("button", { name: "Exporter les 2 conventions valides (.xlsx)" });
  const [download] = await Promise.all([page.waitForEvent("download"), exportButton.click()]);
  const book = `${screenshots}/conventions.xlsx`;
  await download.saveAs(book);
  await page.getByText("2 conventions exportées dans conventions.xlsx.").waitFor();
  await page.locator("#import").screenshot({ path: `${screenshots}/books-export.png` });

  // CD47 changed here since: the workbook would replace it, and its comments with it.
  await page.evaluate(async () => {
    const token = sessionStorage.getItem("convgen-token");
    const path = "/api/conventions/CTG-047-2024-CD47";
    const headers = { Authorization: `Bearer ${token}` };
    const { toml, etag } = await (await fetch(path, { headers })).json();
    const edited = toml.replace('territory = "Lot-et-Garonne"', 'territory = "Lot et Garonne"');
    const put = await fetch(path, { method: "PUT", body: edited, headers: { ...headers, "If-Match": etag } });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
  });

  // ---- 2, 3. The import asks before replacing, naming the comments lost; then every row.
  await page.getByLabel("Importer un classeur (.xlsx, .ods)").setInputFiles(book);
  await page.getByLabel("remplacer les fichiers qui existent").check();
  await page.getByRole("button", { name: "Importer", exact: true }).click();
  const report = page.locator("#import-report");
  const confirm = page.getByRole("button", { name: "Confirmer l’import" });
  await confirm.waitFor();
  const before = await report.textContent();
  assert.match(before, /Les commentaires \(« # … »\) de CTG-047-2024-CD47\.toml \(\d+ lignes\) seront perdus/, before);
  assert.match(before, /reste dans son historique/, before);
  // Walk 20: the exported sheet `annexe` is not read, and the page says so.
  assert.match(before, /La feuille annexe n’est pas lue : elle récapitule les montants pour information ; un montant se change dans la feuille financements\./, before);
  assert.match(before, /sera remplacé/, before);
  // What would change is said before « Confirmer », as the versions list says it.
  assert.match(before, /Changera : [^.]*Lot et Garonne → Lot-et-Garonne/, before);
  // Walk 14: CD47 is signed: the import changes its file, not what the parties signed.
  assert.match(before, /CTG-047-2024-CD47 est signée \(le 16 octobre 2024\) : l’import changera son fichier, pas ce que les parties ont signé ; ses modifications se font par avenant/, before);
  const territory = await page.evaluate(async () => {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem("convgen-token")}` };
    return (await (await fetch("/api/conventions/CTG-047-2024-CD47", { headers })).json()).toml;
  });
  assert.match(territory, /Lot et Garonne/, "nothing written before « Confirmer »");
  await report.screenshot({ path: `${screenshots}/books-import-ask.png` });
  await axe(page, "the import's question");
  await confirm.click();
  await page.getByRole("button", { name: "Voir la liste à jour" }).waitFor();
  // Walk 17: the button pressed is gone: the focus is on what the import did.
  assert.ok(await page.evaluate(() => document.activeElement.matches("#import-report p")), "focus on the report");
  const rows = await report.locator("table tr").allTextContents();
  assert.equal(rows.length, 3, rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("CTG-047-2024-CD47") && r.includes("remplacé")), rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("CTG-057-2021-HOUVE") && r.includes("inchangé (identique)")), rows.join("\n"));
  assert.match(await report.textContent(), /2 lignes de la feuille « conventions » : /);
  await page.screenshot({ path: `${screenshots}/books-import-done.png`, fullPage: true });
  await axe(page, "the import's report");

  // ---- 5. The access link opened again in the tab: the token kept, the view too.
  await page.getByRole("link", { name: "CTG-057-2021-HOUVE", exact: true }).click();
  await page.locator(`#form [data-key="territory"]`).waitFor();
  asked.length = 0;
  await page.evaluate((link) => { location.href = link; }, url);
  await page.waitForFunction(() => !location.hash.startsWith("#token="));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => location.hash), "#CTG-057-2021-HOUVE");
  assert.ok(!asked.some((p) => p.includes("token")), asked.join("\n"));
  assert.ok(await page.locator(`#form [data-key="territory"]`).isVisible());

  // ---- 4. An avenant from the page cites the convention's signature date, written in once
  // signed, and the délibérations it repeats are warned about on their fields.
  await page.evaluate(async () => {
    const path = "/api/conventions/CTG-057-2021-HOUVE";
    const headers = { Authorization: `Bearer ${sessionStorage.getItem("convgen-token")}` };
    const put = async (edit) => {
      const { toml, etag } = await (await fetch(path, { headers })).json();
      const answer = await fetch(path, { method: "PUT", body: edit(toml), headers: { ...headers, "If-Match": etag } });
      if (!answer.ok) throw new Error(`PUT ${answer.status}`);
      return toml;
    };
    const signed = await put((toml) => toml.replace("date = 2021-01-12\n", ""));
    await put(() => signed.replace("end = 2024-12-31", "end = 2025-06-30"));
    // Avenant n° 1, signed in 2023, dated so (only a signed avenant is taken in).
    const avenant = "/api/conventions/CTG-057-2021-HOUVE-AV1";
    const { toml, etag } = await (await fetch(avenant, { headers })).json();
    const dated = await fetch(avenant, { method: "PUT", body: toml.replace("[signature]\n", "[signature]\ndate = 2023-06-20\n"), headers: { ...headers, "If-Match": etag } });
    if (!dated.ok) throw new Error(`PUT ${dated.status}`);
  });
  // The page shows the file as those saves left it, as it does a few seconds after them.
  await page.reload();
  await page.locator(`#form [data-key="period.end"]`).waitFor();
  await page.getByRole("button", { name: "Versions…" }).click();
  // Walk 14: the file does not take in avenant n° 1 (made elsewhere): taken in first, the
  // changes made since kept; an avenant prepared before would undo it.
  const takeIn = page.getByRole("button", { name: "Reprendre l’avenant n° 1 dans la convention" });
  await takeIn.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshots}/books-take-in.png` });
  // Walk 25: asked first, saying it is for an avenant signed.
  let takeInAsked = "";
  page.once("dialog", (dialog) => { takeInAsked = dialog.message(); dialog.accept(); });
  await takeIn.click();
  await page.locator("#status", { hasText: "L’avenant n° 1 est repris dans la convention" }).waitFor();
  assert.match(takeInAsked, /^Reprendre dans le fichier de la convention ce que change l’avenant n° 1 \(CTG-057-2021-HOUVE-AV1\), signé \?/);
  await page.getByRole("button", { name: "Reprendre l’avenant n° 1 dans la convention" }).waitFor({ state: "detached" });
  // From far down the page, as after reading the versions.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.getByRole("button", { name: "Préparer un avenant" }).click();
  await page.waitForFunction(() => location.hash === "#CTG-057-2021-HOUVE-AV2");
  // Walk 5: the avenant opens at its top, saying what was made.
  await page.locator("#status", { hasText: "Avenant CTG-057-2021-HOUVE-AV2 préparé" }).waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0, "the avenant's heading in view");
  // Walk 28: the délibérations' dates are to give, not the convention's (which would print
  // beside the new number); one typed before the convention's signature is warned.
  const date = page.locator('#form [data-key="partners[1].deliberation.date"]');
  const toGive = page.locator('#form [data-key="partners[1].deliberation.date"] ~ .field-error');
  await toGive.first().waitFor();
  assert.match(await toGive.first().textContent(), /« \(date à compléter\) » reste à compléter/);
  assert.equal(await date.inputValue(), "", "no date shown for one to give");
  assert.match(await date.getAttribute("class"), /todo/);
  await date.fill("2020-12-15");
  await page.locator('#form [data-key="partners[1].deliberation.number"]').focus();
  const warned = page.locator('#form [data-key="partners[1].deliberation.date"] ~ .field-warning');
  await warned.waitFor();
  assert.match(await warned.textContent(), /antérieure à la signature de la convention modifiée \(12\sjanvier\s2021\) — chaque partie signe un avenant en vertu d’une délibération qui lui est propre/);
  // Walk 39: its final PDF is asked about first, the délibération named.
  await page.getByRole("button", { name: "Télécharger le PDF" }).click();
  const beforeFinal = page.locator("#signed-choice");
  await beforeFinal.getByRole("button", { name: "Télécharger le projet" }).waitFor();
  assert.match(await beforeFinal.textContent(), /^Avant la version définitive : Partenaires, n° 1 .*délibération, date : cette délibération est antérieure à la signature/);
  // Walk 29: a number still to give is a hint, its field empty: a click then typing gives
  // the number alone, never « (numéro à compléter)2026-DEL-12 ».
  const number = page.locator('#form [data-key="partners[1].deliberation.number"]');
  assert.equal(await number.inputValue(), "");
  assert.equal(await number.getAttribute("placeholder"), "(numéro à compléter)");
  await date.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshots}/books-avenant-deliberation.png` });
  await number.click();
  await page.keyboard.type("2026-DEL-12");
  await page.keyboard.press("Tab");
  await page.waitForFunction(() => document.querySelector("textarea.source").value.includes('number = "2026-DEL-12"'));
  // Entered and left empty, a value to give is kept as it is: nothing sent.
  const caf = page.locator('#form [data-key="caf.deliberation.number"]');
  await caf.click();
  await page.keyboard.press("Tab");
  await page.waitForTimeout(400);
  assert.match(await page.locator("textarea.source").inputValue(), /body = "Conseil d’administration", date = "\(date à compléter\)", number = "\(numéro à compléter\)"/);

});
