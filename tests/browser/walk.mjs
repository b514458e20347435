// A legal assistant's walk through the form: dates typed digit by digit, two tabs on one
// field, a new partner's nature, the versions an avenant is made from, the fields a CTG has.
// Run by tests/cli/browser.rs: `node walk.mjs URL SCREENSHOT_DIR`; exits non-zero with a
// message on any failure. `OLD_SCRIPT=path` (`OLD_STYLE=path`) serves that workspace.js
// (workspace.css) instead of the server's, to see a finding fail on an older page.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axe } from "./axe.mjs";
import { launch, run } from "./chromium.mjs";

const [url, screenshots] = process.argv.slice(2);
const reference = "CTG-057-2021-HOUVE";
const browser = await launch();
const field = (page, key) => page.locator(`#form [data-key="${key}"]`);
const source = (page) => page.getByLabel("Source TOML").inputValue();
const type = async (page, key, value) => {
  await field(page, key).fill(value);
  await field(page, key).press("Tab");
};
// A date is saved when its field is left (Tab moves between its day, month and year).
const setDate = async (page, key, value) => {
  await field(page, key).fill(value);
  await field(page, "territory").focus();
};
const until = (page, check, arg) => page.waitForFunction(check, arg, { timeout: 15000 });
const sourceHas = (page, text) => until(page, (text) => document.querySelector("textarea.source").value.includes(text), text);
const open = async (page) => {
  await page.goto(url);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.locator(`#form [data-key="territory"]`).waitFor();
};
const old = process.env.OLD_SCRIPT ? await readFile(process.env.OLD_SCRIPT, "utf8") : null;
const oldCss = process.env.OLD_STYLE ? await readFile(process.env.OLD_STYLE, "utf8") : null;
await run(browser, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR", bypassCSP: true });
  if (old) await context.route("**/workspace.js", (route) => route.fulfill({ body: old, contentType: "text/javascript" }));
  if (oldCss) await context.route("**/workspace.css", (route) => route.fulfill({ body: oldCss, contentType: "text/css" }));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const patches = [];
  // What is saved: a preview (« Recalculer les montants ») saves nothing.
  page.on("request", (request) => { if (request.method() === "PATCH" && !request.postDataJSON().preview) patches.push(request.postDataJSON()); });
  await open(page);

  // Walk 36: lengthened by six months, a line begun in 2022 and funded to the end (the LAEP
  // bonus) is said « à saisir » for the new year like the others, never left out unsaid.
  await setDate(page, "period.end", "2025-06-30");
  await sourceHas(page, "end = 2025-06-30");
  await page.locator("#move-amounts button").click();
  const lengthenedHouve = await page.locator("#move-preview").innerText();
  assert.match(lengthenedHouve, /Bonus territoire LAEP[^\n]*2025 \(6 mois sur 12\) : à saisir/, lengthenedHouve);
  await page.locator("#move-preview").getByRole("button", { name: "Annuler" }).click();
  await setDate(page, "period.end", "2024-12-31");
  await sourceHas(page, "end = 2024-12-31");
  patches.length = 0;

  // ---- A. « 01012022 » typed in Début is saved once, whole, when the field is left.
  await field(page, "period.start").focus();
  await page.keyboard.type("01012022");
  assert.equal(patches.length, 0, `nothing is saved while the date is typed: ${JSON.stringify(patches)}`);
  await field(page, "territory").focus();
  await sourceHas(page, "start = 2022-01-01");
  // Walk 6: amounts left outside a period moved by years are offered to be recalculated.
  await page.locator("#move-amounts", { hasText: "Recalculer les montants sur la nouvelle période (2022 → 2024)" }).waitFor();
  assert.deepEqual(patches.map((p) => [p.key, p.value]), [["period.start", "2022-01-01"]]);
  // Walk 16: what the recalculation would do is said before it is applied — the amounts of
  // 2021, a year the period cut short no longer covers, named as removed, no amount moved to
  // another year — and « Annuler » leaves the file as it is.
  await page.locator("#move-amounts button").click();
  const proposed = page.locator("#move-preview");
  await proposed.waitFor();
  const proposal = await proposed.innerText();
  assert.match(proposal, /Ces montants seront retirés, aucune année de la nouvelle période ne les reçoit : 27.840,00 € \(2021, /, proposal);
  assert.doesNotMatch(proposal, /4.500,00 € →|→ 4.500,00 €/, `a period cut short moves no amount to another year: ${proposal}`);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Annuler", "amounts would be removed: the focus keeps them");
  await proposed.getByRole("button", { name: "Annuler" }).click();
  assert.equal(await proposed.count(), 0);
  assert.equal(patches.length, 1, "nothing saved by the preview nor its cancelling");
  // Walk 19: a year the new period covers only in part is said with its months, before any click.
  await setDate(page, "period.start", "2022-07-01");
  await sourceHas(page, "start = 2022-07-01");
  await page.locator("#move-amounts button").click();
  await page.locator("#move-preview").waitFor();
  assert.match(await page.locator("#move-preview").innerText(), /2022[^;]*6 mois/);
  await page.locator("#move-preview").getByRole("button", { name: "Annuler" }).click();
  await setDate(page, "period.start", "2022-01-01");
  await sourceHas(page, "start = 2022-01-01");
  patches.length = 1;
  // A year cut short is not saved.
  await field(page, "period.start").focus();
  await page.keyboard.type("01012");
  await field(page, "territory").focus();
  await page.locator(".field-pending", { hasText: "date incomplète" }).waitFor();
  assert.equal(patches.length, 1, "a partial year is not saved");
  await page.locator(".field-pending", { hasText: "date incomplète" }).getByRole("button", { name: "Abandonner ma saisie" }).click();
  assert.equal(await field(page, "period.start").inputValue(), "2022-01-01");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), "period.start", "Walk 17: the focus back on the field");
  // Walk 18: a wrong date typed back to the date saved: its note goes, nothing is sent, and
  // nothing is kept to apply after a reload.
  await field(page, "period.start").focus();
  await page.keyboard.type("01012");
  await field(page, "territory").focus();
  await page.locator(".field-pending", { hasText: "date incomplète" }).waitFor();
  await field(page, "period.start").focus();
  await page.keyboard.type("01012022");
  await field(page, "territory").focus();
  await page.locator(".field-pending", { hasText: "date incomplète" }).waitFor({ state: "detached" });
  assert.equal(patches.length, 1, "the date saved is not sent again");
  // Walk 19: a date saved after a pause while its field is still focused, the years changing:
  // the field is not drawn again under the keys (its segment and the next keys stay where
  // the person is); the form follows the years once it is left.
  await field(page, "period.end").focus();
  await field(page, "period.end").evaluate((n) => { n.dataset.probe = "typed in"; });
  await field(page, "period.end").fill("2025-12-31");
  await sourceHas(page, "end = 2025-12-31");
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.probe), "typed in", "the same field, still focused");
  // Walk 22: « Recalculer » clicked straight from that date (the form drawn again for its
  // years as it is left): the click is not lost with the button drawn again, its
  // proposal shows.
  await page.locator("#move-amounts button").click();
  await page.locator("#move-preview").waitFor();
  assert.match(await page.locator("#move-preview").innerText(), /2025/);
  await page.locator("#move-preview").getByRole("button", { name: "Annuler" }).click();
  await field(page, "funding[1].amounts.2025").waitFor();
  // Walk 22: clicked before the end date typed is saved, the proposal is that of the period
  // saved by the click (2026 among its years), never of the one before.
  await field(page, "period.end").fill("2026-12-31");
  await page.locator("#move-amounts button").click();
  await page.locator("#move-preview").waitFor();
  assert.match(await page.locator("#move-preview").innerText(), /2026/);
  await page.locator("#move-preview").getByRole("button", { name: "Annuler" }).click();
  await setDate(page, "period.end", "2024-12-31");
  await sourceHas(page, "end = 2024-12-31");
  patches.length = 1;
  // Walk 16: a wrong date left by a press on the next field — nothing moves under the pointer
  // until it is released, so the press is a click on that field and what is typed next goes
  // into it; the date's note shows once the pointer is released.
  const deliberation = field(page, "partners[1].deliberation.date"), number = field(page, "partners[1].deliberation.number");
  await deliberation.scrollIntoViewIfNeeded();
  await deliberation.click();
  await page.keyboard.type("3102");
  const box = await number.boundingBox();
  await number.evaluate((n) => n.addEventListener("click", () => { n.dataset.clicked = "yes"; }, { once: true }));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(300);
  assert.deepEqual(await number.boundingBox(), box, "nothing moved under the pressed pointer");
  await page.mouse.up();
  await page.locator(".field-pending", { hasText: "date incomplète" }).waitFor();
  assert.equal(await number.getAttribute("data-clicked"), "yes", "the press was a click on « Numéro »");
  const numbered = await number.inputValue();
  await page.keyboard.type("-bis");
  assert.equal(await number.inputValue(), `${numbered}-bis`, "typed into « Numéro »");
  await page.locator(".field-pending", { hasText: "date incomplète" }).getByRole("button", { name: "Abandonner ma saisie" }).click();
  await sourceHas(page, `"${numbered}-bis"`);
  // Walk 22: a date typed and left while the form is to be drawn again for new years (the
  // end date just left) shows what is saved — not an empty field — and entering and leaving
  // it untouched sends nothing (it once sent the empty field: the date erased).
  await field(page, "period.end").fill("2025-12-31");
  await field(page, "caf.deliberation.date").focus();
  await field(page, "caf.deliberation.date").fill("2020-12-16");
  await field(page, "territory").focus();
  await sourceHas(page, "date = 2020-12-16");
  await field(page, "funding[1].amounts.2025").waitFor();
  assert.equal(await field(page, "caf.deliberation.date").inputValue(), "2020-12-16", "the date saved is shown");
  const untouched = patches.length;
  await field(page, "caf.deliberation.date").evaluate((n) => { n.value = ""; });
  await field(page, "caf.deliberation.date").click();
  await field(page, "territory").click();
  await page.waitForTimeout(500);
  assert.equal(patches.length, untouched, "a date entered and left untouched sends nothing");
  assert.ok((await source(page)).includes("date = 2020-12-16"));
  await setDate(page, "period.end", "2024-12-31");
  await sourceHas(page, "end = 2024-12-31");
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

  // ---- Walk 4, 1. Text typed, the field not left, is saved after a pause in typing; until
  // then the page says it is not saved, and leaving it is asked about. A whole date too.
  const asksBeforeLeaving = (view) => view.evaluate(() => {
    const leaving = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(leaving);
    return leaving.defaultPrevented;
  });
  await field(page, "sdsf").focus();
  await page.keyboard.type("SDSF de la Loire 2024-2028");
  assert.equal(await page.locator("#status").textContent(), "Non enregistré", "said unsaved while typed");
  assert.ok(await asksBeforeLeaving(page), "leaving with text not saved is asked about");
  await sourceHas(page, 'sdsf = "SDSF de la Loire 2024-2028"');
  await page.getByText("Enregistré", { exact: true }).waitFor();
  assert.ok(!await asksBeforeLeaving(page), "nothing to ask once saved");
  await field(page, "period.start").focus();
  await page.keyboard.type("01012021");
  await sourceHas(page, "start = 2021-01-01");
  assert.equal(await page.locator(".field-pending").count(), 0);
  await page.reload();
  await field(page, "sdsf").waitFor();
  assert.equal(await field(page, "sdsf").inputValue(), "SDSF de la Loire 2024-2028", "kept through a reload");
  assert.equal(await field(page, "period.start").inputValue(), "2021-01-01");
  // Walk 6: the page left at once, the prompt confirmed: what was typed is sent on its way out.
  await field(page, "sdsf").focus();
  await page.keyboard.type(" (révisé)");
  page.once("dialog", (dialog) => dialog.accept());
  await page.reload();
  await until(page, async (reference) => {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem("convgen-token")}` };
    const answer = await fetch(`/api/conventions/${reference}`, { headers });
    return (await answer.json()).toml.includes("2024-2028 (révisé)");
  }, reference);

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
  // Walk 5: the bar no longer says a field is not saved.
  assert.match(await page.locator("#status").textContent(), /^Saisie abandonnée/);
  await type(page, "signature.place", "Boulay-Moselle");
  await sourceHas(page, "Boulay-Moselle");
  assert.equal(await page.locator(".field-pending").count(), 0, "the next edit does not conflict");
  assert.ok((await source(page)).includes("de la Houve (Moselle)"), "the other tab's value is kept");
  // ---- Walk 4, 2. Two tabs, two fields: an edit of a field the other tab did not change is
  // applied on the newest version, without a note, the other tab's edits kept.
  await type(other, "court", "tribunal administratif de Nancy");
  await sourceHas(other, "tribunal administratif de Nancy");
  assert.ok((await source(other)).includes('place = "Boulay-Moselle"'), "the newest version's other fields are kept");
  assert.equal(await other.locator(".field-pending").count(), 0, "no note: the other tab did not change « Tribunal »");
  await type(page, "title", "Convention territoriale globale de la Houve (2021-2024)");
  await sourceHas(page, "de la Houve (2021-2024)");
  assert.ok((await source(page)).includes("tribunal administratif de Nancy"));
  assert.equal(await page.locator(".field-pending").count(), 0, "no note: the other tab did not change « Titre »");
  assert.equal(await field(page, "court").inputValue(), "tribunal administratif de Nancy", "the form shows the newest version");
  // Back to the other tab: it shows what this one saved meanwhile.
  await other.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await until(other, () => document.querySelector('#form [data-key="title"]').value.endsWith("(2021-2024)"));
  // Walk 5: a window beside the other one regains focus without becoming visible.
  await type(page, "court", "tribunal administratif de Metz");
  await sourceHas(page, "tribunal administratif de Metz");
  await other.evaluate(() => window.dispatchEvent(new Event("focus")));
  await until(other, () => document.querySelector('#form [data-key="court"]').value.endsWith("de Metz"));
  // Walk 7: a page left open, not brought back, says within seconds that it is behind, and
  // shows the newest version when asked — never redrawn under its reader.
  await type(page, "court", "tribunal administratif de Strasbourg");
  await sourceHas(page, "de Strasbourg");
  const behind = other.locator(".elsewhere");
  await behind.waitFor();
  assert.equal(await field(other, "court").inputValue(), "tribunal administratif de Metz");
  // Walk 28: no green « Enregistré » beside it.
  assert.notEqual(await other.locator("#status").textContent(), "Enregistré");
  await behind.getByRole("button", { name: "Afficher la version la plus récente" }).click();
  await until(other, () => document.querySelector('#form [data-key="court"]').value.endsWith("de Strasbourg"));
  await behind.waitFor({ state: "hidden" });
  // Walk 17: a value this tab saved, changed since by the other tab, typed again here once
  // the page says it is behind: sent, and met as a conflict on the field — never taken for
  // saved already.
  await type(other, "court", "tribunal administratif de Metz");
  await sourceHas(other, "de Metz");
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await until(page, () => document.querySelector('#form [data-key="court"]').value.endsWith("de Metz"));
  await type(page, "court", "tribunal administratif de Nancy");
  await sourceHas(page, "de Nancy");
  await behind.waitFor();
  await field(other, "court").fill("");
  await field(other, "court").pressSequentially("tribunal administratif de Metz");
  await field(other, "court").press("Tab");
  const clash = other.locator(".field-pending", { hasText: "enregistré ailleurs : « tribunal administratif de Nancy »" });
  await clash.getByRole("button", { name: "Appliquer sur la version la plus récente" }).click();
  await sourceHas(other, "de Metz");
  await other.close();

  // Walk 14: HOUVE, dated as signed, edited since: no final PDF of the changed file; the page
  // offers the text signed, or the file as a draft.
  await page.getByRole("button", { name: "Télécharger le PDF" }).click();
  const choice = page.locator("#signed-choice");
  const asSigned = choice.getByRole("button", { name: "Télécharger le texte signé" });
  await asSigned.waitFor();
  assert.match(await choice.textContent(), /datée comme signée le 12.janvier.2021/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Télécharger le texte signé");
  const [signedPdf] = await Promise.all([page.waitForEvent("download"), asSigned.click()]);
  assert.equal(signedPdf.suggestedFilename(), "CTG-057-2021-HOUVE-texte-signe.pdf");
  // Walk 19, 28: nor previewed to be sent as final: a signed convention goes as a draft only.
  await page.getByRole("button", { name: "Envoyer…" }).click();
  const asDraft = page.getByRole("checkbox", { name: "Projet (filigrane « PROJET »)" });
  assert.ok(await asDraft.isChecked() && await asDraft.isDisabled(), "a draft only");

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
  // Walk 11: a version not summed up says why (here, the text after it has errors).
  const entries = await page.locator("ol.versions li").allTextContents();
  assert.ok(!entries.some((t) => /\d — ce qui a changé ensuite n’est pas résumé$/.test(t)), entries.join("\n"));
  assert.match(entries[0], / — (?:valide ; ce qui a changé ensuite n’est pas résumé \(la version actuelle a des erreurs\)|a des erreurs : ce qui a changé ensuite n’est pas résumé)$/);
  assert.ok(await page.getByRole("button", { name: "Enregistrer cette version" }).isVisible());
  // Walk 7: a convention over (2021-2024) is said not to be amended, before any avenant.
  assert.ok(await page.getByText("elle ne peut plus être modifiée par avenant").isVisible());
  await page.getByRole("button", { name: "Préparer un avenant" }).click();
  const refusal = page.locator("[role=alert].ko");
  await refusal.waitFor();
  const said = await refusal.textContent();
  assert.match(said, /^La version « À » \(la version actuelle du fichier\) a des erreurs — /);
  assert.doesNotMatch(said, /errors|\[\d+\]/, "in French words, never a key path");
  await page.screenshot({ path: `${screenshots}/walk-versions.png` });

  // ---- Step 22, 5. A name given shows in its item's heading at once.
  const partner = page.locator('.item[data-key="partners[2]"] > h3');
  assert.equal((await partner.textContent()).replace("Retirer", ""), "Partenaire 2");
  await type(page, "partners[2].name", "Commune de Boulay-Moselle");
  await sourceHas(page, 'name = "Commune de Boulay-Moselle"');
  // Walk 6: the versions listed while the file changed say so, and are read again on a click.
  const stale = page.locator(".versions-panel .stale");
  await stale.waitFor();
  await stale.getByRole("button", { name: "Actualiser la liste" }).click();
  await stale.waitFor({ state: "detached" });
  await until(page, () => document.querySelector('.item[data-key="partners[2]"] > h3 > span').textContent === "Partenaire 2 — Commune de Boulay-Moselle");
  assert.equal(await partner.getByRole("button").getAttribute("aria-label"), "Retirer : Partenaire 2 — Commune de Boulay-Moselle");

  // ---- Step 22, 7. « Enregistrer cette version »: edits in a row make one version; once
  // closed, the next edit starts a new one.
  const versionCount = async () => {
    // The panel shown before goes first: the count read is the new answer's.
    await page.evaluate(() => document.querySelector("ol.versions")?.closest("form")?.remove());
    await page.getByRole("button", { name: "Versions…" }).click();
    const said = page.getByText(/^Versions enregistrées : \d+$/);
    await said.waitFor();
    return +(await said.textContent()).match(/\d+/)[0];
  };
  await type(page, "signature.place", "Boulay");
  await sourceHas(page, 'place = "Boulay"');
  const grouped = await versionCount();
  await type(page, "signature.place", "Boulay-Moselle");
  await sourceHas(page, 'place = "Boulay-Moselle"');
  assert.equal(await versionCount(), grouped, "an edit in a row adds no version");
  await page.getByRole("button", { name: "Enregistrer cette version" }).click();
  // Listed at once, at the time it was closed (walk 4, 7).
  await page.getByText(/^Version enregistrée : /).waitFor();
  await page.getByText(`Versions enregistrées : ${grouped + 1}`, { exact: true }).waitFor({ timeout: 5000 });
  // Walk 7: « De » is the oldest valid version, not the one just saved (nothing since).
  const versions = await page.locator('select[name="from"] option').evaluateAll((options) => options.map((o) => o.value));
  assert.equal(await page.locator('select[name="from"]').inputValue(), versions.findLast((v, i) => i > 0));
  await type(page, "signature.place", "Boulay (Moselle)");
  await sourceHas(page, 'place = "Boulay (Moselle)"');
  assert.equal(await versionCount(), grouped + 1, "the edit after « Enregistrer cette version » keeps no second copy of it");

  // ---- Step 22, 4. Reloaded with errors, the preview shows the last valid version, said so.
  await page.reload();
  await page.locator(".pages img").first().waitFor();
  assert.match(await page.locator(".pages .stale").textContent(), /^Aperçu de la dernière version valide \(.+\) — corrigez les erreurs pour le mettre à jour\.$/);
  await page.screenshot({ path: `${screenshots}/walk-reloaded-with-errors.png` });
  await axe(page, "a convention with errors, reloaded");

  // ---- Step 22, 1–3, 6. A new CTG: its funding line's years follow the period at once,
  // named by line and year; a cross-field error shows at the field changed; every field
  // stays visible beside the preview, at 1280×720 and 1920×1080.
  await page.evaluate(() => { location.hash = ""; });
  await page.locator('#new input[name="reference"]').fill("CTG-099-2026-TEST");
  await page.locator('#new input[name="territory"]').fill("Communauté de communes du Pays de Test");
  await page.getByRole("button", { name: "Créer" }).click();
  await field(page, "period.start").waitFor();
  // Walk 16: the keyboard's focus at the new convention's heading, Tab going on from there.
  await until(page, () => document.activeElement.matches("#main h2") && document.activeElement.textContent.startsWith("CTG-099-2026-TEST"));
  // Walk 20: never valid, the page says what keeps it from being drawn — its period only
  // (walk 36: its délibérations' dates are « à compléter », no longer missing).
  const neverDrawn = await page.locator(".pages .stale").textContent();
  assert.match(neverDrawn, /^Pas d’aperçu : le fichier a des erreurs.* à donner ou corriger d’abord : [^.]*Période/, neverDrawn);
  assert.doesNotMatch(neverDrawn, /délibération/, neverDrawn);
  // Walk 18: a text saved, its line taken out, typed again in the line now in its place: saved.
  const action = "Créer un multi-accueil de 20 places";
  await type(page, "axes[1].actions[1]", action);
  await sourceHas(page, action);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Retirer : Action 1.1" }).click();
  await until(page, (action) => !document.querySelector("textarea.source").value.includes(action), action);
  await type(page, "axes[1].actions[1]", action);
  await sourceHas(page, action);
  // Walk 30: an « autre » field's name still to give is a hint, its field empty.
  const otherToGive = page.locator("#form .other-domain input.todo").first();
  assert.equal(await otherToGive.inputValue(), "");
  assert.match(await otherToGive.getAttribute("placeholder"), /^\(autre champ à compléter\)$/);
  // Walk 30: a signature date to come is a signature planned, not made.
  await setDate(page, "signature.date", "2099-12-15");
  await sourceHas(page, "date = 2099-12-15");
  await page.reload();
  await page.locator(".planned-note", { hasText: "Signature prévue le 15 décembre 2099 : la convention n’est pas encore signée." }).waitFor();
  assert.equal(await page.locator(".signed-note").count(), 0, "not said signed");
  // Walk 33: a past date on a file with errors is said as the list says it, not « signée ».
  await setDate(page, "signature.date", "2026-02-28");
  await sourceHas(page, "date = 2026-02-28");
  await page.reload();
  await page.locator(".signed-note", { hasText: /^Datée comme signée le 28 février 2026, mais le fichier a des erreurs/ }).waitFor();
  await setDate(page, "signature.date", "");
  await until(page, () => !/date = 20(99-12-15|26-02-28)/.test(document.querySelector("textarea.source").value));
  const amountKeys = () => page.evaluate(() => [...document.querySelectorAll('#form input[data-key^="funding[1].amounts."]')].map((n) => n.dataset.key.split(".").pop()));
  assert.ok(!(await amountKeys()).includes("0"), `no year « 0 »: ${await amountKeys()}`);
  // Walk 19: a wrong date typed into a date still to complete has one note, about what was
  // typed; the saved value's « à compléter » is back once the typing is abandoned.
  const startNotes = () => field(page, "period.start").evaluate((n) => [...n.parentElement.querySelectorAll(".field-error, .field-pending")].map((note) => note.textContent));
  assert.match((await startNotes()).join(), /à compléter/, "a new CTG's start is still to complete");
  // Walk 21: given then cleared first (an empty date sent), the wrong date is still caught.
  await setDate(page, "period.start", "2026-07-01");
  await sourceHas(page, "start = 2026-07-01");
  await setDate(page, "period.start", "");
  await until(page, () => !document.querySelector("textarea.source").value.includes("start = 2026-07-01"));
  await field(page, "period.start").focus();
  await page.keyboard.type("3102");
  await field(page, "territory").focus();
  await page.locator(".field-pending", { hasText: "date incomplète" }).waitFor();
  const typedNotes = await startNotes();
  assert.equal(typedNotes.length, 1, `one note under « Début »: ${typedNotes}`);
  // Walk 20: nor does the bar say « Enregistré »: it names the field not saved.
  assert.match(await page.locator("#status").textContent(), /^« Période : Début » n’a pas été enregistré/);
  await page.locator(".field-pending", { hasText: "date incomplète" }).getByRole("button", { name: "Abandonner ma saisie" }).click();
  assert.match((await startNotes()).join(), /à compléter/);
  // Walk 34: a date that does not exist, typed whole, is said while its field still has the
  // focus (the browser reads it as empty and says nothing): the person may never leave it.
  // (This Chromium writes dates month first: 31 February 2026.)
  await field(page, "period.start").focus();
  await page.keyboard.type("02312026");
  await page.locator(".field-pending", { hasText: "date incomplète ou erronée" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), "period.start", "said with the focus still in the field");
  assert.match(await page.locator("#status").textContent(), /^« Période : Début » n’a pas été enregistré/);
  await page.locator(".field-pending", { hasText: "date incomplète" }).getByRole("button", { name: "Abandonner ma saisie" }).click();
  assert.match((await startNotes()).join(), /à compléter/);
  await setDate(page, "period.start", "2026-07-01");
  await sourceHas(page, "start = 2026-07-01");
  await setDate(page, "period.end", "2031-06-30");
  await sourceHas(page, "end = 2031-06-30");
  const six = ["2026", "2027", "2028", "2029", "2030", "2031"];
  await until(page, (six) => [...document.querySelectorAll('#form input[data-key^="funding[1].amounts."]')].map((n) => n.dataset.key.split(".").pop()).join() === six.join(), six);
  assert.match(await field(page, "funding[1].amounts.2031").getAttribute("aria-label"), /^Montants 2031 \(ligne 1/);
  // Amounts of a real line: the totals' columns as wide as they get.
  for (const [i, year] of six.entries()) {
    await type(page, `funding[1].amounts.${year}`, `${125 + i} 500`);
    await sourceHas(page, `${year} = ${125 + i}500`);
  }
  assert.equal(await page.locator(".field-pending").count(), 0, "the new year's amount is saved");
  // Walk 20: a period moved by a year — each amount said moved to the next year, none said
  // removed, and the period they were written for named. Walk 32: a year still to give
  // (2031 at 0) does not make it a period cut short: still moved by a year.
  await type(page, "funding[1].amounts.2031", "0");
  await sourceHas(page, "2031 = 0");
  // Walk 34: moved in two steps, the end first, recalculated for nothing in between: the
  // amounts are still those written for the first period, and move whole with the start.
  await setDate(page, "period.end", "2032-06-30");
  await sourceHas(page, "end = 2032-06-30");
  await page.locator("#move-amounts button").click();
  await page.locator("#move-preview", { hasText: "Le recalcul ne change aucun montant." }).waitFor();
  await setDate(page, "period.start", "2027-07-01");
  await sourceHas(page, "start = 2027-07-01");
  await page.locator("#move-amounts button").click();
  const shifted = await page.locator("#move-preview").innerText();
  assert.doesNotMatch(shifted, /retiré/, shifted);
  assert.match(shifted, /2026 → 2027 \(6 mois sur 12\) : 125.500,00 € ; 2027 → 2028 : 126.500,00 €/, shifted);
  assert.match(shifted, /écrits pour la période du 1er juillet 2026 au 30 juin 2031/, shifted);
  await page.locator("#move-preview").getByRole("button", { name: "Annuler" }).click();
  await setDate(page, "period.start", "2026-07-01");
  await sourceHas(page, "start = 2026-07-01");
  await setDate(page, "period.end", "2031-06-30");
  await sourceHas(page, "end = 2031-06-30");
  await type(page, "funding[1].amounts.2031", "130 500");
  await sourceHas(page, "2031 = 130500");
  // Lengthened by six months, no amount outside it: still offered, and the year made whole
  // says from how many months to how many.
  await setDate(page, "period.end", "2031-12-31");
  await sourceHas(page, "end = 2031-12-31");
  await page.locator("#move-amounts", { hasText: "La période a changé depuis que les montants ont été saisis" }).waitFor();
  // Walk 33: offered again after a reload, from the period the amounts were written for.
  await page.reload();
  await page.locator("#move-amounts", { hasText: "saisis (pour la période du 1er juillet 2026 au 30 juin 2031)" }).waitFor();
  await page.locator("#move-amounts button").click();
  const lengthened = await page.locator("#move-preview").innerText();
  assert.match(lengthened, /2031 : 130.500,00 € pour 6 mois → 261.000,00 € pour 12 mois/, lengthened);
  // Walk 21: applied, the amounts are written for the new period: nothing more is offered;
  // shortened again, the year is made six months' again.
  await page.locator("#move-preview").getByRole("button", { name: "Appliquer ces montants" }).click();
  await sourceHas(page, "2031 = 261000");
  assert.equal(await page.locator("#move-amounts").count(), 0, "nothing left to recalculate");
  await setDate(page, "period.end", "2031-06-30");
  await sourceHas(page, "end = 2031-06-30");
  await page.locator("#move-amounts button").click();
  await page.locator("#move-preview").getByRole("button", { name: "Appliquer ces montants" }).click();
  await sourceHas(page, "2031 = 130500");
  assert.equal(await page.locator("#move-amounts").count(), 0, "nothing left to recalculate");
  await until(page, (six) => [...document.querySelectorAll('#form input[data-key^="funding[1].amounts."]')].map((n) => n.dataset.key.split(".").pop()).join() === six.join(), six);
  // Walk 11: an item whose name is still to give is named with it once, in parentheses.
  const listed = await page.locator("#problems").innerText();
  assert.match(listed, /signataire 1 \(nom à compléter\)/);
  assert.doesNotMatch(listed, /\(\(/, listed);
  // No message, note or list shows a key path.
  const keyPath = /\b(?:funding|partners|axes|period|caf|signature)(?:\[\d+\])?\.[a-z]/;
  const shown = await page.locator("main").innerText();
  assert.doesNotMatch(shown, keyPath, shown.split("\n").find((line) => keyPath.test(line)));

  // The period made too long from its start: said at Début, the field changed, tied to it.
  await setDate(page, "period.start", "2025-07-01");
  const start = field(page, "period.start");
  await until(page, () => document.querySelector('#form [data-key="period.start"]').getAttribute("aria-invalid") === "true");
  const startNote = page.locator(`#${(await start.getAttribute("aria-describedby")).split(" ")[0]}`);
  assert.match(await startNote.textContent(), /au plus 5 ans/);
  assert.ok(await startNote.evaluate((note) => note.parentElement.contains(document.querySelector('#form [data-key="period.start"]'))), "next to Début");
  await start.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshots}/walk-period-too-long.png` });
  await axe(page, "a period too long");
  await setDate(page, "period.start", "2026-07-01");
  await until(page, () => !document.querySelector('#form [data-key="period.start"]').hasAttribute("aria-invalid"));
  // An amount in error: the years stay aligned, row by row, all of one width.
  await type(page, "funding[1].amounts.2028", "12,345");
  await until(page, () => document.querySelector('#form [data-key="funding[1].amounts.2028"]').getAttribute("aria-invalid") === "true");

  const checkLayout = async (view, width) => {
    // Every amount field and the totals' cells can be seen and reached: none under the preview.
    const preview = await view.locator(".pages").boundingBox();
    for (const target of [...await view.locator('#form input[data-key^="funding[1].amounts."]').all(), ...await view.locator("#totals th, #totals td").all()]) {
      await target.scrollIntoViewIfNeeded();
      const box = await target.boundingBox();
      const name = await target.evaluate((n) => n.dataset.key ?? n.textContent);
      assert.ok(box.x + box.width <= preview.x, `${width}: ${name} ends at ${box.x + box.width}, the preview starts at ${preview.x}`);
      const seen = await target.evaluate((n) => {
        const r = n.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return n === hit || n.contains(hit);
      });
      assert.ok(seen, `${width}: ${name} is covered`);
    }
    // Years row by row: each input at the top of its row, all of one width.
    const boxes = await view.evaluate(() => [...document.querySelectorAll('#form input[data-key^="funding[1].amounts."]')]
      .map((n) => ({ row: Math.round(n.closest(".field").getBoundingClientRect().top), top: n.getBoundingClientRect().top, width: n.getBoundingClientRect().width })));
    assert.ok(boxes.every((b) => Math.abs(b.width - boxes[0].width) < 1), `${width}: widths ${boxes.map((b) => b.width)}`);
    const aligned = boxes.every((b) => boxes.every((c) => c.row !== b.row || Math.abs(c.top - b.top) < 1));
    assert.ok(aligned, `${width}: the years misalign: ${JSON.stringify(boxes)}`);
    // Each button of the bar on one line; at 1920 px, all of them on one line.
    const tops = await view.evaluate(() => [...document.querySelectorAll(".editor .bar > :is(button, select)")].map((n) => Math.round(n.getBoundingClientRect().top + n.getBoundingClientRect().height / 2)));
    if (width === 1920) assert.equal(new Set(tops).size, 1, `${width}: the bar wraps: ${tops}`);
    for (const button of await view.locator("#main .bar button").all()) {
      if (!await button.isVisible()) continue;
      const lines = await button.evaluate((n) => { const r = document.createRange(); r.selectNodeContents(n); return new Set([...r.getClientRects()].map((c) => Math.round(c.top))).size; });
      assert.equal(lines, 1, `${width}: « ${await button.textContent()} » wraps`);
    }
  };
  await field(page, "funding[1].amounts.2028").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshots}/walk-six-years-1280.png` });
  await checkLayout(page, 1280);
  // Walk 36: a browser in English (a jurist's own Chromium) — the page is French all the same,
  // what the server says in it too.
  const wide = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "en-US", bypassCSP: true })).newPage();
  if (old) await wide.context().route("**/workspace.js", (route) => route.fulfill({ body: old, contentType: "text/javascript" }));
  if (oldCss) await wide.context().route("**/workspace.css", (route) => route.fulfill({ body: oldCss, contentType: "text/css" }));
  wide.setDefaultTimeout(15000);
  await wide.goto(url);
  await wide.getByRole("link", { name: "CTG-099-2026-TEST", exact: true }).click();
  await field(wide, "funding[1].amounts.2028").waitFor();
  assert.equal(await wide.locator('label[for]', { hasText: /^Territoire$/ }).count(), 1, "the form's labels in French");
  assert.match(await wide.locator("#problems").innerText(), /reste à compléter/, "the findings in French");
  // Walk 36: reloaded with errors, drawn as its last version valid but for values « à
  // compléter » (its period given, nothing else held the preview back).
  assert.match(await wide.locator(".pages .stale").textContent(), /^Aperçu de la dernière version valide/);
  await wide.screenshot({ path: `${screenshots}/walk-new-ctg-1920.png` });
  await field(wide, "funding[1].amounts.2028").scrollIntoViewIfNeeded();
  await wide.screenshot({ path: `${screenshots}/walk-six-years-1920.png` });
  await checkLayout(wide, 1920);
  await axe(wide, "a new CTG at 1920×1080");
  // Walk 27: never sent, it goes first as a draft, for review: « Projet » ticked, said, and
  // free to untick to send it to sign.
  await wide.getByRole("button", { name: "Envoyer…" }).click();
  await wide.locator(".first-send", { hasText: "Jamais envoyée : elle part d’abord comme projet" }).waitFor();
  const firstSend = wide.getByRole("checkbox", { name: "Projet (filigrane « PROJET »)" });
  assert.ok(await firstSend.isChecked() && !await firstSend.isDisabled(), "a first sending is a draft unless unticked");

  // ---- Step 22, seventh round. On CD47 (years 2024–2026, its line 1 holds 2024 only).
  const cd47 = await context.newPage();
  cd47.setDefaultTimeout(15000);
  await cd47.goto(url);
  await cd47.getByRole("link", { name: "CTG-047-2024-CD47", exact: true }).click();
  await field(cd47, "funding[1].amounts.2024").waitFor();
  // Walk 8: a convention signed (dated 16 October 2024) says it is amended by avenant.
  assert.match(await cd47.locator(".signed-note").textContent(), /^Convention signée le 16 octobre 2024 : .* par avenant/);
  // Walk 9: its sending panel says it is signed before offering to send it « à signer ».
  await cd47.getByRole("button", { name: "Envoyer…" }).click();
  await cd47.getByText("Cette convention est déjà signée : elle ne part plus à signer, seulement comme projet, pour relecture.").waitFor();
  // Walk 11: sending off, the preview's sender is no placeholder address to copy.
  await cd47.getByRole("button", { name: "Prévisualiser le message" }).click();
  const sender = cd47.locator(".message div").first();
  await sender.waitFor();
  assert.equal(await sender.textContent(), "De : l’adresse d’envoi de la Caf, une fois l’envoi réglé sur ce poste");
  const lineTotal = cd47.locator('.line-total[data-line="funding[1]"]');
  assert.match(await lineTotal.textContent(), /^Total de la ligne : 24.000,00.€$/);
  // 2. An amount the file holds in error is no figure: no total counting it as 0.
  await type(cd47, "funding[1].amounts.2024", "abc");
  await until(cd47, () => document.querySelector('#form [data-key="funding[1].amounts.2024"]').getAttribute("aria-invalid") === "true");
  await until(cd47, () => document.querySelector('.line-total[data-line="funding[1]"]').textContent.includes("non calculé"));
  assert.equal(await lineTotal.textContent(), "Total de la ligne : non calculé, le montant 2024 est à corriger");
  assert.equal(await cd47.locator("#totals td").first().textContent(), "—");
  assert.equal(await cd47.locator("#totals td").last().textContent(), "—");
  // Walk 30: a PDF refused for the file's errors names them, and the focus goes to the first.
  await cd47.getByRole("button", { name: "Télécharger le PDF" }).click();
  await cd47.locator("#status", { hasText: /À corriger : Financements.*2024\.$/ }).waitFor();
  await until(cd47, () => document.activeElement?.dataset.key === "funding[1].amounts.2024");
  await lineTotal.evaluate((n) => n.scrollIntoView({ block: "center" }));
  await cd47.screenshot({ path: `${screenshots}/walk-amount-in-error-1280.png` });
  await type(cd47, "funding[1].amounts.2024", "24000");
  await until(cd47, () => /^Total de la ligne : 24.000,00.€$/.test(document.querySelector('.line-total[data-line="funding[1]"]').textContent));
  // 4. An ambiguous amount stays in its place among the years; its note, below them, is tied
  // to it. 2. The line's total is the file's, and says an amount typed is not in it.
  const tops = () => cd47.evaluate(() => [...document.querySelectorAll('#form input[data-key^="funding[1].amounts."]')].map((n) => [Math.round(n.getBoundingClientRect().top - n.closest(".amounts").getBoundingClientRect().top), Math.round(n.getBoundingClientRect().left)]));
  const before = await tops();
  await type(cd47, "funding[1].amounts.2025", "12.000");
  const pendingNote = cd47.locator(".field-pending", { hasText: "2025" });
  await pendingNote.waitFor();
  assert.deepEqual(await tops(), before, "the years keep their places");
  assert.ok(await pendingNote.evaluate((n) => n.previousElementSibling.classList.contains("amounts")), "the note is below the years");
  // Walk 16: Tab goes from the year's field to its note's choices, then on to the next year.
  await field(cd47, "funding[1].amounts.2025").focus();
  await cd47.keyboard.press("Tab");
  const focused = () => cd47.evaluate(() => [document.activeElement.closest(".field-pending")?.dataset.for, document.activeElement.dataset.key ?? document.activeElement.textContent]);
  assert.deepEqual(await focused(), ["funding[1].amounts.2025", await pendingNote.locator("button").first().textContent()]);
  for (let more = await pendingNote.locator("button").count() - 1; more > 0; more--) await cd47.keyboard.press("Tab");
  assert.deepEqual(await focused(), ["funding[1].amounts.2025", "Abandonner ma saisie"]);
  await cd47.keyboard.press("Tab");
  assert.deepEqual(await focused(), [undefined, "funding[1].amounts.2026"]);
  await cd47.keyboard.press("Shift+Tab");
  assert.deepEqual(await focused(), ["funding[1].amounts.2025", "Abandonner ma saisie"], "back the way it came");
  // Walk 17: past the last year, on to what follows the grid, the note not visited twice.
  await field(cd47, "funding[1].amounts.2026").focus();
  await cd47.keyboard.press("Tab");
  const after = await focused();
  assert.ok(after[0] === undefined && after[1] !== "funding[1].amounts.2026", `left the grid: ${after}`);
  await cd47.keyboard.press("Shift+Tab");
  assert.deepEqual(await focused(), [undefined, "funding[1].amounts.2026"], "and back to it");
  const noteId = await pendingNote.getAttribute("id");
  assert.ok((await field(cd47, "funding[1].amounts.2025").getAttribute("aria-describedby")).split(" ").includes(noteId));
  assert.match(await lineTotal.textContent(), /^Total de la ligne : 24.000,00.€ \(montants enregistrés ; montant saisi en 2025 non enregistré\)$/);
  // Walk 11: the totals by year and the convention's say it too, as the line does.
  const cells = await cd47.locator("#totals td").allTextContents();
  assert.ok(!cells[0].endsWith("*") && cells[1].endsWith(" *") && cells.at(-1).endsWith(" *"), cells.join(" | "));
  assert.equal(await cd47.locator("#totals .totals-note").textContent(), "* Montants enregistrés ; montant saisi en 2025 non enregistré.");
  await cd47.locator("#totals").scrollIntoViewIfNeeded();
  await cd47.screenshot({ path: `${screenshots}/walk-totals-unsaved-1280.png` });
  await lineTotal.evaluate((n) => n.scrollIntoView({ block: "center" }));
  await cd47.screenshot({ path: `${screenshots}/walk-ambiguous-amount-1280.png` });
  await pendingNote.getByRole("button", { name: "Abandonner ma saisie" }).click();
  await until(cd47, () => !document.querySelector(".field-pending"));
  assert.equal(await cd47.locator("#totals .totals-note").count(), 0, "nothing typed, nothing to say");
  // 3. An axis's « autre » field: labelled, room for its text, its error beside it.
  const otherField = cd47.getByLabel("Autre champ : intitulé").nth(6);
  assert.equal(await otherField.inputValue(), "Citoyenneté et laïcité");
  await otherField.fill("(autre champ à compléter)");
  await otherField.press("Tab");
  const otherError = cd47.locator(".other-domain .field-error");
  await otherError.waitFor();
  assert.ok((await otherField.getAttribute("aria-describedby")).split(" ").includes(await otherError.getAttribute("id")));
  const fits = await otherField.evaluate((n) => n.scrollWidth <= n.clientWidth);
  assert.ok(fits, "the field shows its whole text");
  await otherField.scrollIntoViewIfNeeded();
  await cd47.screenshot({ path: `${screenshots}/walk-other-domain-1280.png` });
  await otherField.fill("Citoyenneté et laïcité");
  await otherField.press("Tab");
  await until(cd47, () => !document.querySelector(".other-domain .field-error"));

  // ---- Walk 11. Two avenants in a row: the second starts from the convention as the first
  // leaves it (its file, its délibérations' numbers still to give), named so in the banner.
  const avenantAfter = async (key, value, made) => {
    await type(cd47, key, value);
    await sourceHas(cd47, `${key.split(".").pop()} = ${value}`);
    await cd47.getByRole("button", { name: "Versions…" }).click();
    await cd47.getByRole("button", { name: "Préparer un avenant" }).click();
    await cd47.waitForFunction((made) => location.hash === `#${made}`, made);
    const arrival = cd47.locator("#status", { hasText: `Avenant ${made} préparé` });
    await arrival.waitFor();
    return arrival.textContent();
  };
  // Walk 34: from the text as signed, named so, not by the time its copy was saved.
  assert.match(await avenantAfter("funding[1].amounts.2025", "5000", "CTG-047-2024-CD47-AV1"), /préparé \(fichier (ctg\/)?CTG-047-2024-CD47-AV1\.toml\), du texte signé le 16 octobre 2024 à la version actuelle : /);
  await cd47.evaluate(() => { location.hash = "#CTG-047-2024-CD47"; });
  // The convention's own page, not the avenant's still shown (it has the same fields).
  await cd47.locator("h2", { hasText: /^CTG-047-2024-CD47 — / }).waitFor();
  await field(cd47, "funding[1].amounts.2026").waitFor();
  // Walk 35: the convention changed beyond avenant n° 1: its final PDF is asked about first,
  // a draft offered, never given unasked while the two disagree.
  await type(cd47, "funding[1].amounts.2026", "6000");
  await sourceHas(cd47, "2026 = 6000");
  await cd47.evaluate(() => { location.hash = "#CTG-047-2024-CD47-AV1"; });
  await cd47.locator("h2", { hasText: /^CTG-047-2024-CD47-AV1 — / }).waitFor();
  await cd47.getByRole("button", { name: "Télécharger le PDF" }).click();
  const beforeFinal = cd47.locator("#signed-choice");
  await beforeFinal.getByRole("button", { name: "Télécharger le projet" }).waitFor();
  assert.match(await beforeFinal.textContent(), /^Avant la version définitive : la convention a changé sans que cet avenant le dise/);
  assert.equal(await cd47.evaluate(() => document.activeElement.textContent), "Télécharger le projet");
  await cd47.evaluate(() => { location.hash = "#CTG-047-2024-CD47"; });
  await cd47.locator("h2", { hasText: /^CTG-047-2024-CD47 — / }).waitFor();
  await field(cd47, "funding[1].amounts.2026").waitFor();
  const arrival = await avenantAfter("funding[1].amounts.2026", "6000", "CTG-047-2024-CD47-AV2");
  assert.match(arrival, /, de la convention telle que l’avenant n° 1 la laisse à la version actuelle : /);
  await cd47.screenshot({ path: `${screenshots}/walk-second-avenant-1280.png` });
  // Each avenant follows its convention in the list (their files sort before it).
  await cd47.evaluate(() => { location.hash = ""; });
  const cd47Rows = cd47.locator("#main table a", { hasText: "CTG-047-2024-CD47" });
  await cd47Rows.first().waitFor();
  assert.deepEqual(await cd47Rows.allTextContents(), ["CTG-047-2024-CD47", "CTG-047-2024-CD47-AV1", "CTG-047-2024-CD47-AV2"]);
  await cd47.screenshot({ path: `${screenshots}/walk-list-avenants-1280.png` });

  // ---- Walk 23. An avenant prepared and never signed is withdrawn from its page: the
  // convention's page says so, the list no longer has it, and the next takes its number.
  await cd47.evaluate(() => { location.hash = "#CTG-047-2024-CD47-AV2"; });
  const withdraw = cd47.getByRole("button", { name: "Retirer cet avenant" });
  await withdraw.waitFor();
  // Walk 25: a signature date given by mistake, then half cleared (a wrong date to the
  // browser), is emptied with « Effacer la date »; the avenant is then withdrawn.
  await setDate(cd47, "signature.date", "2026-11-30");
  await sourceHas(cd47, "date = 2026-11-30");
  await field(cd47, "signature.date").focus();
  await cd47.keyboard.press("Backspace");
  await field(cd47, "territory").focus();
  const clear = cd47.getByRole("button", { name: "Effacer la date" });
  await clear.click();
  await until(cd47, () => !document.querySelector("textarea.source").value.includes("date = 2026-11-30"));
  assert.equal(await field(cd47, "signature.date").inputValue(), "");
  cd47.once("dialog", (dialog) => dialog.accept());
  await withdraw.click();
  await cd47.locator("h2", { hasText: /^CTG-047-2024-CD47 — / }).waitFor();
  await cd47.locator("#status", { hasText: /^L’avenant n° 2 \(CTG-047-2024-CD47-AV2\) est retiré : son texte reste dans l’historique/ }).waitFor();
  await cd47.screenshot({ path: `${screenshots}/walk-avenant-withdrawn-1280.png` });
  await cd47.evaluate(() => { location.hash = ""; });
  await cd47Rows.first().waitFor();
  assert.deepEqual(await cd47Rows.allTextContents(), ["CTG-047-2024-CD47", "CTG-047-2024-CD47-AV1"]);
  // Walk 23: a convention whose period is over is said so in the list.
  const houveState = await cd47.locator('td[data-state-of="CTG-057-2021-HOUVE"]').textContent();
  assert.match(houveState.replace(/\u00a0/g, " "), /terminée le 31 décembre 2024$/);
  await cd47.evaluate(() => { location.hash = "#CTG-047-2024-CD47"; });
  await field(cd47, "funding[1].amounts.2026").waitFor();
  await avenantAfter("funding[1].amounts.2026", "7000", "CTG-047-2024-CD47-AV2");

  // ---- Walk 11. Renewal: a date the picker gives that is no date (a year of five digits)
  // is refused in the picker's words, beside it.
  await cd47.evaluate(() => { location.hash = "#/renouveler"; });
  const expiring = cd47.locator('input[name="expiring_before"]');
  await expiring.evaluate((n) => { n.value = "20271-01-01"; });
  await cd47.getByRole("button", { name: "Renouveler" }).click();
  const refused = cd47.locator("#error-expiring_before");
  await refused.waitFor();
  assert.equal(await refused.textContent(), "CEJ finissant avant le : choisissez une date (jour, mois et année à quatre chiffres).");
  assert.equal(await expiring.getAttribute("aria-invalid"), "true");
  assert.doesNotMatch(await cd47.locator("main").innerText(), /AAAA-MM-JJ/);
  await cd47.screenshot({ path: `${screenshots}/walk-renew-date-1280.png` });

  // ---- Walk 20. A reference changed in the form: the page follows the convention to its
  // new reference, and the next edit is saved.
  await cd47.evaluate(() => { location.hash = "#CTG-099-2026-TEST"; });
  await field(cd47, "reference").waitFor();
  await type(cd47, "reference", "CTG-099-2027-TEST");
  await cd47.locator("h2", { hasText: /^CTG-099-2027-TEST/ }).waitFor();
  assert.match(await cd47.locator("#status").textContent(), /^Référence enregistrée : CTG-099-2027-TEST\. Son fichier garde son nom/);
  await type(cd47, "title", "Convention territoriale globale du Pays de Test");
  await sourceHas(cd47, "du Pays de Test\"");
  assert.equal(await cd47.locator(".field-pending").count(), 0, "the next edit saved");

});
