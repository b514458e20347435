// The workspace's views over the JSON API: a convention (form, TOML source, problems, pages,
// sending, versions), the renewal of CEJs and the journal of what was sent. Plain JavaScript,
// no build step; every text from a file goes in through textContent, never as HTML.
"use strict";
const main = document.getElementById("main");
// What the workspace says of itself (its folder, whether sending is on), read at start.
let workspace = {};

// Nothing moves under a pressed pointer: a field left by a press on another one (a wrong
// date, then a click on « Numéro ») would get its note at once and push the field pressed
// away from the pointer before it is released. Notes drawn while a pointer is down wait for
// its release, then for the click it makes.
let pressed = false;
const whenReleased = new Set();
const released = () => {
  pressed = false;
  setTimeout(() => { for (const draw of whenReleased) draw(); whenReleased.clear(); });
};
document.addEventListener("pointerdown", (event) => { pressed = event.isPrimary; }, true);
// A key typed means no press is being made (a release the page never saw ends here too).
for (const end of ["pointerup", "pointercancel", "dragend", "keydown"]) document.addEventListener(end, () => pressed && released(), true);
window.addEventListener("blur", released);
// `draw` now, or once the pointer pressed is released.
const unpressed = (draw) => {
  if (!pressed) return true;
  whenReleased.add(draw);
  return false;
};

// The token arrives in the address's fragment (`#token=…`, never sent over the network; the
// older `?token=…` is read too), stays in this tab's sessionStorage, and goes with each
// request as `Authorization`: no cookie, which a browser would hand to every other service
// of 127.0.0.1.
const TOKEN = "convgen-token";
// Read at start, and again when the access link is opened in a tab already open (only the
// fragment changes): the token is kept and the address cleared — never taken for a
// convention's name. Whether one was given.
const takeToken = () => {
  const given = location.hash.match(/^#token=([0-9a-f]+)$/) ?? location.search.match(/[?&]token=([0-9a-f]+)/);
  if (given) {
    sessionStorage.setItem(TOKEN, given[1]);
    history.replaceState(null, "", location.pathname);
  }
  return given !== null;
};
takeToken();
// Without a token (behind a team's proxy), no `Authorization`: the proxy's sign-on stands.
// The page is French: what the server says in it is asked in French, whatever the browser's
// own language (walk 36: an English Chromium had labels and findings in English around
// French banners).
const authorized = (options = {}) => {
  const headers = { ...(options.headers ?? {}), "Accept-Language": document.documentElement.lang || "fr" };
  if (sessionStorage.getItem(TOKEN) !== null) headers.Authorization = `Bearer ${sessionStorage.getItem(TOKEN) ?? ""}`;
  return { ...options, headers };
};

// A tab opened from another (Ctrl+click, « Ouvrir dans un nouvel onglet ») starts without
// the token: it asks the workspace's tabs open in this browser, over a channel that only
// this origin hears, and asks for the access link only when none answers. The token still
// never lands on disk nor in an address.
const tabs = typeof BroadcastChannel === "function" ? new BroadcastChannel("convgen-token") : null;
tabs?.addEventListener("message", ({ data }) => {
  const token = sessionStorage.getItem(TOKEN);
  if (data === "ask" && token) tabs.postMessage({ token });
});
const askOpenTabs = () => new Promise((resolve) => {
  if (!tabs) return resolve();
  const answered = ({ data }) => {
    if (typeof data?.token !== "string" || !/^[0-9a-f]+$/.test(data.token)) return;
    sessionStorage.setItem(TOKEN, data.token);
    done();
  };
  const done = () => { tabs.removeEventListener("message", answered); clearTimeout(timer); resolve(); };
  const timer = setTimeout(done, 500);
  tabs.addEventListener("message", answered);
  tabs.postMessage("ask");
});

// Text between backquotes (a key, a command, in the server's messages) is shown as code.
// A diff's words (`convgen diff`'s « [-retiré-]{+ajouté+} ») as struck and inserted text.
// A word struck right before one inserted is set apart by a space (« et la sur » reads
// « lasur » otherwise).
const wordsChanged = (text) => String(text).split(/(\[-[\s\S]*?-\]|\{\+[\s\S]*?\+\})/).map((part, i, parts) => {
  if (i % 2 === 0) return part === "" && parts[i - 1]?.startsWith("[-") && parts[i + 1]?.startsWith("{+") ? " " : part;
  // Heard and copied too, not only seen struck or underlined (walk 39: « 2021-47 2021-99 »).
  const struck = part.startsWith("[");
  const node = document.createElement(struck ? "del" : "ins");
  node.append(element("span", struck ? "retiré : " : "ajouté : ", { class: "visually-hidden" }), part.slice(2, -2));
  return node;
});
const element = (tag, text, attributes = {}) => {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    const parts = String(text).split("`");
    if (tag === "textarea" || tag === "option") node.textContent = text;
    else if (parts.length < 3 || parts.length % 2 === 0) node.append(...wordsChanged(text));
    else node.append(...parts.flatMap((part, i) => (i % 2 ? [Object.assign(document.createElement("code"), { textContent: part })] : wordsChanged(part))));
  }
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
};
const buttonBar = (...buttons) => {
  const bar = element("div", undefined, { class: "bar" });
  bar.append(...buttons);
  return bar;
};
const api = async (path, options = {}) => {
  const response = await fetch(path, authorized(options));
  if (response.status === 401) signIn();
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  return { response, body };
};
// Without the token, the page says where to find it.
const signIn = () => {
  const box = element("div", undefined, { id: "signin" });
  box.append(element("h2", "Accès à l’espace de travail"),
    element("p", "Ouvrez l’adresse que « convgen serve » a affichée au démarrage, jeton compris (elle finit par « #token=… ») : l’accès vaut pour cet onglet."));
  main.replaceChildren(box);
};
// A file of the API saved by the browser: fetched with the token, then handed over.
// Whether it was.
// `refused(response, body)`: what the caller does of a refusal, true when it said it.
const download = async (path, status, refused = () => false) => {
  const response = await fetch(path, authorized());
  if (!response.ok) {
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (!refused(response, body)) say(status, refusal(body, "Téléchargement impossible"), false);
    return false;
  }
  const name = response.headers.get("content-disposition")?.match(/filename="([^"]+)"/)?.[1] ?? "document";
  const link = element("a", undefined, { href: URL.createObjectURL(await response.blob()), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return true;
};
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
// Today, as the file writes its dates: a signature date to come is no signature yet.
const today = () => new Date().toISOString().slice(0, 10);
const say = (node, text, ok) => { node.textContent = text; node.className = ok ? "ok" : "ko"; };
// A refusal from the server shown on its own: its message (written to be composed into a
// sentence, « la convention … ») as a sentence, or `fallback` when it gave none.
function refusal(body, fallback) {
  const text = (body?.error ?? fallback).trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?…]$/.test(text) ? "" : ".");
}
// This page's name, sent with each form edit: the server makes one version of a burst of
// edits from one page.
const PAGE = (crypto.randomUUID?.() ?? String(Math.random()).slice(2)).slice(0, 36);
// What the open view would lose if left (unsaved source text, a field not saved): a sentence
// saying so, or null. The browser asks before leaving the page, and so does the workspace
// before showing another view.
let unsaved = () => null;
// What the next view opened says first in its bar (« Avenant … préparé », « … retiré »), once.
let arrival = null;
window.addEventListener("beforeunload", (event) => {
  if (unsaved()) { event.preventDefault(); event.returnValue = ""; }
});
// The page left all the same (the prompt confirmed): a field's text typed and waiting for
// its pause is sent on its way out, a value waiting on its note is kept for the next load
// of the page, so that confirming loses nothing.
let flushOnLeave = null;
window.addEventListener("pagehide", () => flushOnLeave?.());
// What a convention's page kept for its next load (see `keptKey`); nothing when unreadable.
// Kept in localStorage, not the tab's session: a browser closed with a value waiting on its
// note (walk 33) finds it again at the next opening.
const readKept = (key) => { try { return JSON.parse(localStorage.getItem(key) ?? "{}") ?? {}; } catch { return {}; } };
// The format's definition (`/api/format`): the form is built from it, key by key.
let format = null;
const definition = (name) => format.tables[name];

// ---- The list of conventions, a new one, and workbooks in and out.
async function showList() {
  const { response, body } = await api("/api/conventions");
  if (!response.ok) return;
  const table = element("table");
  const head = element("tr");
  for (const title of ["Référence", "Type", "Territoire", "État", "PDF", "Envoi et signature", "Fichier"]) head.append(element("th", title));
  table.append(head);
  for (const c of body) {
    const row = element("tr");
    const reference = element("td");
    // A file among several of one reference is opened by its path, to be mended.
    const which = c.duplicate_of || c.duplicated_by.length ? `?file=${encodeURIComponent(c.file)}` : "";
    reference.append(element("a", c.reference, { href: "#" + encodeURIComponent(c.reference) + which }));
    const state = !c.valid
      ? element("td", `${c.errors} erreur${c.errors > 1 ? "s" : ""}`, { class: "ko" })
      : c.warnings
        ? element("td", `valide, ${c.warnings} avertissement${c.warnings > 1 ? "s" : ""}`, { class: "warn" })
        : element("td", "valide", { class: "ok" });
    if (c.unreadable) state.replaceChildren(`non lu : ${c.unreadable}`);
    if (c.duplicate_of) state.append(element("div", `refusée : « ${c.duplicate_of} » porte déjà cette référence ; donnez à ce fichier la sienne`));
    if (c.duplicated_by.length) state.append(element("div", `référence aussi portée par « ${c.duplicated_by.join(" », « ")} »`));
    row.append(reference, element("td", c.kind === "avenant" ? "Avenant" : c.kind.toUpperCase()),
      element("td", c.territory), state,
      element("td", c.rendered.length ? `à jour (${c.rendered.join(", ")})` : "—"),
      element("td", sending(c), { class: stateClass(c), "data-state-of": c.reference }), element("td", c.file));
    table.append(row);
  }
  if (!body.length) {
    const none = element("tr");
    none.append(element("td", "Aucune convention dans ce dossier : créez-en une ci-dessous.", { colspan: 7 }));
    table.append(none);
  }

  const create = element("form", undefined, { class: "panel", id: "new" });
  const labelled = (text, control) => { const l = element("label", text); l.append(control); return l; };
  const kind = element("select", undefined, { name: "kind" });
  kind.append(element("option", "CTG", { value: "ctg" }), element("option", "CEJ", { value: "cej" }));
  const newStatus = element("span", "", { id: "new-status", role: "alert" });
  create.append(element("strong", "Nouvelle convention, d’après l’exemple commenté (les noms, lieu et tribunal sont « à compléter »)", { class: "wide" }),
    labelled("Type ", kind),
    labelled("Référence ", element("input", undefined, { name: "reference", required: "", placeholder: "CTG-063-2026-COMMUNE", size: 26 })),
    labelled("Territoire ", element("input", undefined, { name: "territory", required: "", placeholder: "Commune de …", size: 34 })),
    element("button", "Créer"), newStatus);
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { response, body } = await api("/api/conventions", json("POST", Object.fromEntries(new FormData(create))));
    if (!response.ok) { say(newStatus, refusal(body, "Création impossible"), false); return; }
    location.hash = "#" + encodeURIComponent(body.reference);
  });

  const books = element("form", undefined, { class: "panel", id: "import" });
  const file = element("input", undefined, { type: "file", name: "book", accept: ".xlsx,.ods", required: "" });
  const force = element("input", undefined, { type: "checkbox", name: "force" });
  const forceLabel = element("label", undefined, { class: "check" }); forceLabel.append(force, " remplacer les fichiers qui existent");
  const exportButton = element("button", "Exporter toutes les conventions (.xlsx)", { type: "button" });
  const leftOut = element("div", undefined, { id: "export-left-out", class: "wide" });
  const report = element("div", undefined, { id: "import-report", class: "wide", role: "status" });
  exportButton.addEventListener("click", async () => {
    if (!await download("/api/export.xlsx", report)) return;
    const plan = await exportPlan(exportButton, leftOut);
    if (plan) report.replaceChildren(element("p", `${plural(plan.conventions, "convention exportée", "conventions exportées")} dans conventions.xlsx.` +
      (plan.left_out.length ? ` Les fichiers nommés ci-dessus n’y sont pas.` : ""), { class: "ok" }));
  });
  books.append(element("strong", "Classeurs", { class: "wide" }),
    labelled("Importer un classeur (.xlsx, .ods) ", file), forceLabel, element("button", "Importer"), exportButton, leftOut, report);
  exportPlan(exportButton, leftOut);
  books.addEventListener("submit", async (event) => {
    event.preventDefault();
    const book = file.files[0];
    report.replaceChildren(element("p", "Import en cours…"));
    const send = async (trial) => {
      const query = new URLSearchParams({ name: book.name, force: force.checked, trial });
      return api(`/api/import?${query}`, { method: "POST", body: book });
    };
    const again = element("button", "Voir la liste à jour", { type: "button", class: "secondary" });
    again.addEventListener("click", showList);
    // Notes on the workbook as a whole (its sheet `annexe` is not read), each said once.
    const bookNotes = (body) => (body.notes ?? []).filter((note) => !body.rows.some((r) => (r.why ?? []).includes(note)))
      .map((note) => element("p", refusal({ error: note }), { class: "warn" }));
    // What was done, the focus on it: the button pressed (« Confirmer l’import ») is gone.
    const done = ({ response, body }) => {
      const said = response.ok ? element("p", importSummary(body.rows), { tabindex: "-1" })
        : element("p", refusal(body, "Import impossible"), { class: "ko", tabindex: "-1" });
      report.replaceChildren(said, ...(response.ok ? [...bookNotes(body), importTable(body.rows, false), again] : []));
      said.focus();
    };
    // Files replaced are said first, with the comments they would lose: the person confirms.
    const trial = await send(true);
    if (!trial.response.ok || !trial.body.rows.some((r) => r.fate === "replaced")) { done(trial.response.ok ? await send(false) : trial); return; }
    const go = element("button", "Confirmer l’import", { type: "button" });
    const cancel = element("button", "Annuler", { type: "button", class: "secondary" });
    go.addEventListener("click", async () => { go.disabled = true; done(await send(false)); });
    cancel.addEventListener("click", () => report.replaceChildren(element("p", "Import annulé : aucun fichier n’a été écrit.")));
    const lost = trial.body.rows.filter((r) => r.fate === "replaced" && r.comments);
    // A signed convention's file changes, not what the parties signed: said before.
    const signed = trial.body.rows.filter((r) => r.signed_on).map((r) => element("p",
      `${r.reference} est signée (le ${longDate(r.signed_on)}) : l’import changera son fichier, pas ce que les parties ont signé ; ses modifications se font par avenant (Versions… puis « Préparer un avenant »).`, { class: "warn" }));
    report.replaceChildren(element("p", `Avant d’importer — ${importSummary(trial.body.rows, true)}`, { class: "warn" }), ...bookNotes(trial.body),
      ...(lost.length ? [element("p", `Les commentaires (« # … ») de ${lost.map((r) => `${r.file} (${plural(r.comments, "ligne", "lignes")})`).join(", ")} seront perdus : le classeur n’en porte pas. La version remplacée de chaque fichier reste dans son historique (Versions…).`, { class: "warn" })] : []),
      ...signed, importTable(trial.body.rows, true), buttonBar(go, cancel));
    go.focus();
  });

  const views = [element("h2", "Conventions"), table, ...listPanels(), create, books];
  if (workspace.mail_off) {
    views.push(element("p", "L’envoi par courriel n’est pas configuré sur ce poste : les messages peuvent être prévisualisés, pas envoyés. Pour l’activer, donnez l’expéditeur et le serveur SMTP (CONVGEN_MAIL_FROM et CONVGEN_SMTP_URL, ou la table [mail] de convgen.toml) puis relancez convgen serve.",
      { class: "warn", title: workspace.mail_off }));
  }
  main.replaceChildren(...views);
}

const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
// What « Exporter toutes les conventions » leaves out, said before the export, by name.
const LEFT_OUT = {
  errors: (f) => `${plural(f.errors, "erreur", "erreurs")} à corriger`,
  duplicate: () => "référence déjà portée par un autre fichier",
  unreadable: () => "fichier illisible",
};
// The avenants are said once, together: why is the same for each.
const leftOutNote = (plan) => {
  if (!plan.left_out.length) return [];
  const avenants = plan.left_out.filter((f) => f.why === "avenant").map((f) => f.reference);
  const said = plan.left_out.filter((f) => f.why !== "avenant").map((f) => `${f.reference} (${LEFT_OUT[f.why](f)})`);
  if (avenants.length > 1) said.push(`avenants, qui ne vont pas dans le classeur (chacun reste un fichier à part) : ${avenants.join(", ")}`);
  if (avenants.length === 1) said.push(`avenant, qui ne va pas dans le classeur (il reste un fichier à part) : ${avenants[0]}`);
  return [element("p", `${plural(plan.left_out.length, "fichier non exporté", "fichiers non exportés")} : ${said.join(" ; ")}.`, { class: "warn" })];
};
async function exportPlan(button, note) {
  const { response, body } = await api("/api/export");
  if (!response.ok) return null;
  button.textContent = body.left_out.length ? `Exporter les ${plural(body.conventions, "convention valide", "conventions valides")} (.xlsx)` : "Exporter toutes les conventions (.xlsx)";
  note.replaceChildren(...leftOutNote(body));
  return body;
}
// An import's rows, each with what became of it (or would, before confirming).
const FATES = {
  created: ["créé", "sera créé", "ok"], replaced: ["remplacé", "sera remplacé", "warn"],
  unchanged: ["inchangé (identique)", "inchangé (identique)", "ok"], kept: ["gardé tel quel (existe déjà)", "sera gardé tel quel (existe déjà)", "warn"],
  differs: ["gardé tel quel — le classeur diffère", "sera gardé tel quel — le classeur diffère", "warn"],
  refused: ["refusé", "refusé", "ko"], "left-out": ["laissé de côté", "sera laissé de côté", "warn"],
};
// The same, said of several rows in the summary (« 7 inchangés »).
const FATES_OF_SEVERAL = {
  created: ["créés", "seront créés"], replaced: ["remplacés", "seront remplacés"],
  unchanged: ["inchangés (identiques)", "inchangés (identiques)"], kept: ["gardés tels quels (existent déjà)", "seront gardés tels quels (existent déjà)"],
  differs: ["gardés tels quels — le classeur diffère", "seront gardés tels quels — le classeur diffère"],
  refused: ["refusés", "refusés"], "left-out": ["laissés de côté", "seront laissés de côté"],
};
// A row kept though the workbook says otherwise is told apart from one kept identical.
const fateOf = (r) => (r.fate === "kept" && r.changes?.length ? "differs" : r.fate);
const importSummary = (rows, trial = false) => {
  const counts = {};
  for (const r of rows) counts[fateOf(r)] = (counts[fateOf(r)] ?? 0) + 1;
  const said = Object.entries(counts).map(([fate, n]) => `${n} ${(n > 1 ? FATES_OF_SEVERAL : FATES)[fate][trial ? 1 : 0]}`);
  return `${plural(rows.length, "ligne", "lignes")} de la feuille « conventions » : ${said.join(", ")}.`;
};
function importTable(rows, trial) {
  const table = element("table", undefined, { class: "import-rows" });
  const head = element("tr");
  for (const title of ["Ligne", "Référence", "Résultat", "Fichier, ou pourquoi"]) head.append(element("th", title, { scope: "col" }));
  table.append(head);
  for (const r of rows) {
    const [done, will, kind] = FATES[fateOf(r)];
    const why = element("td", r.file ?? "");
    for (const reason of r.why) why.append(element("div", reason));
    // What the row changes in the file, as the versions list says it: before → after.
    if (r.changes?.length) {
      const said = r.changes.join(" ; ");
      why.append(element("div", r.fate === "kept"
        ? `Le classeur diffère : ${said} ; choisissez « remplacer » pour l’appliquer.`
        : `${trial ? "Changera" : "A changé"} : ${said.replace(/\.$/, "")}.`, { class: "changes" }));
    }
    // Before confirming, the comments lost are said once, above the table.
    if (r.comments && !trial) why.append(element("div", `${plural(r.comments, "ligne de commentaire", "lignes de commentaire")} en moins dans le fichier (la version remplacée, qui les porte, reste dans l’historique)`, { class: "warn" }));
    const tr = element("tr");
    tr.append(element("td", String(r.row)), element("td", r.reference), element("td", trial ? will : done, { class: kind }), why);
    table.append(tr);
  }
  return table;
}

// ---- A convention.
async function showConvention(reference, file) {
  const base = "/api/conventions/" + encodeURIComponent(reference);
  // The file meant, when several declare the reference: read and saved by its path.
  const one = file ? `${base}?file=${encodeURIComponent(file)}` : base;
  const { response, body } = await api(one);
  if (!response.ok) { main.replaceChildren(element("p", refusal(body, "Convention introuvable"), { class: "ko" })); return; }
  let etag = body.etag;
  let values = body.values;
  // A value still to give (« (numéro à compléter) ») or an amount of 0 is shown as a hint,
  // the field empty, so that what is typed replaces it — never « (numéro à compléter)CA-12 »
  // for a caret put inside it (walk 29). Left empty, nothing is sent: the file keeps it.
  const hinted = (key, value) => stillToGive(value) || (/\.amounts\.\d+$/.test(key) && /^0(,0+)?$/.test(String(value ?? "")));
  const shownOf = (key) => (hinted(key, values[key]) ? "" : String(values[key] ?? ""));
  const fileName = body.file;
  // The period the page saw the amounts written for — at opening, then at each amount saved
  // or recalculated —: a period re-dated since is offered « Recalculer les montants », from it.
  const periodNow = () => ({ start: String(values["period.start"] ?? ""), end: String(values["period.end"] ?? "") });
  // A period re-dated before a reload: the server finds the one the amounts were written for.
  let amountsWrittenFor = body.amounts_written_for ?? periodNow();
  let annexNumbers = body.annex_numbers;
  let years = body.years;
  let totals = body.totals;
  let diagnostics = body.diagnostics;
  const status = element("div", "", { id: "status", role: "status" });
  const source = element("textarea", undefined, { class: "source", spellcheck: "false", "aria-label": "Source TOML" });
  source.value = body.toml;
  // The source as last read or saved: text typed in the editor since is never overwritten.
  let savedToml = body.toml;
  const sourceDirty = () => source.value !== savedToml;
  // Values typed in a field and not saved (refused, or held while the source has changes),
  // by key: kept in their field when the form is drawn again.
  const pending = new Map();
  // Values still waiting on their note when the page was left anyway (a reload confirmed):
  // put back in their field, with their note, to save or abandon — never dropped silently.
  const keptKey = `convgen-unsaved:${one}`;
  // Text typed and not yet saved when the page went (its pause running, its save on its way):
  // saved again once the form is drawn, unless the file has it by then.
  const retyped = new Map();
  for (const [key, kept] of Object.entries(readKept(keptKey))) {
    if (kept.value === shownOf(key)) continue;
    if (kept.typed) retyped.set(key, kept.value);
    // Offered to apply as it was before the reload: never a date the page itself refused.
    else pending.set(key, { ...kept, retry: kept.retry ?? !kept.choices?.length, message: `${kept.message} (saisie gardée au rechargement de la page)` });
  }
  localStorage.removeItem(keptKey);
  // Fields typed in and not yet saved, by key: a pause in typing saves them (the timer), or
  // their save is on its way (null).
  const typedNotSaved = new Map();
  // A field as the person reads it: its item's title and its label (« Partie 2 — Commune de
  // Riom : Nom »), the label alone when it names its item already (an amount and its line).
  const fieldWords = (key) => {
    const node = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
    const label = node?.getAttribute("aria-label") ?? "";
    // The item it belongs to, else its part of the form (« La Caf », « Période »), but for
    // the convention's own keys: « Délibération : Date » alone does not say whose.
    const set = node?.closest("fieldset");
    const part = set && set !== form.querySelector("fieldset") ? set.querySelector(":scope > legend")?.textContent : "";
    const item = node?.closest(".item")?.querySelector("h3 > span")?.textContent ?? part ?? "";
    const named = item.split(" — ").slice(1).join(" — ") || item;
    return item && label && !label.includes(named) ? `${item} : ${label}` : label || item;
  };
  // The bar's word on fields not saved, each named (the first three), a click from its field.
  const sayNotSaved = (keys, why = "") => {
    const named = (key) => {
      const words = fieldWords(key);
      if (!words) return null;
      // A link, not a button: a long name wraps within the sentence.
      const go = element("a", `« ${words} »`, { href: "#", class: "field-link" });
      go.addEventListener("click", (event) => {
        event.preventDefault();
        const node = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
        node?.scrollIntoView({ block: "center" });
        node?.focus();
      });
      return go;
    };
    say(status, "", false);
    if (keys.length === 1) {
      const one = named(keys[0]);
      status.append(one ?? "Un champ", ` n’a pas été enregistré${why} (voir le champ).`);
      return;
    }
    const shown = keys.slice(0, 3).map(named).filter(Boolean);
    const others = keys.length - shown.length;
    status.append(`${keys.length} champs n’ont pas été enregistrés${why}${shown.length ? " : " : ""}`);
    shown.forEach((go, i) => status.append(...(i ? [i === shown.length - 1 && !others ? " et " : ", "] : []), go));
    if (shown.length && others) status.append(` et ${plural(others, "autre", "autres")}`);
    status.append(" (voir les champs).");
  };
  // Fields typed and waiting for their pause: « Non enregistré »; with fields waiting on
  // their note (an amount to read, a conflict), every one named, never the bare words.
  const sayTyping = () => {
    if (!pending.size) { say(status, "Non enregistré", false); return; }
    const typing = [...typedNotSaved.keys()].filter((key) => !pending.has(key));
    sayNotSaved([...pending.keys(), ...typing]);
  };
  unsaved = () => sourceDirty() ? "La source TOML a des modifications non enregistrées."
    : pending.size || typedNotSaved.size ? "Des champs n’ont pas été enregistrés." : null;
  const problems = element("ul", undefined, { id: "problems" });
  const pages = element("div", undefined, { class: "pages", tabindex: "0", role: "region", "aria-label": "Aperçu du projet, page par page" });
  const saveSource = element("button", "Enregistrer la source");
  const discardSource = element("button", "Annuler les modifications de la source", { type: "button", class: "secondary" });
  const sourceNote = element("p", "", { class: "warn", id: "source-note", role: "status" });
  const sourceClash = element("div", undefined, { class: "source-clash", role: "alert", hidden: "" });
  const pdf = element("button", "Télécharger le PDF", { type: "button" });
  const draft = element("button", "Télécharger le projet", { type: "button" });
  const sendButton = element("button", "Envoyer…", { class: "secondary" });
  const versionsButton = element("button", "Versions…", { class: "secondary" });
  // The text tags of a signature platform, in the PDFs downloaded and sent.
  const tags = element("select", undefined, { "aria-label": "Balises de signature" });
  for (const [value, text] of [["", "sans balises de signature"], ["ixparapheur", "balises iXparapheur"], ["yousign", "balises Yousign"]]) {
    tags.append(element("option", text, { value }));
  }
  const tagged = (query) => {
    if (tags.value) query.set("tags", tags.value);
    return `${base}.pdf${query.size ? "?" + query : ""}`;
  };
  // A convention dated as signed whose file changed since: its final PDF would not be the
  // text signed; the server says so, and the page offers that text, or the file as a draft.
  const signedChoice = element("p", undefined, { class: "warn", id: "signed-choice", role: "alert", hidden: "" });
  // Refused for the file's errors (walk 30: « corrigez-les », but which?): named, and the
  // focus taken to the first.
  const refusedForErrors = (response, body) => {
    const errors = diagnostics.filter((d) => d.severity === "error" && d.key && d.place);
    if (response.status !== 422 || !errors.length) return false;
    // Values « à compléter » are no cause for a draft: the others first.
    errors.sort((a, b) => (a.kind === "still-to-complete") - (b.kind === "still-to-complete"));
    const named = errors.slice(0, 3).map((d) => d.place).join(" ; ") + (errors.length > 3 ? " ; …" : ".");
    say(status, `${refusal(body, "Téléchargement impossible")} À corriger : ${named}`, false);
    form.querySelector(`[data-key="${CSS.escape(errors[0].key)}"]`)?.focus();
    return true;
  };
  const downloadPdf = () => download(tagged(new URLSearchParams()), status, (response, body) => {
    if (response.status !== 409) return refusedForErrors(response, body);
    const asSigned = element("button", "Télécharger le texte signé", { type: "button" });
    const asDraft = element("button", "Télécharger le fichier modifié (projet)", { type: "button", class: "secondary" });
    asSigned.addEventListener("click", () => download(tagged(new URLSearchParams({ signed: 1 })), status));
    asDraft.addEventListener("click", () => download(tagged(new URLSearchParams({ draft: 1 })), status));
    signedChoice.replaceChildren(element("span", `Non téléchargé : ${body?.error ?? ""}. `), buttonBar(asSigned, asDraft));
    signedChoice.hidden = false;
    asSigned.focus();
    return true;
  });
  // Walk 35: an avenant that no longer says what its convention's file says (either was
  // changed since its preparation) is asked about before its final PDF: a draft, or final all
  // the same — never final unasked, to be signed while the two disagree.
  // Walk 39: so is one citing a délibération older than the convention it amends (which
  // authorised that convention, not this avenant).
  const ASK_BEFORE_FINAL = ["convention-changed-beyond-avenant", "avenant-edited-since-prepared", "deliberation-before-base"];
  pdf.addEventListener("click", () => {
    signedChoice.hidden = true;
    const disagree = diagnostics.find((d) => ASK_BEFORE_FINAL.includes(d.kind));
    if (!disagree) { downloadPdf(); return; }
    const asDraft = element("button", "Télécharger le projet", { type: "button" });
    const asFinal = element("button", "Télécharger la version définitive quand même", { type: "button", class: "secondary" });
    asDraft.addEventListener("click", () => { signedChoice.hidden = true; download(tagged(new URLSearchParams({ draft: 1 })), status, refusedForErrors); });
    asFinal.addEventListener("click", () => { signedChoice.hidden = true; downloadPdf(); });
    const where = disagree.key !== "base" && disagree.place ? `${disagree.place} : ` : "";
    signedChoice.replaceChildren(element("span", `Avant la version définitive : ${where}${disagree.message}. `), buttonBar(asDraft, asFinal));
    signedChoice.hidden = false;
    asDraft.focus();
  });
  draft.addEventListener("click", () => download(tagged(new URLSearchParams({ draft: 1 })), status, refusedForErrors));
  const bar = element("div", undefined, { class: "bar" });
  const elsewhere = element("p", undefined, { class: "warn elsewhere", role: "status", hidden: "" });
  bar.append(saveSource, pdf, draft, tags, sendButton, versionsButton, status, elsewhere, signedChoice);
  const panel = element("div");
  const form = element("form", undefined, { id: "form", "data-etag": etag });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("keydown", tabToNote);
  const sourceBox = element("details"); sourceBox.append(element("summary", "Source TOML"), sourceNote, sourceClash, source, discardSource);
  // While the source has unsaved text, the form saves nothing: a field's save would replace it.
  const showSourceState = () => {
    const dirty = sourceDirty();
    discardSource.hidden = !dirty;
    sourceNote.textContent = dirty
      ? "Modifications non enregistrées dans la source : enregistrez-les (« Enregistrer la source ») ou annulez-les avant de modifier le formulaire."
      : "";
    if (dirty) sourceBox.open = true;
  };
  discardSource.addEventListener("click", () => {
    if (!confirm("Abandonner les modifications de la source TOML ?")) return;
    source.value = savedToml;
    showSourceState();
    source.dispatchEvent(new Event("input"));
  });
  const signing = conventionSigned(reference, base, values.kind === "avenant");
  // An avenant prepared and never signed is withdrawn (its text kept in the history): the
  // next one then takes its number. Signed, an avenant is amended by another.
  // Shown while the avenant is not dated as signed (see `showWithdraw`).
  const withdrawBox = element("div", undefined, { hidden: "" });
  const showWithdraw = () => { withdrawBox.hidden = values.kind !== "avenant" || Boolean(values["signature.date"]); };
  if (values.kind === "avenant") {
    const withdraw = element("button", "Retirer cet avenant", { type: "button", class: "secondary" });
    const said = element("p", "", { role: "alert" });
    withdraw.addEventListener("click", async () => {
      const number = values.number ?? "";
      // Asked only of an avenant that may be withdrawn (not signed, not followed): the server
      // says first, nothing done.
      const ask = async (dry) => {
        const { response, body: answer } = await api(`${base}/withdraw`, json("POST", { etag, dry }));
        if (!response.ok) say(said, `Non retiré : ${refusal(answer, "refusé")}`, false);
        return response.ok ? answer : null;
      };
      if (!(await ask(true))) return;
      if (!confirm(`Retirer l’avenant n° ${number} (${reference}) ? Il n’est pas signé : son fichier quitte le dossier, son texte reste dans l’historique, et le prochain avenant préparé prendra le n° ${number}.`)) return;
      const answer = await ask(false);
      if (!answer) return;
      arrival = `L’avenant n° ${number} (${reference}) est retiré : son texte reste dans l’historique du dossier ; le prochain avenant préparé prendra le n° ${number}.`;
      unsaved = () => null;
      location.hash = "#" + encodeURIComponent(answer.base);
    });
    withdrawBox.append(element("p", "Un avenant préparé qui ne sera pas signé se retire : le suivant reprend son numéro."), withdraw, said);
    signing.append(withdrawBox);
    showWithdraw();
  }
  const left = element("div"); left.append(bar, panel, form, problems, sourceBox, signing);
  const editor = element("div", undefined, { class: "editor" }); editor.append(left, pages);
  // A convention signed (dated) is amended by avenant: said before anything is changed here.
  const dated = values.kind !== "avenant" && /^\d{4}-\d{2}-\d{2}$/.test(values["signature.date"] ?? "") ? values["signature.date"] : null;
  // Walk 30: a date to come is a signature planned, not one made.
  const signedOn = dated && dated <= today() ? dated : null;
  // Walk 33: dated, but with errors (a draft given a date by mistake?): said as the list says it.
  const inError = diagnostics.some((d) => d.severity === "error");
  const signedNote = signedOn && inError ? [element("p", `Datée comme signée le ${longDate(signedOn)}, mais le fichier a des erreurs : si elle n’est pas encore signée, effacez cette date (« Signature : Date ») ; sinon, corrigez-les.`, { class: "warn signed-note" })]
    : signedOn ? [element("p", `Convention signée le ${longDate(signedOn)} : ce qui est changé ici ne modifie pas ce que les parties ont signé ; ses modifications se font par avenant (« Versions… » puis « Préparer un avenant »).`, { class: "warn signed-note" })]
    : dated ? [element("p", `Signature prévue le ${longDate(dated)} : la convention n’est pas encore signée.`, { class: "planned-note" })] : [];
  main.replaceChildren(element("h2", `${reference} — ${body.file}`), ...signedNote, editor);
  followPresence(base, editor);

  // Saved: the page shows the new state of the file.
  const saved = (body) => {
    etag = body.etag;
    form.dataset.etag = etag;
    elsewhere.hidden = true;
    if (body.toml !== undefined && !sourceDirty()) source.value = body.toml;
    if (body.toml !== undefined) savedToml = body.toml;
    showSourceState();
    // Another field still waiting for a pause in typing is not saved yet.
    if ([...typedNotSaved.values()].some((timer) => timer !== null)) sayTyping();
    // Fields still waiting (an amount to read, a conflict) are named, never « Enregistré ».
    else if (pending.size) sayNotSaved([...pending.keys()]);
    else say(status, "Enregistré", true);
    diagnostics = body.diagnostics;
    if (body.totals) { totals = body.totals; showTotals(); }
    showProblems();
    showWithdraw();
    // A form's save answers with the new version's page hashes.
    showPages(body.pages);
    versionsChanged();
  };
  // The versions listed while the file changes (this page's saves included): read again at
  // once, « De » and « À » kept, unless the person is reading or choosing in the list; then
  // said, with the list to read again, and « la version actuelle » no longer described.
  const versionsChanged = () => {
    const shown = panel.querySelector(".versions-panel");
    if (!shown || shown.dataset.etag === etag || shown.querySelector(".stale")) return;
    // Only what the person chose is kept: a default made when the list had no valid version
    // (« la version actuelle ») gives way to the server's `start` once read again.
    const pick = (name) => { const list = shown.querySelector(`select[name="${name}"]`); return list?.dataset.chosen ? list.value : undefined; };
    const chosen = () => ({ from: pick("from"), to: pick("to") });
    if (!shown.querySelector(".versions-out")?.childElementCount && !shown.contains(document.activeElement)) {
      showVersions(chosen());
      return;
    }
    for (const option of shown.querySelectorAll('option[value="current"]')) option.textContent = "la version actuelle du fichier (liste à actualiser)";
    const again = element("button", "Actualiser la liste", { type: "button", class: "secondary" });
    again.addEventListener("click", () => showVersions(chosen()));
    const note = element("p", "La convention a été modifiée depuis l’ouverture de cette liste. ", { class: "warn stale wide", role: "status" });
    note.append(again);
    shown.prepend(note);
  };
  const refused = (response, body) => {
    if (response.status === 409) say(status, "La convention a été modifiée ailleurs depuis son ouverture : rien n’a été enregistré, et votre texte reste affiché. Gardez-le (copiez-le) avant de recharger la page.", false);
    else say(status, refusal(body, "Modification impossible"), false);
  };
  // A field's or the source's save runs after the one before has finished (its answer
  // drawn): fields left in quick succession are all saved, in order.
  let turn = Promise.resolve();
  const inTurn = (work) => (...args) => {
    const done = turn.then(() => work(...args));
    turn = done.catch(() => {});
    return done;
  };
  // One page's edits go one at a time, each with the etag the previous one answered: a tab
  // never conflicts with itself (saves in flight with the same etag would).
  let saving = Promise.resolve();
  // The name the server groups this page's edits by: a new one closes the version.
  let burst = PAGE;
  const patchInTurn = (change) => {
    const turn = saving.then(async () => {
      const answer = await api(one, json("PATCH", { etag, page: burst, ...change }));
      if (answer.response.ok) { etag = answer.body.etag; form.dataset.etag = etag; }
      return answer;
    });
    saving = turn.catch(() => {});
    return turn;
  };
  const patch = async (change) => {
    if (sourceDirty()) {
      say(status, "La source TOML a des modifications non enregistrées : enregistrez-les ou annulez-les d’abord.", false);
      return null;
    }
    let { response, body } = await patchInTurn(change);
    // An item added at the end of its list is added as well to the newest version, what
    // another tab saved kept (an item taken out is not: the list may have changed).
    if (response.status === 409 && change.op === "append" && await adoptNewest()) ({ response, body } = await patchInTurn(change));
    if (!response.ok) { refused(response, body); return null; }
    saved(body);
    return body;
  };
  // A field's value saved; when refused, the value stays in its field with why, on the field.
  const saveField = inTurn((key, value) => saveFieldOnce(key, value, true));
  // `reapply`: on a conflict over a field the other side did not change, the value is applied
  // once on the newest version, silently.
  const saveFieldOnce = async (key, value, reapply) => {
    const change = { key, value: value === "" ? null : value, was: shownBefore(key) };
    if (sourceDirty()) {
      pending.set(key, { value, message: "Non enregistré : la source TOML a des modifications non enregistrées ; enregistrez-les ou annulez-les, puis réessayez.", retry: true });
      showPending();
      showSourceState();
      return;
    }
    const { response, body } = await patchInTurn(change);
    if (response.ok) {
      pending.delete(key);
      typedFrom.delete(key);
      const node = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
      node?.removeAttribute("aria-invalid");
      node?.removeAttribute("aria-describedby");
      // The period changed the years: each funding line gets one field per year at once —
      // once the date being typed in is left, so that its segment and the next keys stay
      // where the person is (a date field drawn again takes the focus at its first segment).
      const kept = typing();
      const newYears = body.years && String(body.years) !== String(years);
      if (body.values) ({ values, years, annex_numbers: annexNumbers } = body);
      if (/^funding\[\d+\]\.amounts\./.test(key)) amountsWrittenFor = periodNow();
      // A new reference saved: the convention is found by it from now on — the page follows,
      // and says that its file keeps its name.
      if (key === "reference" && values.reference && values.reference !== reference) {
        arrival = `Référence enregistrée : ${values.reference}. Son fichier garde son nom (${fileName}).`;
        location.hash = encodeURIComponent(values.reference);
        return;
      }
      const inDate = document.activeElement?.type === "date" && form.contains(document.activeElement);
      if (newYears && inDate) redrawWhenLeft(document.activeElement);
      else if (newYears) { showForm(); kept(); }
      saved(body);
      showNames();
      // Walk 32: a signatory renamed keeps the address given for the one before: asked.
      const person = key.match(/^(.*signatories\[\d+\])\.name$/)?.[1];
      // Walk 35: and the quality of the one before (« Président » for « Sophie Borderie »).
      const [address, role] = person ? [values[`${person}.email`], values[`${person}.role`]] : [];
      const keptFrom = [address && `l’adresse électronique « ${address} »`, role && `la qualité « ${role} »`].filter(Boolean);
      if (keptFrom.length && change.was && change.was !== value) {
        // Walk 36: the quality in the feminine offered as it would read (« Présidente du
        // Conseil départemental »); the person's gender is not guessed from a name.
        const other = role && feminine(role) !== role ? ` ; au féminin : « ${feminine(role)} »` : "";
        const theirs = keptFrom.length > 1 ? `sont-elles bien les siennes (la qualité accordée s’il le faut${other}) ?` : role ? `est-elle bien la sienne (accordée s’il le faut${other}) ?` : "est-ce bien la sienne ?";
        say(status, `Enregistré. « ${value} » garde ${keptFrom.join(" et ")} de « ${change.was} » : ${theirs}`, true);
        // Walk 37: and written in one click, rather than retyped.
        if (other) {
          const agree = element("button", `Écrire « ${feminine(role)} »`, { type: "button", class: "secondary" });
          agree.addEventListener("click", () => {
            agree.remove();
            const field = form.querySelector(`[data-key="${CSS.escape(`${person}.role`)}"]`);
            if (field) field.value = feminine(role);
            send(`${person}.role`, feminine(role));
          });
          status.append(" ", agree);
        }
      }
      if (newYears) return;
      // A value given: the field no longer asks for it.
      if (node && !stillToGive(values[key])) { node.classList.remove("todo"); node.removeAttribute("title"); }
      showPending();
      // The value as the file now says it (« 1234,5 » saved shows « 1 234,50 »); a field
      // still being typed in is left alone until left, its caret where it is.
      const canonical = () => { if (node.value === value && values[key] !== undefined) node.value = shownOf(key); };
      if (node && document.activeElement === node) node.addEventListener("blur", canonical, { once: true });
      else if (node) canonical();
      return;
    }
    const conflict = response.status === 409;
    // The newest version becomes this tab's: the note says what it holds for the field, and
    // the next edits are made on it.
    if (conflict) {
      const started = shownBefore(key) ?? String(values[key] ?? "");
      pending.set(key, { value, message: "" });
      const read = await adoptNewest();
      // The newest version holds the value typed already (sent as the page was last left).
      if (read && String(values[key] ?? "") === value) {
        pending.delete(key);
        showPending();
        say(status, "Enregistré", true);
        return;
      }
      // The other side changed other fields only: this one is applied on their version.
      if (read && reapply && String(values[key] ?? "") === started) {
        pending.delete(key);
        return saveFieldOnce(key, value, false);
      }
    }
    const elsewhere = values[key] === undefined || values[key] === "" ? "(vide)" : `« ${values[key]} »`;
    const message = conflict
      ? `Non enregistré : la convention a été modifiée ailleurs (un autre onglet ou une autre personne) ; enregistré ailleurs : ${elsewhere}. Votre saisie est gardée ici.`
      : `Non enregistré — ${body?.error ?? "modification impossible"}`;
    pending.set(key, { value, message, retry: conflict, choices: body?.choices });
    // Every field waiting is named, this one first (two ambiguous amounts in a row).
    sayNotSaved([key, ...[...pending.keys()].filter((k) => k !== key)], conflict ? " : la convention a changé ailleurs" : "");
    showPending();
  };
  // What the bar says of this tab's saves once another tab or person saved since.
  const behindSaid = "Vos saisies ici sont enregistrées ; la convention a changé depuis, ailleurs.";
  // The newest version read and shown, the field being typed in kept as it is.
  // `changed`: only if it is not this tab's version (the preview then drawn again too).
  const adoptNewest = async (changed = false) => {
    const fresh = await api(one);
    if (!fresh.response.ok) { say(status, refusal(fresh.body, "Lecture impossible"), false); return false; }
    if (changed && fresh.body.etag === etag) return true;
    // Another version: the preview shows it too (a field then abandoned shows what is saved).
    const another = fresh.body.etag !== etag;
    etag = fresh.body.etag;
    form.dataset.etag = etag;
    elsewhere.hidden = true;
    if (status.textContent === behindSaid) status.textContent = "";
    if (!sourceDirty()) source.value = fresh.body.toml;
    savedToml = fresh.body.toml;
    const kept = typing();
    // What this tab sent was for its version: the newest one's values say what is saved.
    sent.clear();
    ({ values, years, annex_numbers: annexNumbers, totals, diagnostics } = fresh.body);
    showForm();
    showProblems();
    kept();
    if (changed || another) showPages();
    versionsChanged();
    return true;
  };
  // Back to this tab with nothing typed and not saved: it shows what other tabs saved meanwhile.
  // A window beside another regains focus without becoming visible: focus counts too.
  const backHere = inTurn(async () => {
    if (document.visibilityState === "visible" && form.isConnected && !unsaved()) await adoptNewest(true);
  });
  document.addEventListener("visibilitychange", backHere);
  window.addEventListener("focus", backHere);
  // A page left open while another tab or person saves says so within seconds, in its bar,
  // with the newest version one click away: never redrawn under the reader's eyes or cursor.
  const showNewest = element("button", "Afficher la version la plus récente", { type: "button", class: "secondary" });
  showNewest.addEventListener("click", () => adoptNewest(true));
  elsewhere.append("Modifiée ailleurs (un autre onglet ou une autre personne) : ce que vous voyez n’est plus la version enregistrée. ", showNewest);
  const watch = setInterval(async () => {
    if (!form.isConnected) { clearInterval(watch); return; }
    if (document.visibilityState !== "visible" || !elsewhere.hidden) return;
    const fresh = await api(one);
    if (!(fresh.response.ok && form.isConnected && fresh.body.etag !== etag)) return;
    elsewhere.hidden = false;
    // Walk 28: not a green « Enregistré » beside it — saved here, and changed since.
    if (status.textContent === "Enregistré") Object.assign(status, { textContent: behindSaid, className: "" });
  }, 5000);
  // The field being typed in, its text if it differs from the file's, to put back (and
  // focus) once the form is drawn again.
  function typing() {
    const node = document.activeElement?.matches?.("#form [data-key]") ? document.activeElement : null;
    if (!node) return () => {};
    const typed = node.value !== shownOf(node.dataset.key) ? node.value : null;
    return () => {
      const again = form.querySelector(`[data-key="${CSS.escape(node.dataset.key)}"]`);
      if (again && typed !== null) again.value = typed;
      again?.focus();
    };
  }
  // The form drawn again once `field` is left, the focus then on the control it went to —
  // a button pressed (« Recalculer les montants… ») drawn again only once released, so
  // that its click is not lost with it.
  const redrawWhenLeft = (field) => !field.dataset.redraw && (field.dataset.redraw = "1") && field.addEventListener("focusout", (event) => {
    const again = findAgain(event.relatedTarget);
    const redraw = () => {
      showForm();
      showProblems();
      again()?.focus();
    };
    setTimeout(() => { if (unpressed(redraw)) redraw(); });
  }, { once: true });
  // How to find `node` in the form drawn again: a field by its key, a button by its text in
  // the nearest part of the form that has an id.
  function findAgain(node) {
    if (!node || !form.contains(node)) return () => null;
    const key = node.dataset?.key;
    if (key) return () => form.querySelector(`:is(input, select, textarea, button)[data-key="${CSS.escape(key)}"]`);
    const place = node.closest("[id]");
    const text = node.textContent;
    return () => [...(document.getElementById(place?.id)?.querySelectorAll("button") ?? [])].find((b) => b.textContent === text) ?? null;
  }
  // The newest version read, then the field's value applied on it.
  const applyOnNewest = async (key) => {
    // The value kept in the note, taken now: clicked twice, the second click sends it again
    // rather than an empty value once the first has saved it (a key removed).
    const { value } = pending.get(key) ?? {};
    if (value === undefined || !await adoptNewest()) return;
    // Applied knowingly over what the newest version holds.
    typedFrom.delete(key);
    await saveField(key, value);
    showForm();
    showProblems();
    form.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
  };
  // Each field not saved: its typed value, why, and what to do.
  function showPending() {
    if (!unpressed(showPending)) return;
    // A note's button focused: the focus goes to the same button drawn again, else to the
    // note's field — never to the page's top.
    const focusedNote = document.activeElement?.closest?.(".field-pending");
    const focusedButton = focusedNote && [focusedNote.dataset.noteOf, document.activeElement.textContent];
    for (const old of form.querySelectorAll(".field-pending")) old.remove();
    // The values themselves are put back by `control` when the form is drawn again: a field
    // being typed in is never overwritten here.
    for (const [key, { message, retry, choices }] of pending) {
      const node = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
      if (!node) continue;
      const note = element("div", undefined, { class: "field-pending", id: `pending-${id(key)}`, role: "alert", "data-note-of": key });
      note.append(element("span", message + " "));
      if (retry) {
        const apply = element("button", "Appliquer sur la version la plus récente", { type: "button", class: "secondary" });
        apply.addEventListener("click", () => applyOnNewest(key));
        note.append(apply);
      }
      // An ambiguous amount: each reading, to choose.
      for (const choice of choices ?? []) {
        const pick = element("button", choice, { type: "button", class: "secondary" });
        pick.addEventListener("click", async () => {
          node.value = choice;
          await saveField(key, choice);
          // Shown as the file now says it, as any amount saved (« 12 000,00 », no « € »).
          const again = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
          if (again && !pending.has(key) && values[key] !== undefined) again.value = shownOf(key);
          again?.focus();
        });
        note.append(pick);
      }
      // A date the browser holds half cleared reads as a wrong one: emptied on purpose here
      // (a signature date given by mistake), never by guessing what was meant.
      if (node.type === "date" && values[key]) {
        const clear = element("button", "Effacer la date", { type: "button", class: "secondary" });
        clear.addEventListener("click", async () => {
          pending.delete(key);
          node.value = "";
          await saveField(key, "");
          form.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
        });
        note.append(clear);
      }
      const drop = element("button", "Abandonner ma saisie", { type: "button", class: "remove" });
      drop.addEventListener("click", () => {
        pending.delete(key);
        sent.delete(key);
        typedFrom.delete(key);
        node.value = shownOf(key);
        showProblems();
        // The bar said a field was not saved: it says what is true now.
        if (!unsaved()) say(status, "Saisie abandonnée : le champ garde la valeur enregistrée.", true);
        // The note is gone: the focus goes back to its field, not to the page's top.
        form.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
      });
      note.append(drop);
      // A year's amount keeps its place in the grid of years: its note goes below the grid,
      // naming the year, tied to the field by aria-describedby (and next to it for Tab, see
      // `tabToNote`).
      const years = node.closest(".amounts");
      if (years) {
        note.prepend(element("strong", `${key.slice(key.lastIndexOf(".") + 1)} : `));
        note.dataset.for = key;
        let at = years;
        while (at.nextElementSibling?.classList.contains("field-pending")) at = at.nextElementSibling;
        at.after(note);
      } else if (node.parentElement.classList.contains("field")) node.parentElement.append(note);
      else node.after(note);
      node.setAttribute("aria-invalid", "true");
      describe(node, note.id);
    }
    if (focusedButton && !form.contains(document.activeElement)) {
      const [key, text] = focusedButton;
      const again = [...form.querySelectorAll(".field-pending")].find((n) => n.dataset.noteOf === key);
      ([...(again?.querySelectorAll("button") ?? [])].find((b) => b.textContent === text)
        ?? form.querySelector(`:is(input, select, textarea)[data-key="${CSS.escape(key)}"]`))?.focus();
    }
    showTotals();
  }
  // A period re-dated (a renewal's draft moved from 1 July 2023 to 2027) leaves amounts
  // outside it, or a year it now covers in part with a whole year's amount: the server can
  // recalculate them all for the new period (see `proposeMove`).
  // Each funding line's amounts by year, as numbers, from `all` the form's values
  // (« 22 060,30 »); and the first year the period covers only in part whose amount is that
  // of a whole year the period covers.
  // An amount as the form shows it (« 22 060,30 »), as a number; none is 0.
  function amountOf(text) { return Number(String(text ?? "0").replace(/[\s\u00a0\u202f]/g, "").replace(",", ".")); }
  function amountsByLine(all) {
    const lines = new Map();
    for (const [key, value] of Object.entries(all)) {
      const [, line, year] = key.match(/^funding\[(\d+)\]\.amounts\.(\d{4})$/) ?? [];
      if (!line) continue;
      if (!lines.has(line)) lines.set(line, new Map());
      lines.get(line).set(Number(year), amountOf(value));
    }
    const [from, to] = ["period.start", "period.end"].map((k) => String(values[k] ?? ""));
    const first = Number(from.slice(0, 4)), last = Number(to.slice(0, 4));
    // The years covered whole, and those in part (begun after January, ended before December).
    const isWhole = (y) => (y > first || from.slice(5, 7) === "01") && (y < last || to.slice(5, 7) === "12");
    const wholeInPart = [first, last].filter((y) => !isWhole(y)).find((y) => [...lines.values()].some((amounts) => amounts.get(y) > 0
      && [...amounts].some(([other, a]) => other >= first && other <= last && isWhole(other) && a === amounts.get(y))));
    return { lines, from, to, first, last, wholeInPart };
  }
  // The period the amounts were last recalculated for: not offered again for what the
  // recalculation left (a year in part keeping a whole year's amount, said before).
  let movedFor = null;
  // The period a recalculation found nothing to change for: not offered again for it.
  let unchangedFor = null;
  function offerToMoveAmounts() {
    const start = form.querySelector('[data-key="period.start"]');
    const shown = form.querySelector("#move-amounts");
    const { lines, from, to, first, last, wholeInPart: inPartWhole } = amountsByLine(values);
    const outside = diagnostics.filter((d) => d.kind === "year-outside-the-period").length;
    const wholeInPart = movedFor === `${from}/${to}` ? undefined : inPartWhole;
    const given = [...lines.values()].flatMap((amounts) => [...amounts].filter(([, a]) => a > 0).map(([y]) => y));
    // Re-dated (a renewal's period, or one moved whole), the amounts follow by as many years;
    // cut short or lengthened, each stays on its year.
    const [givenFirst, givenLast] = [Math.min(...given), Math.max(...given)];
    const overlaps = givenFirst <= last && givenLast >= first;
    // The period they were written for moved whole: by as many years, whatever years are
    // still to give (walk 32: a new CTG's amounts for four years of five were not moved).
    const [wasFirst, wasLast] = [amountsWrittenFor.start, amountsWrittenFor.end].map((d) => Number(String(d ?? "").slice(0, 4)));
    const movedWhole = wasFirst && wasLast && wasFirst !== first && wasLast - wasFirst === last - first;
    const by = movedWhole ? first - wasFirst : overlaps && givenLast - givenFirst !== last - first ? 0 : first - givenFirst;
    const redated = amountsWrittenFor.start && amountsWrittenFor.end && (amountsWrittenFor.start !== from || amountsWrittenFor.end !== to)
      && unchangedFor !== `${from}/${to}`;
    if (!start || !first || !last || !given.length || !(outside || wholeInPart || redated)) {
      shown?.remove();
      form.querySelector("#move-preview")?.remove();
      return;
    }
    const why = outside ? `${plural(outside, "montant est", "montants sont")} hors de la période`
      : wholeInPart ? `${wholeInPart}, que la période ne couvre qu’en partie, porte le montant d’une année entière`
      : `La période a changé depuis que les montants ont été saisis (pour la période du ${longDate(amountsWrittenFor.start)} au ${longDate(amountsWrittenFor.end)})`;
    // An offer shown is said again in place: its button keeps the focus, or the press it
    // has, as the period changes (a click made as a date is left is not lost).
    const offer = shown ?? element("div", undefined, { class: "field-offer", id: "move-amounts" });
    if (!shown) {
      const move = element("button", "", { type: "button", class: "secondary" });
      move.addEventListener("click", () => proposeMove());
      offer.append(element("span"), move);
      start.parentElement.append(offer);
    }
    // A proposal made for another period is no longer what « Appliquer » would do.
    const said = `${by}/${first}/${last}/${why}`;
    if (offer.dataset.said && offer.dataset.said !== said) form.querySelector("#move-preview")?.remove();
    offer.dataset.said = said;
    offer.dataset.by = by;
    offer.querySelector("span").textContent = `${why} : les montants peuvent être recalculés pour les années de la nouvelle période ; chaque changement est montré avant d’être appliqué. `;
    offer.querySelector("button").textContent = `Recalculer les montants sur la nouvelle période (${first} → ${last})`;
  }
  // What the recalculation would do, asked of the server without saving, said line by line —
  // an amount left with no year of the new period to go to named first — then applied on a
  // click only: no amount disappears unseen.
  // Asked in turn, after the saves on their way (a date left by this very click): the
  // proposal is that of the period saved, as the offer then says it.
  const proposeMove = inTurn(async () => {
    let offer = form.querySelector("#move-amounts");
    if (!offer) return;
    const by = Number(offer.dataset.by);
    const move = { key: "funding", op: "move", value: { by, written_for: amountsWrittenFor } };
    const { response, body } = await api(one, json("PATCH", { etag, ...move, preview: true }));
    if (!response.ok) { say(status, refusal(body, "Recalcul impossible"), false); return; }
    const amount = amountOf;
    const euros = (text) => `${text} €`;
    // Each line's new amounts, as the server computed them: for each year, the months of it
    // the period covers and where its amount comes from — a former year's amount for its
    // months (moved, or made that of more or fewer months), or a share of a yearly amount.
    const changes = [], dropped = [];
    const forMonths = (months) => `pour ${months} mois`;
    for (const { line: n, years, dropped: gone, before, after, anchored } of body.moved?.lines ?? []) {
      const line = values[`funding[${n}].label`] || `Ligne ${n}`;
      const said = [], spoken = new Set();
      // A line funded some years only (a diagnostic, an investment, a line ended before the
      // period) has years with no amount by nature: none of them is « à saisir ». One begun
      // later but funded to the end goes on (walk 36: HOUVE's LAEP bonus, « — / 4 500 /
      // 5 200 / 5 200 », was left out of the proposal without a word).
      const wasLast = Number(amountsWrittenFor.end.slice(0, 4));
      const oneOff = anchored || !amount(values[`funding[${n}].amounts.${wasLast}`]);
      const yearly = years.find((y) => y.yearly)?.yearly;
      for (const { year, amount: will, months, from } of years) {
        const was = values[`funding[${n}].amounts.${year}`];
        const saying = said.length;
        const inPart = months < 12 ? ` (${months} mois sur 12)` : "";
        // No amount for it (none to move, or a year left at 0): said to fill in.
        if (!amount(will)) { if (!oneOff) said.push(`${year}${inPart} : à saisir`); }
        else if (!from) {
          if (amount(was) !== amount(will)) said.push(`${year}${inPart} : ${amount(was) ? `${euros(was)} → ` : ""}${euros(will)}`);
        } else if (from.year === year) {
          if (amount(from.amount) !== amount(will)) said.push(`${year} : ${euros(from.amount)} ${forMonths(from.months)} → ${euros(will)} ${forMonths(months)}`);
        } else if (amount(from.amount) === amount(will)) {
          said.push(`${from.year} → ${year}${inPart} : ${euros(will)}`);
        } else {
          said.push(`${from.year} → ${year} : ${euros(from.amount)} ${forMonths(from.months)} → ${euros(will)} ${forMonths(months)}`);
        }
        if (said.length > saying) spoken.add(year);
      }
      // A year of the new period no former year corresponds to: left to fill in, said so.
      const received = new Set(years.map((y) => String(y.year)));
      for (const [key] of Object.entries(body.values).filter(([k, v]) => k.startsWith(`funding[${n}].amounts.`) && !amount(v))) {
        const year = key.slice(key.lastIndexOf(".") + 1);
        if (!received.has(year) && !oneOff) said.push(`${year} : à saisir, aucune année de l’ancienne période ne lui correspond`);
      }
      // Walk 30: a one-off (a diagnostic, an investment) stays on its years, said so —
      // never « Diagnostic partagé 2022 » moved to 2023.
      const kept = anchored ? years.filter((y) => amount(y.amount)).map((y) => `${y.year} (${euros(y.amount)})`) : [];
      if (kept.length) said.push(`ponctuel, gardé sur ${kept.length > 1 ? "ses années" : "son année"} : ${kept.join(", ")}`);
      for (const g of gone) {
        said.push(`${g.year} : ${euros(g.amount)} retiré`);
        dropped.push(`${euros(g.amount)} (${g.year}, ${line})`);
      }
      if (!said.length) continue;
      if (yearly) said.unshift(`montant annuel de ${euros(yearly)} réparti selon les mois couverts`);
      if (amount(before) !== amount(after)) said.push(`total ${euros(before)} → ${euros(after)}`);
      changes.push([line, said, spoken]);
    }
    form.querySelector("#move-preview")?.remove();
    // The form may have been drawn again meanwhile: the offer shown now.
    offer = form.querySelector("#move-amounts") ?? offer;
    const box = element("div", undefined, { class: "field-offer", id: "move-preview", role: "group", "aria-label": "Montants recalculés" });
    // What the recalculation leaves to the person, said now rather than offered after: each
    // year the new period covers only in part, with the months covered, to check its amounts
    // — unless every line said already what it gives that year, and for how many months.
    const { from: newFrom, to: newTo, first: newFirst, last: newLast, wholeInPart: left } = amountsByLine(body.values);
    const months = (year) => (year === newLast ? Number(newTo.slice(5, 7)) : 12) - (year === newFirst ? Number(newFrom.slice(5, 7)) - 1 : 0);
    const told = (year) => changes.length && changes.every(([, , spoken]) => spoken.has(year));
    const inPart = [...new Set([newFirst, newLast])].filter((year) => months(year) < 12 && (year === left || !told(year)));
    const leftNote = [
      ...inPart.map((year) => element("p", `${year} : ${plural(months(year), "mois couvert", "mois couverts")} sur 12${year === left ? ", qui gardera le montant d’une année entière : corrigez-le ensuite s’il le faut" : " : vérifiez que ses montants sont ceux de ces mois"}.`, { class: "warn" })),
      ...(left && !inPart.includes(left) ? [element("p", `${left}, que la période ne couvre qu’en partie, gardera le montant d’une année entière : corrigez-le ensuite s’il le faut.`, { class: "warn" })] : []),
    ];
    if (!changes.length) {
      // Nothing to recalculate: not offered again for this period, but the amounts are still
      // those written for the former one (walk 34: re-dated in two steps, the end then the
      // start, the second recalculation was made from the intermediate period).
      unchangedFor = `${newFrom}/${newTo}`;
      box.append(element("p", "Le recalcul ne change aucun montant."), ...leftNote);
      offer.after(box);
      return;
    }
    if (dropped.length) box.append(element("p", `${dropped.length > 1 ? "Ces montants seront retirés, aucune année de la nouvelle période ne les reçoit" : "Ce montant sera retiré, aucune année de la nouvelle période ne le reçoit"} : ${dropped.join(" ; ")}. Reportez-le${dropped.length > 1 ? "s" : ""} vous-même sur une année de la période s’il le faut.`, { class: "warn" }));
    const list = element("ul");
    for (const [line, said] of changes) {
      const entry = element("li", `${line} — `);
      entry.append(said.join(" ; "));
      list.append(entry);
    }
    const apply = element("button", dropped.length ? "Appliquer et retirer" : "Appliquer ces montants", { type: "button" });
    const cancel = element("button", "Annuler", { type: "button", class: "secondary" });
    apply.addEventListener("click", async () => {
      apply.disabled = true;
      movedFor = ["period.start", "period.end"].map((k) => String(values[k] ?? "")).join("/");
      await restructure(move);
      // The amounts are now written for this period: the offer goes.
      amountsWrittenFor = periodNow();
      offerToMoveAmounts();
      form.querySelector('[data-key="period.start"]')?.focus();
    });
    cancel.addEventListener("click", () => { box.remove(); offer.querySelector("button")?.focus(); });
    const former = body.moved?.former;
    const written = former ? ` (ils avaient été écrits pour la période du ${longDate(former.start)} au ${longDate(former.end)})` : "";
    box.append(element("p", `Recalculés pour la nouvelle période${written} :`), list, ...leftNote, buttonBar(apply, cancel));
    offer.after(box);
    // Amounts would be removed: the key pressed next keeps them.
    (dropped.length ? cancel : apply).focus();
  });
  // A year's note sits below the grid of years, yet speaks of one year: Tab goes from that
  // year's field to the note's buttons (« 12 000,00 », « 12,00 »…), then on to the next year;
  // Shift+Tab the way back.
  function tabToNote(event) {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    const at = event.target;
    const note = at.closest(".field-pending[data-for]");
    const noteOf = (node) => node?.dataset.key ? form.querySelector(`.field-pending[data-for="${CSS.escape(node.dataset.key)}"]`) : null;
    const buttons = (n) => [...(n?.querySelectorAll("button") ?? [])];
    // The form's controls in Tab order, the years' notes left out.
    const controls = [...form.querySelectorAll("input, select, textarea, button")]
      .filter((c) => !c.disabled && !c.closest(".field-pending[data-for]") && c.getClientRects().length);
    const field = note ? form.querySelector(`[data-key="${CSS.escape(note.dataset.for)}"]`) : at;
    const back = event.shiftKey;
    let to;
    if (!note) to = back ? buttons(noteOf(controls[controls.indexOf(at) - 1])).at(-1) : buttons(noteOf(at))[0];
    else if (back && at === buttons(note)[0]) to = field;
    else if (!back && at === buttons(note).at(-1)) to = controls[controls.indexOf(field) + 1];
    // Passing the grid's end either way: the notes, visited from their years, are skipped.
    if (!to && !note) {
      const all = [...form.querySelectorAll("input, select, textarea, button")].filter((c) => !c.disabled && c.getClientRects().length);
      const natural = all[all.indexOf(at) + (back ? -1 : 1)];
      if (natural?.closest(".field-pending[data-for]")) to = controls[controls.indexOf(at) + (back ? -1 : 1)];
    }
    if (to) { event.preventDefault(); to.focus(); }
  }
  // Ties a control to a message that describes it.
  const describe = (node, noteId) => {
    const ids = new Set((node.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean));
    ids.add(noteId);
    node.setAttribute("aria-describedby", [...ids].join(" "));
  };
  // A list grows or shrinks: the form is drawn again from the file.
  const restructure = async (change) => {
    const body = await patch(change);
    if (!body) return;
    // Items moved up or down a list: what was sent for a key was another item's.
    sent.clear();
    typedFrom.clear();
    ({ values, years, annex_numbers: annexNumbers } = body);
    showForm();
    showProblems();
    if (body.added) {
      const added = CSS.escape(body.added);
      const fields = `:is(input, select, textarea)[data-key="${added}"], :is(input, select, textarea)[data-key^="${added}."]`;
      (form.querySelector(fields) ?? form.querySelector(`[data-key="${added}"] :is(input, select, textarea)`))?.focus();
    }
    // An item removed: the focus goes to the one now in its place, else the one before,
    // else the list's « Ajouter » button — never lost to the top of the page.
    const removed = change.op === "remove" && change.key.match(/^(.*)\[(\d+)\]$/);
    if (removed) {
      const [, list, n] = removed;
      const item = (k) => form.querySelector(`.item[data-key="${CSS.escape(k)}"]`);
      const near = item(change.key) ?? item(`${list}[${n - 1}]`);
      (near?.querySelector("input, select, textarea, button") ?? form.querySelector(`button[data-key="${CSS.escape(list)}"]`))?.focus();
    }
  };

  // ---- The form, built from the format's definition and filled from the file's values.
  const id = (key) => "f-" + key.replace(/[^A-Za-z0-9]/g, "-");
  // The value last sent for each key: leaving a field saved at a pause sends nothing again.
  const sent = new Map();
  // The value each field showed when the person began typing in it, sent with its save:
  // changed in the file meanwhile (another tab, even one whose version this page has read
  // since), the save is a conflict on the field, never a silent overwrite.
  const typedFrom = new Map();
  const shownBefore = (key) => {
    const shown = typedFrom.has(key) ? typedFrom.get(key) : values[key];
    return shown === undefined || shown === null ? "" : typeof shown === "object" ? undefined : String(shown);
  };
  const send = async (key, value) => {
    clearTimeout(typedNotSaved.get(key));
    // Sent already (saved at a pause, then the field left): not sent again — unless the file
    // changed elsewhere since, where it may say otherwise: then it goes, saved or met as a
    // conflict on the field.
    if (sent.get(key) === value && elsewhere.hidden) {
      if (typedNotSaved.get(key) === null) return;
      typedNotSaved.delete(key);
      if (!unsaved()) say(status, "Enregistré", true); else sayTyping();
      return;
    }
    typedNotSaved.set(key, null);
    sent.set(key, value);
    try { await saveField(key, value); } finally { if (typedNotSaved.get(key) === null) typedNotSaved.delete(key); }
  };
  // Typing: saved after a pause (`ready()` says whether the text can be saved as it is), and
  // said unsaved until then; leaving the page meanwhile is asked about.
  const PAUSE = 700;
  // The field last typed in, while its pause runs: sent as the page goes (one edit per etag).
  let waiting = null;
  flushOnLeave = () => {
    // A wrong date reads "" (the browser keeps what was typed to itself): not kept, the
    // field then shows the date saved rather than an empty one the file does not say.
    const wrongDate = ([key, { value }]) => value === "" && form.querySelector(`[data-key="${CSS.escape(key)}"]`)?.type === "date";
    const kept = Object.fromEntries([...pending].filter((entry) => !wrongDate(entry)).map(([key, { value, message, choices, retry }]) => [key, { value, message, choices, retry }]));
    // Every field typed and not saved is kept too: the edit sent below may be refused (a
    // save on its way changes the etag), and a save on its way may never arrive.
    for (const [key, timer] of typedNotSaved) {
      const value = timer === null ? sent.get(key) : form.querySelector(`[data-key="${CSS.escape(key)}"]`)?.value;
      if (!kept[key] && value !== undefined) kept[key] = { value, typed: true };
    }
    if (Object.keys(kept).length) localStorage.setItem(keptKey, JSON.stringify(kept));
    if (!waiting || typeof typedNotSaved.get(waiting.key) !== "number" || !waiting.ready()) return;
    const edit = { etag, page: burst, key: waiting.key, value: waiting.node.value, was: shownBefore(waiting.key) };
    fetch(one, authorized({ ...json("PATCH", edit), keepalive: true }));
  };
  const typedIn = (key, node, ready = () => true) => {
    clearTimeout(typedNotSaved.get(key));
    if (!typedFrom.has(key)) typedFrom.set(key, values[key]);
    waiting = { key, node, ready };
    // Back to the value saved: nothing to save — unless the file changed elsewhere since
    // (see `send`).
    const saved = node.value === sent.get(key) || (!sent.has(key) && node.value === shownOf(key));
    if (saved && elsewhere.hidden) {
      typedNotSaved.delete(key);
      if (!unsaved()) say(status, "Enregistré", true);
      return;
    }
    typedNotSaved.set(key, setTimeout(() => {
      typedNotSaved.delete(key);
      if (ready()) send(key, node.value);
    }, PAUSE));
    sayTyping();
  };
  const row = (parent, label, control, help) => {
    const line = element("div", undefined, { class: "field" });
    const name = element("label", label, { for: control.id });
    if (help) name.title = help;
    line.append(name, control);
    parent.append(line);
    return control;
  };
  // One key's control, as its shape says; the server reads what is typed.
  const control = (key, spec, label) => {
    const value = values[key];
    let node;
    if (spec.shape === "choice") {
      node = element("select", undefined, { id: id(key), "data-key": key, "aria-label": label });
      node.append(element("option", spec.required ? "— à choisir —" : "—", { value: "" }));
      for (const choice of spec.choices) node.append(element("option", choice.label || choice.value, { value: choice.value }));
      node.value = value ?? "";
    } else if (spec.shape === "text") {
      node = element("textarea", undefined, { id: id(key), "data-key": key, "aria-label": label, rows: 3 });
      node.value = shownOf(key);
    } else {
      const type = { date: "date", email: "email", count: "number" }[spec.shape] ?? "text";
      node = element("input", undefined, { id: id(key), type, "data-key": key, "aria-label": label });
      if (spec.shape === "amount") node.inputMode = "decimal";
      if (spec.bounds) { node.min = spec.bounds[0]; node.max = spec.bounds[1]; }
      node.value = shownOf(key);
    }
    if (hinted(key, value) && spec.shape !== "choice") node.placeholder = String(value);
    if (pending.has(key)) node.value = pending.get(key).value;
    // Drawn again while its value is on its way: that value, not the file's before it.
    else if (typedNotSaved.get(key) === null && sent.has(key)) node.value = sent.get(key);
    if (stillToGive(value)) {
      node.classList.add("todo");
      node.title = "À compléter : cette valeur reste à donner.";
    }
    if (spec.shape === "date") {
      // Chromium changes a date at each digit of its year (« 0002-01-01 », « 0020-01-01 »…):
      // a date is saved whole only, after a pause in typing or when the field is left. A year
      // of fewer or more than four digits (« 0202 », « 22029 ») is a slip of the keyboard.
      const whole = () => !node.validity.badInput && /^[1-9]\d{3}-\d{2}-\d{2}$/.test(node.value);
      const noteWrongDate = () => {
        pending.set(key, { value: node.value, message: "Non enregistré : date incomplète ou erronée ; saisissez le jour, le mois et l’année (quatre chiffres)." });
        showProblems();
        // The bar no longer says « Enregistré »: it names the field, and any other waiting
        // (once a pointer pressed is released: nothing moves under it).
        const sayIt = () => { if (pending.has(key)) sayNotSaved([key, ...[...pending.keys()].filter((k) => k !== key)]); };
        if (unpressed(sayIt)) sayIt();
      };
      node.addEventListener("input", () => { node.dataset.typed = "1"; typedIn(key, node, whole); });
      // A date the browser cannot read (« 31/02/2026 ») reads "" and fires no input event:
      // said after a pause in typing, while the field still has the focus, not only once left.
      let wrongSoon;
      node.addEventListener("keyup", () => {
        clearTimeout(wrongSoon);
        if (!node.validity.badInput) return;
        wrongSoon = setTimeout(() => {
          if (document.activeElement === node && node.validity.badInput && pending.get(key)?.value !== "") {
            node.dataset.typed = "1";
            noteWrongDate();
          }
        }, PAUSE * 2);
      });
      node.addEventListener("blur", () => {
        clearTimeout(typedNotSaved.get(key));
        if (typedNotSaved.get(key) !== null) typedNotSaved.delete(key);
        // Entered and left untouched: nothing to send, whatever the field shows (a wrong
        // date typed reads "" with no input event: it is checked below).
        const typed = node.dataset.typed;
        delete node.dataset.typed;
        if (!typed && !node.validity.badInput && !pending.has(key)) return;
        if (pending.get(key)?.value === node.value) return;
        // Back to the date saved: its note goes, nothing to send.
        if (!node.validity.badInput && node.value === shownOf(key)) {
          if (pending.delete(key)) {
            node.removeAttribute("aria-invalid");
            showProblems();
            if (!unsaved()) say(status, "Enregistré", true);
          }
          return;
        }
        // A wrong date reads "" — as a date cleared and sent: it is checked first.
        if (sent.get(key) === node.value && !node.validity.badInput) return;
        if (node.validity.badInput || (node.value && !whole())) {
          noteWrongDate();
          return;
        }
        if (node.value !== shownOf(key) || pending.has(key)) send(key, node.value);
      });
    } else {
      if (spec.shape !== "choice") node.addEventListener("input", () => typedIn(key, node));
      node.addEventListener("change", () => send(key, node.value));
    }
    return node;
  };
  // An item's number: its place in its list, and its axis's for an action (« 2.3 »).
  const number = (key, all) => {
    const numbers = [...key.matchAll(/\[(\d+)\]/g)].map((m) => m[1]);
    return all ? numbers.join(".") : numbers[numbers.length - 1];
  };
  // Texts drawn from the values (an item's heading, an amount's name), drawn again after
  // each save: a name given shows in its heading at once.
  let names = [];
  const named = (draw) => { names.push(draw); draw(); };
  function showNames() { for (const draw of names) draw(); }
  // An item of a list; `title()` says its title from the values.
  const item = (parent, title, key, removable = true) => {
    const box = element("div", undefined, { class: "item", "data-key": key });
    const text = element("span");
    const heading = element("h3");
    heading.append(text);
    const remove = removable ? element("button", "Retirer", { class: "remove", type: "button" }) : null;
    remove?.addEventListener("click", () => { if (confirm(`Retirer « ${title()} » ?`)) restructure({ key, op: "remove" }); });
    if (remove) heading.append(remove);
    named(() => {
      text.textContent = title();
      remove?.setAttribute("aria-label", `Retirer : ${title()}`);
    });
    box.append(heading);
    parent.append(box);
    return box;
  };
  const adder = (parent, spec, key) => {
    const add = element("button", spec.add || `Ajouter : ${spec.label}`, { class: "secondary", type: "button", "data-key": key });
    add.addEventListener("click", () => restructure({ key, op: "append" }));
    parent.append(add);
  };
  // An axis of a CEJ is an « objectif ».
  const cej = () => (values["previous.kind"] ?? values.kind) === "cej";
  const labelOf = (spec) => (spec.table === "axis" && cej() ? "Objectif" : definition(spec.table)?.label ?? spec.label);

  // An annex is titled by its number in the document, where generated annexes (« Fiches
  // action ») come first; « Annexe jointe n » while the file has errors and none is known.
  const itemLabel = (spec, at) => {
    if (spec.table !== "annex" || !at.startsWith("annexes[")) return `${labelOf(spec)} ${number(at, false)}`;
    return annexNumbers?.[at] ? `Annexe ${annexNumbers[at]}` : `Annexe jointe ${number(at, false)}`;
  };

  // The keys of a table under `prefix`, each as its shape says.
  function keys(parent, tableName, prefix, lead = "") {
    for (const spec of definition(tableName).keys) {
      entry(parent, spec, prefix ? `${prefix}.${spec.name}` : spec.name, lead + spec.label, prefix);
    }
  }
  // One key of the file in the form: a control, or the keys of its table, or its list.
  function entry(parent, spec, key, label, prefix) {
    switch (spec.shape) {
      case "table":
      case "inline":
        return keys(parent, spec.table, key, `${label} : `);
      case "tables": {
        const count = values[key] ?? 0;
        for (let i = 1; i <= count; i++) {
          const at = `${key}[${i}]`;
          const title = () => {
            const name = values[`${at}.name`] ?? values[`${at}.label`] ?? values[`${at}.title`];
            return `${itemLabel(spec, at)}${name ? " — " + name : ""}`;
          };
          keys(item(parent, title, at, !spec.required || count > 1), spec.table, at);
        }
        return adder(parent, spec, key);
      }
      case "lines": {
        const count = values[key] ?? 0;
        for (let i = 1; i <= count; i++) lineItem(parent, `${key}[${i}]`, `${spec.label} ${i}`);
        return adder(parent, spec, key);
      }
      case "actions": {
        const count = values[key] ?? 0;
        for (let i = 1; i <= count; i++) {
          const at = `${key}[${i}]`;
          if (values[`${at}.title`] === undefined) lineItem(parent, at, `Action ${number(at, true)}`);
          else keys(item(parent, () => `Fiche action ${number(at, true)}${values[`${at}.title`] ? " — " + values[`${at}.title`] : ""}`, at), spec.table, at);
        }
        return adder(parent, spec, key);
      }
      case "domains":
        return domains(parent, key, spec);
      case "amounts": {
        const box = element("div", undefined, { class: "amounts", "data-key": key });
        for (const year of years) {
          const at = `${key}.${year}`;
          const node = row(box, String(year), control(at, { shape: "amount" }, ""));
          named(() => node.setAttribute("aria-label", `${spec.label} ${year} (${lineTitle(prefix)})`));
        }
        return parent.append(box, element("div", "", { class: "line-total", "data-line": prefix }));
      }
      default: {
        const node = row(parent, label, control(key, spec, label), spec.help);
        // An annex's PDF is sent from here; its path written in `file`.
        if (/^annexes\[\d+\]\.file$/.test(key)) attachPdf(node, key);
        return node;
      }
    }
  }
  // « Joindre un PDF » under an annex's file: the PDF kept beside the convention file
  // (`annexes/…`), then its path saved in the field.
  function attachPdf(node, key) {
    const pick = element("input", undefined, { type: "file", accept: "application/pdf,.pdf", id: `${id(key)}-pdf` });
    const name = element("label", "Joindre un PDF", { for: pick.id, class: "upload" });
    // A refused PDF is said under its button, where the person looks, not only in the bar
    // that the next save overwrites.
    const refused = element("div", "", { class: "upload-refused", role: "alert", id: `${pick.id}-refused` });
    const refuse = (text) => { refused.textContent = text; say(status, text, false); pick.value = ""; };
    pick.addEventListener("change", async () => {
      const file = pick.files[0];
      if (!file) return;
      refused.textContent = "";
      if (file.size > 20 * 1024 * 1024) return refuse("Ce PDF dépasse 20 Mo : réduisez-le, ou gardez l’annexe à part (sans fichier).");
      const sent = await api(`${base}/annexes?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file, headers: { "Content-Type": "application/pdf" } });
      if (!sent.response.ok) return refuse(`${file.name} : ${sent.body?.error ?? "envoi du PDF impossible"}`);
      node.value = sent.body.file;
      await saveField(key, sent.body.file);
    });
    node.parentElement.append(name, pick, refused);
  }
  const lineTitle = (line) => `ligne ${number(line, false)}${values[`${line}.label`] ? " — " + values[`${line}.label`] : ""}`;
  // A line of text of a list, with its « Retirer ».
  function lineItem(parent, key, label) {
    const field = row(parent, label, control(key, { shape: "line" }, label));
    const remove = element("button", "Retirer", { class: "remove", type: "button", "aria-label": `Retirer : ${label}` });
    // A line with text is taken out on a « yes » only, as an item is; an empty one at once.
    remove.addEventListener("click", () => {
      const text = field.value.trim();
      if (text && !stillToGive(text) && !confirm(`Retirer « ${text} » ?`)) return;
      restructure({ key, op: "remove" });
    });
    field.parentElement.append(element("span"), remove);
  }

  // The file's own keys first, then a section for each of its tables and lists.
  function showForm() {
    form.replaceChildren();
    names = [];
    const root = definition(format.root);
    const section = (title) => {
      const set = element("fieldset");
      set.append(element("legend", title));
      form.append(set);
      return set;
    };
    const general = section(root.label);
    const avenant = values.kind === "avenant";
    for (const spec of root.keys) {
      // `[previous]` is an avenant's history, kept in the source; the type is the file's.
      if (spec.name === "previous" || spec.name === "kind") continue;
      if (["base", "number", "effective", "reason"].includes(spec.name) && !avenant) continue;
      if (spec.shape === "table") keys(section(spec.label), spec.table, spec.name);
      else entry(spec.shape === "tables" ? section(spec.label) : general, spec, spec.name, spec.label, "");
    }
    showTotals();
  }

  // The axis's fields: a box for each, and the name of an « autre » one.
  function domains(parent, key, spec) {
    const list = values[key] ?? [];
    const box = element("div", undefined, { class: "domains", "data-key": key, role: "group", "aria-label": spec.label });
    const other = list.find((d) => typeof d === "object");
    const boxes = [];
    // Its own key (`axes[1].domains[2].autre`): an error on its name shows beside it.
    const at = other ? list.indexOf(other) + 1 : list.length + 1;
    const otherKey = `${key}[${at}].autre`;
    // A name still to give is a hint, as in any field (walk 30: « (autre champ Sportà compléter) »).
    const toGive = stillToGive(other?.autre) ? other.autre : "";
    const otherName = element("input", undefined, { id: id(otherKey), "data-key": otherKey, placeholder: toGive || "ex. : sport et loisirs" });
    otherName.value = toGive ? "" : other?.autre ?? "";
    if (toGive) otherName.classList.add("todo");
    const save = () => {
      const value = boxes.filter((b) => b.checked).map((b) => b.value);
      const named = otherName.value.trim() || toGive;
      if (named) value.push({ autre: named });
      patch({ key, value });
    };
    for (const choice of spec.choices.filter((c) => c.value !== "autre")) {
      const check = element("input", undefined, { type: "checkbox", value: choice.value });
      check.checked = list.includes(choice.value);
      check.addEventListener("change", save);
      boxes.push(check);
      const tick = element("label"); tick.append(check, " " + choice.label); box.append(tick);
    }
    otherName.addEventListener("change", save);
    const otherLine = element("div", undefined, { class: "field other-domain" });
    otherLine.append(element("label", "Autre champ : intitulé", { for: otherName.id }), otherName);
    box.append(otherLine);
    const line = element("div", undefined, { class: "field" });
    line.append(element("span", spec.label), box);
    parent.append(line);
  }

  // Totals per line and per year, as the server computed them from the file. An amount the
  // file holds in error is no figure: the sums it is part of are not shown (never a total
  // counting it as 0); one typed and not saved is not in them, and the total says so.
  function showTotals() {
    const amountYear = (key, line) => key.startsWith(`${line}.amounts.`) ? key.slice(line.length + 9) : null;
    const wrong = diagnostics.filter((d) => d.severity === "error" && /^funding\[\d+\]\.amounts\.\d+$/.test(d.key));
    for (const line of form.querySelectorAll(".line-total")) {
      const at = line.dataset.line;
      const total = totals.lines.find((l) => l.line === at);
      const inError = wrong.map((d) => amountYear(d.key, at)).filter(Boolean);
      const unsaved = [...pending.keys()].map((key) => amountYear(key, at)).filter(Boolean);
      line.textContent = inError.length ? `Total de la ligne : non calculé, le montant ${inError.join(", ")} est à corriger`
        : !total ? ""
        : unsaved.length ? `Total de la ligne : ${total.total} (montants enregistrés ; montant saisi en ${unsaved.join(", ")} non enregistré)`
        : `Total de la ligne : ${total.total}`;
    }
    const yearsInError = new Set(wrong.map((d) => d.key.slice(d.key.lastIndexOf(".") + 1)));
    // The years with an amount typed and not saved, on any line: their totals and the
    // convention's are the file's, marked « * » and said under the table as the line says it.
    const typed = [...new Set([...pending.keys()].map((key) => key.match(/^funding\[\d+\]\.amounts\.(\d+)$/)?.[1]).filter(Boolean))].sort();
    let starred = false;
    const marked = (figure, year) => (typed.includes(year) ? (starred = true, `${figure} *`) : figure);
    let box = document.getElementById("totals");
    const money = [...form.querySelectorAll("legend")].find((l) => l.textContent === "Financements")?.parentElement;
    // Scrolled sideways when the years do not fit: reached from the keyboard too.
    if (!box && money) { box = element("div", undefined, { class: "totals", id: "totals", tabindex: "0", role: "region", "aria-label": "Total par année" }); money.append(box); }
    if (!box) return;
    const table = element("table");
    const head = element("tr"), row = element("tr");
    // A column for each year of the form, even one whose amount is in error (« — »).
    for (const year of years) {
      head.append(element("th", String(year), { class: "number" }));
      const total = totals.years.find((y) => y.year === year)?.total ?? "—";
      row.append(element("td", yearsInError.has(String(year)) ? "—" : marked(total, String(year)), { class: "number" }));
    }
    head.append(element("th", "Total", { class: "number" }));
    row.append(element("td", yearsInError.size ? "—" : marked(totals.all, typed[0]), { class: "number" }));
    table.append(head, row);
    const note = starred
      ? [element("p", `* Montants enregistrés ; ${typed.length > 1 ? `montants saisis en ${typed.join(", ")} non enregistrés` : `montant saisi en ${typed[0]} non enregistré`}.`, { class: "totals-note" })] : [];
    box.replaceChildren(element("strong", "Total par année"), table, ...note);
  }

  // Each problem next to its field: the field of its key, or else of the nearest key above.
  function showProblems() {
    if (!unpressed(showProblems)) return;
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    for (const node of form.querySelectorAll(".invalid, .warned")) node.classList.remove("invalid", "warned");
    for (const node of form.querySelectorAll("[aria-invalid], [aria-describedby]")) { node.removeAttribute("aria-invalid"); node.removeAttribute("aria-describedby"); }
    for (const d of diagnostics) {
      // A finding about two keys (a period too long: its start and end) shows at each, so
      // that it is next to the one the person changed.
      // A field whose typed value is not saved has its note about that value only (the
      // saved value's problem shows again if the typing is abandoned).
      const targets = new Set([d.key, ...(d.also ?? [])].filter((k) => !pending.has(k)).map(fieldOf).filter(Boolean));
      // A warning (a délibération older than the convention amended…) says what to do.
      const warning = d.severity !== "error";
      for (const target of targets) {
        target.classList.add(warning ? "warned" : "invalid");
        const note = element("div", warning && d.help ? `${d.message} — ${d.help}` : d.message,
          { class: warning ? "field-error field-warning" : "field-error", id: `error-${form.querySelectorAll(".field-error").length + 1}` });
        if (target.parentElement.classList.contains("field")) target.parentElement.append(note); else target.after(note);
        const control = target.matches("input, select, textarea") ? target : null;
        if (control && d.severity === "error") control.setAttribute("aria-invalid", "true");
        if (control) describe(control, note.id);
      }
    }
    offerToMoveAmounts();
    showPending();
    problems.replaceChildren();
    for (const d of diagnostics) {
      // Where, in the form's words (« Période, fin »), never as a key path.
      // A message that opens with the place (« Partenaires, n° 2, nom : à compléter ») has it once.
      const place = d.place && !d.message.startsWith(d.place) ? d.place : "";
      const where = [d.line ? `ligne ${d.line}` : "", place].filter(Boolean).join(", ");
      problems.append(element("li", `${d.severity === "error" ? "Erreur" : "Avertissement"}${where ? ` (${where})` : ""} : ${d.message}`,
        { class: d.severity === "error" ? "ko" : "warn" }));
    }
  }
  // The field of a key, or else of the nearest key above it.
  function fieldOf(key) {
    let target = null;
    while (key && !target) {
      target = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
      key = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : key.includes("[") ? key.slice(0, key.lastIndexOf("[")) : "";
    }
    return target;
  }
  // An invalid file is never rendered: its last valid pages stay, marked as such.
  // `known`: the pages' hashes, when a save's answer brought them.
  async function showPages(known) {
    // A file whose only errors are values still « à compléter » (a new convention, a
    // renewal's draft) is drawn as it is, the server says so: its pages follow each change.
    const blocking = diagnostics.filter((d) => d.severity === "error" && d.kind !== "still-to-complete");
    const invalid = blocking.length > 0;
    if (invalid && pages.querySelector("img")) {
      if (!pages.querySelector(".stale")) pages.prepend(staleNote());
      return;
    }
    // The pages' hashes first: only the images whose page changed are fetched again, the
    // others stay where they are, and so does the view. A file with errors (after a reload
    // too) shows its last valid version's, said so.
    const asked = ++pagesAsked;
    let body = known;
    if (!body) {
      const answer = await api(`${base}/pages`);
      if (asked !== pagesAsked) return;
      if (!answer.response.ok) {
        // What keeps the pages from being drawn, named (a new CTG: its dates not given yet).
        const places = [...new Set(blocking.map((d) => d.place).filter(Boolean))];
        const named = places.length ? ` ; à donner ou corriger d’abord : ${places.slice(0, 4).join(" ; ")}${places.length > 4 ? ` et ${plural(places.length - 4, "autre", "autres")}` : ""}` : "";
        if (invalid) pages.replaceChildren(element("p", `Pas d’aperçu : le fichier a des erreurs, et aucune version valide n’a été enregistrée${named}. Les valeurs « à compléter » n’empêchent pas l’aperçu.`, { class: "ko stale" }));
        return;
      }
      body = answer.body;
    }
    pages.querySelector(".stale")?.remove();
    const shown = new Map([...pages.querySelectorAll("img")].map((img) => [img.dataset.hash, img.src]));
    const kept = new Set();
    // Each image decoded before it replaces the one shown: no blank flash, no jump.
    const images = await Promise.all(body.pages.map(async ({ n, hash }) => {
      const img = pages.querySelector(`img[data-page="${n}"]`);
      if (img?.dataset.hash === hash) { kept.add(img.src); return img; }
      let src = shown.get(hash);
      if (!src) {
        const image = await fetch(`${base}/pages/${n}.png?v=${encodeURIComponent(body.etag)}`, authorized());
        if (!image.ok) return img ?? element("img", undefined, { alt: `Page ${n}`, "data-page": n });
        src = URL.createObjectURL(await image.blob());
      }
      kept.add(src);
      const fresh = element("img", undefined, { alt: `Page ${n}`, "data-page": n, "data-hash": hash });
      fresh.src = src;
      await fresh.decode().catch(() => {});
      return fresh;
    }));
    if (asked !== pagesAsked) return;
    for (const img of pages.querySelectorAll("img")) {
      if (!images.includes(img)) img.remove();
    }
    for (const src of shown.values()) if (!kept.has(src)) URL.revokeObjectURL(src);
    images.forEach((img, i) => { if (pages.children[i] !== img) pages.insertBefore(img, pages.children[i] ?? null); });
    if (body.valid_version) pages.prepend(staleNote(body.valid_version));
    pages.dataset.drawn = body.etag;
    // When the pages of a version were shown (DevTools' timeline; the browser test's latency).
    performance.mark("convgen:pages-drawn", { detail: body.etag });
  }
  let pagesAsked = 0;
  // Above pages that are not the file's own: which they are, and how to update them.
  const staleNote = (version) => element("p",
    `Aperçu de la dernière version valide${version ? ` (${versionInSentence(version, true)})` : ""} — corrigez les erreurs pour le mettre à jour.`,
    { class: "ko stale" });

  // Sending: every message shown first, sent only when asked, the journal after.
  sendButton.addEventListener("click", async () => {
    const box = element("form", undefined, { class: "panel" });
    const draftBox = element("input", undefined, { type: "checkbox" });
    const tick = element("label", undefined, { class: "check" }); tick.append(draftBox, " Projet (filigrane « PROJET »)");
    const look = element("button", "Prévisualiser le message", { type: "button" });
    const out = element("div", undefined, { class: "wide" });
    // A convention already signed is not sent « pour signature » again: said first.
    const again = signedOn ? [element("p", "Cette convention est déjà signée : elle ne part plus à signer, seulement comme projet, pour relecture. Pour une modification, préparez et envoyez un avenant.", { class: "warn wide" })] : [];
    // What the page says of the file goes with what is sent, each from its field: the errors
    // that stop any sending, then the warnings to read first.
    const said = (d) => (d.key ? `${fieldWords(d.key) || d.key} : ${d.message}` : d.message) + (d.help ? ` (${d.help})` : "");
    const listed = (severity, intro, kind) => {
      const found = diagnostics.filter((d) => d.severity === severity);
      if (!found.length) return [];
      const list = element("ul", undefined, { class: `${kind} wide reread` });
      for (const d of found) list.append(element("li", said(d)));
      return [element("p", intro, { class: `${kind} wide reread` }), list];
    };
    const reread = [...listed("error", "À corriger avant tout envoi, même comme projet :", "ko"), ...listed("warning", "Avant d’envoyer, relisez :", "warn")];
    // An avenant to a convention over is sent as a draft only (the server refuses the final).
    if (diagnostics.some((d) => d.kind === "amended-convention-over")) draftBox.checked = true;
    // A convention signed is not sent « pour signature » again: a draft, for review, only.
    if (signedOn) Object.assign(draftBox, { checked: true, disabled: true });
    // Never sent: first as a draft, for review (walk 27: a renewal's draft previewed « Pour
    // signature » by default); sent once, the next sending is to sign.
    const { body: journal } = await api("/api/journal");
    const first = Array.isArray(journal) && !journal.some((s) => s.reference === reference && s.status === "sent");
    if (first && !draftBox.checked) draftBox.checked = true;
    const never = values.kind === "avenant" ? "Jamais envoyé : il part" : "Jamais envoyée : elle part";
    const firstNote = first && !signedOn ? [element("p", `${never} d’abord comme projet, pour relecture ; décochez « Projet » pour l’envoyer à signer.`, { class: "wide first-send" })] : [];
    box.append(element("strong", "Envoi aux signataires", { class: "wide" }), ...again, ...reread, ...firstNote, tick, look, out);
    // A preview made for the other choice is not left under it.
    draftBox.addEventListener("change", () => out.replaceChildren());
    panel.replaceChildren(box);
    // Opened from the bar while far down the form: the panel comes into view.
    panel.scrollIntoView({ block: "start" });
    look.addEventListener("click", async () => {
      out.replaceChildren(element("p", "Préparation du message…"));
      const { response, body } = await api(`${base}/preview`, json("POST", { draft: draftBox.checked, tags: tags.value || null }));
      if (!response.ok) { out.replaceChildren(element("p", refusal(body, "Aperçu impossible"), { class: "ko" })); return; }
      out.replaceChildren();
      // Walk 29: the draft of a convention changed since signed is not the text signed.
      if (body.changed_since_signed) {
        out.append(element("p", `Le projet joint est le fichier tel qu’il est maintenant, modifié depuis la signature du ${longDate(body.changed_since_signed)} : il ne montre pas le texte signé. Une modification se fait par avenant.`, { class: "warn changed-since-signed" }));
      }
      // Walk 33: a signatory renamed whose address stayed — asked as the name changed, asked
      // again here, the sending held until it is answered.
      const kept = body.addresses_kept ?? [];
      for (const k of kept) {
        const note = element("p", `« ${k.now} » recevra le message à ${k.email}, l’adresse qui était celle de « ${k.before} » : est-ce bien la sienne ? `, { class: "warn addresses-kept" });
        const field = [...form.querySelectorAll('[data-key$=".email"]')].find((n) => n.value.trim().toLowerCase() === k.email.toLowerCase());
        if (field) {
          const fix = element("button", "Corriger l’adresse", { type: "button", class: "secondary" });
          fix.addEventListener("click", () => { field.scrollIntoView({ block: "center" }); field.focus(); });
          note.append(fix);
        }
        out.append(note);
      }
      for (const m of body.messages) {
        const card = element("div", undefined, { class: "message" });
        // Sending off, the sender is a placeholder: no address to copy, the setting named.
        const from = body.sending ? m.from : "l’adresse d’envoi de la Caf, une fois l’envoi réglé sur ce poste";
        card.append(element("div", `De : ${from}`), element("div", `À : ${m.to.join(", ")}`),
          element("div", `Objet : ${m.subject}`), element("div", `Pièce jointe : ${m.attachment} (${Math.ceil(m.attachment_bytes / 1024)} Ko)`),
          element("pre", m.body));
        if (m.without_email?.length) {
          card.append(element("div", `Ne recevront pas ce message (sans adresse électronique) : ${m.without_email.join(" ; ")}`, { class: "warn" }));
        }
        out.append(card);
      }
      if (!body.sending) {
        out.append(element("p", "L’envoi n’est pas configuré sur ce poste : donnez l’expéditeur et le serveur SMTP (CONVGEN_MAIL_FROM, CONVGEN_SMTP_URL) puis relancez convgen serve.", { class: "warn", title: body.why }));
        return;
      }
      const go = element("button", `Envoyer à ${body.messages[0].to.length} destinataire(s)`, { type: "button" });
      const resend = element("input", undefined, { type: "checkbox" });
      const again = element("label", undefined, { class: "check" }); again.append(resend, " Renvoyer même si déjà envoyé");
      out.append(again);
      if (kept.length) {
        const checked = element("input", undefined, { type: "checkbox" });
        const confirm = element("label", undefined, { class: "check" });
        confirm.append(checked, kept.length > 1 ? " Ces adresses sont bien celles des signataires nommés" : " Cette adresse est bien celle du signataire nommé");
        go.disabled = true;
        checked.addEventListener("change", () => { go.disabled = !checked.checked; });
        out.append(confirm);
      }
      out.append(go);
      go.addEventListener("click", async () => {
        go.disabled = true;
        const { response, body } = await api(`${base}/send`, json("POST", { draft: draftBox.checked, resend: resend.checked, tags: tags.value || null }));
        const result = element("div");
        if (!response.ok) result.append(element("p", refusal(body, "Envoi impossible"), { class: "ko" }));
        else {
          result.append(element("p", body.failed ? "L’envoi a échoué :" : "Résultat :", { class: body.failed ? "ko" : "ok" }));
          for (const line of body.lines) result.append(element("div", line));
          result.append(journalTable(body.journal));
        }
        out.append(result);
      });
    });
  });

  // Versions: every saved version, and what changed between two of them.
  // `keep`: the « De » and « À » chosen in the list read before, kept if still listed.
  const showVersions = async (keep) => {
    // The file as the list reads it: a save answered later makes it stale (see `versionsChanged`).
    const read = etag;
    const { body } = await api(`${base}/history`);
    const box = element("form", undefined, { class: "panel versions-panel", "data-etag": read });
    const labels = body.labels ?? [];
    // Walk 34: the version that is the text as signed says so, « texte signé le … », in the
    // list and when an avenant prepared from it is named.
    const signedText = (v, before = "") => (v === body.signed_version && signedOn ? `${before}texte signé le ${longDate(signedOn)}` : "");
    // Each version says whether it is valid: an avenant is made only between valid ones.
    const validity = (valid) => (valid === true ? " — valide" : valid === false ? " — a des erreurs" : "");
    const choose = (name, selected) => {
      const list = element("select", undefined, { name });
      list.append(element("option", "la version actuelle du fichier" + validity(body.current_valid) + byWhom(body.current), { value: "current" }));
      // The convention as each avenant of the workspace leaves it, its file edited or not.
      for (const a of [...(body.avenants ?? [])].reverse()) {
        list.append(element("option", `${leftBy(a.name)} (${a.reference})` + (a.usable ? "" : " — a des erreurs"), { value: a.name, ...(a.usable ? {} : { disabled: "" }) }));
      }
      body.versions.forEach((v, i) => list.append(element("option", versionLabel(v) + signedText(v, " — ") + validity(body.valid?.[i]) + byWhom(body.who?.[v]) + (labels[i] ? ` — puis : ${labels[i]}` : ""), { value: v })));
      list.value = selected;
      return list;
    };
    // « De »: the server's `start` — the convention as its newest avenant leaves it, else the
    // newest version sent, left by an avenant prepared or kept by « Enregistrer cette
    // version » that the file has changed since, else the oldest valid one; « À »: the file
    // as it is.
    const oldestValid = body.versions.findLast((v, i) => body.valid?.[i]);
    const lastSent = body.versions.find((v) => v.endsWith("-envoi.toml"));
    const from = choose("from", body.start ?? oldestValid ?? body.versions.at(-1) ?? "current"), to = choose("to", "current");
    const labelled = (text, control) => { const l = element("label", text); l.append(control); return l; };
    const show = element("button", "Voir les changements", { type: "button" });
    const out = element("div", undefined, { class: "wide versions-out" });
    const sinceSent = element("button", "Depuis le dernier envoi", { type: "button", class: "secondary" });
    sinceSent.disabled = !lastSent;
    if (!lastSent) sinceSent.title = "Cette convention n’a pas encore été envoyée depuis l’espace de travail.";
    // Each version, and what the edit made at its time changed.
    const list = element("ol", undefined, { class: "versions wide", "aria-label": "Versions enregistrées, la plus récente d’abord" });
    // The twelve newest in view; the older ones, numbered on, one click away.
    const older = element("ol", undefined, { class: "versions", start: "13" });
    body.versions.forEach((v, i) => {
      const entry = element("li");
      // What the edits after it changed. The server sums up only between two valid texts,
      // among the newest versions: when it does not, the list says why.
      const next = i === 0 ? body.current_valid : body.valid?.[i - 1];
      const after = labels[i] ? `puis : ${labels[i]}`
        : body.valid?.[i] === false ? "a des erreurs : ce qui a changé ensuite n’est pas résumé"
        // Said of this version first (valid), then of the next: never read as this one's errors.
        : next === false ? `valide ; ce qui a changé ensuite n’est pas résumé (${i === 0 ? "la version actuelle" : "la version suivante"} a des erreurs)`
        : body.valid?.[i] == null ? "ce qui a changé ensuite n’est pas résumé (version ancienne)"
        : "ce qui a changé ensuite n’est pas résumé";
      entry.append(element("strong", versionLabel(v)), ` — ${after}`);
      (i < 12 ? list : older).append(entry);
    });
    const more = element("details", undefined, { class: "wide" });
    more.append(element("summary", plural(older.childElementCount, "version plus ancienne", "versions plus anciennes")), older);
    const prepare = element("button", "Préparer un avenant", { type: "button" });
    prepare.title = "Écrit l’avenant qui fait passer la convention de la version « De » à la version « À », comme « convgen avenant », puis l’ouvre.";
    // Edits close together make one version: the person may close it here.
    const close = element("button", "Enregistrer cette version", { type: "button", class: "secondary" });
    close.title = "Les modifications faites à moins d’une minute d’intervalle forment une seule version : celles qui suivent en commenceront une nouvelle.";
    close.addEventListener("click", async () => {
      if (unsaved()) { say(status, unsaved() + " Enregistrez d’abord.", false); return; }
      // Kept as a version now, at this time: the list shows it at once.
      const { response, body: closed } = await api(`${base}/versions`, { method: "POST" });
      if (!response.ok) { out.replaceChildren(element("p", refusal(closed, "Version non enregistrée"), { class: "ko", role: "alert" })); return; }
      burst = (crypto.randomUUID?.() ?? String(Math.random()).slice(2)).slice(0, 36);
      versionsButton.click();
      say(status, `Version enregistrée : ${versionInSentence(closed.version)}. La prochaine modification en commencera une nouvelle.`, true);
    });
    // A convention already over is no longer amended: said beside the button, before an
    // avenant is written (the avenant's page says it again).
    // Changed since signed: the end as signed (walk 32: not a new end typed).
    const end = body.signed_end ?? values["period.end"];
    const ended = values.kind !== "avenant" && /^\d{4}-\d{2}-\d{2}$/.test(end ?? "") && end < today() ? end : null;
    const over = ended ? `La convention a pris fin le ${longDate(ended)} : elle ne peut plus être modifiée par avenant, sauf par un avenant signé avant cette date et qui a pris effet avant elle (enregistré ici après coup) ; sinon, c’est une nouvelle convention qu’il faut.` : "";
    // An avenant made elsewhere that the convention's file never took in: starting from the
    // convention as it leaves it would undo it.
    const notTakenIn = (body.avenants ?? []).filter((a) => a.usable && !a.taken_in).map((a) => {
      // Only a signed avenant is taken in: an unsigned one is dated on its page, or withdrawn.
      if (!a.signed) return element("p", `Le fichier de la convention ne reprend pas ce que change l’avenant n° ${a.number} (${a.reference}), qui n’est ni daté ni revenu signé : tout avenant préparé d’ici le déferait. S’il a été signé, donnez sa date de signature sur sa page, puis reprenez-le ici ; s’il ne le sera pas, retirez-le (« Retirer cet avenant », sur sa page).`, { class: "warn wide" });
      const note = element("p", `Le fichier de la convention ne reprend pas ce que change l’avenant n° ${a.number} (${a.reference}) : tout avenant préparé d’ici le déferait. Reprenez-le d’abord dans la convention ; vos modifications faites depuis sont gardées. `, { class: "warn wide" });
      const take = element("button", `Reprendre l’avenant n° ${a.number} dans la convention`, { type: "button" });
      take.addEventListener("click", async () => {
        if (unsaved()) { say(status, unsaved() + " Enregistrez d’abord.", false); return; }
        // The convention's file then says what the avenant changes: asked first.
        if (!confirm(`Reprendre dans le fichier de la convention ce que change l’avenant n° ${a.number} (${a.reference}), signé ? Le fichier de la convention dira ce qu’il change.`)) return;
        take.disabled = true;
        const { response, body: taken } = await api(`${base}/take-in`, json("POST", { avenant: a.name, etag }));
        take.disabled = false;
        if (!response.ok) { out.replaceChildren(element("p", refusal(taken, "Reprise impossible"), { class: "ko", role: "alert" })); return; }
        await adoptNewest(true);
        versionsButton.click();
        say(status, `L’avenant n° ${a.number} est repris dans la convention : le prochain avenant partira de la convention telle qu’il la laisse.`, true);
      });
      note.append(take);
      return note;
    });
    box.append(element("strong", `Versions enregistrées : ${body.versions.length}`, { class: "wide" }), list, ...(older.childElementCount ? [more] : []),
      labelled("De", from), labelled("À", to), show, sinceSent, ...(values.kind === "avenant" ? [] : [prepare]), close,
      ...(over ? [element("p", over, { class: "warn wide" })] : []), ...notTakenIn, out);
    prepare.addEventListener("click", async () => {
      if (unsaved()) { say(status, unsaved() + " Enregistrez d’abord.", false); return; }
      prepare.disabled = true;
      // Each version's offset from UTC here, so that a refusal names it as this list does.
      const offsets = Object.fromEntries([from.value, to.value].map((v) => [v, -(versionTime(v)?.getTimezoneOffset() ?? -60)]));
      const made = await api(`${base}/avenant`, json("POST", { from: from.value, to: to.value, offsets }));
      prepare.disabled = false;
      // Refused (nothing changed…): said below, the focus back on the button, not lost with
      // its disabling.
      if (!made.response.ok) { out.replaceChildren(element("p", refusal(made.body, "Avenant impossible"), { class: "ko", role: "alert" })); prepare.focus(); return; }
      const named = (v) => (v === "current" ? "la version actuelle" : leftBy(v) ?? (signedText(v) ? `le ${signedText(v)}` : `la version du ${versionInSentence(v)}`));
      const [of, into] = [named(from.value), named(to.value)].map((n) => n.replace(/^le /, ""));
      const [ofSaid, intoSaid] = [[from.value, of, "du ", "de "], [to.value, into, "au ", "à "]].map(([v, n, joined, plain]) => (signedText(v) ? joined : plain) + n);
      // Its file named: written beside the convention, where its annexes' paths resolve.
      arrival = `Avenant ${made.body.reference} préparé (fichier ${made.body.file}), ${ofSaid} ${intoSaid} : complétez ce qui est signalé, puis relisez-le.`;
      location.hash = "#" + encodeURIComponent(made.body.reference);
    });
    panel.replaceChildren(box);
    // Opened from the bar while far down the form: the panel comes into view (read again, it
    // stays where it is: the person may be typing further down).
    if (!keep) panel.scrollIntoView({ block: "start" });
    for (const list of [from, to]) list.addEventListener("change", () => { list.dataset.chosen = "1"; });
    sinceSent.addEventListener("click", () => { from.value = lastSent; to.value = "current"; from.dataset.chosen = to.dataset.chosen = "1"; show.click(); });
    for (const [list, chosen] of [[from, keep?.from], [to, keep?.to]]) {
      if ([...list.options].some((o) => o.value === chosen)) { list.value = chosen; list.dataset.chosen = "1"; }
    }
    // Saved while the list was read (a field's save on its way when « Versions… » was clicked).
    versionsChanged();
    show.addEventListener("click", async () => {
      const query = new URLSearchParams({ from: from.value, to: to.value });
      const { response, body } = await api(`${base}/changes?${query}`);
      if (!response.ok) { out.replaceChildren(element("p", refusal(body, "Versions introuvables"), { class: "ko" })); return; }
      if (body.identical) { out.replaceChildren(element("p", "Aucun changement entre ces deux versions.")); return; }
      const summary = body.summary
        ? [element("strong", "Ce qui change dans la convention"), element("pre", body.summary, { class: "summary" }), element("strong", "Lignes du fichier")]
        : [element("p", "Une des deux versions a des erreurs : seules les lignes du fichier sont comparées.", { class: "warn" })];
      const diff = element("div", undefined, { class: "diff" });
      body.hunks.forEach((hunk, i) => {
        if (i > 0) diff.append(element("div", "…", { class: "gap" }));
        for (const line of hunk) {
          const number = line.tag === "+" ? line.new : line.old;
          diff.append(element("div", `${line.tag} ${String(number).padStart(4)}  ${line.text}`,
            { class: line.tag === "+" ? "add" : line.tag === "-" ? "del" : "" }));
        }
      });
      out.replaceChildren(...summary, diff);
    });
  };
  versionsButton.addEventListener("click", () => showVersions());

  showForm();
  showProblems();
  showPages();
  showSourceState();
  if (arrival) { say(status, arrival, true); arrival = null; }
  // Values kept through a reload: the bar says so, as it did before it, naming the field.
  else if (pending.size) sayNotSaved([...pending.keys()]);
  for (const [key, value] of retyped) {
    const node = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (node) node.value = value;
    send(key, value);
  }

  let timer;
  source.addEventListener("input", () => {
    showSourceState();
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const { body } = await api("/api/check", { method: "POST", body: source.value });
      diagnostics = body.diagnostics;
      showProblems();
    }, 250);
  });
  // The source saved over the version `etag`; the file changed since: what to do is asked.
  const putSource = inTurn(async () => {
    const { response, body } = await api(one, { method: "PUT", body: source.value, headers: { "If-Match": etag } });
    if (response.status === 409) { await sourceConflict(); return; }
    if (!response.ok) { refused(response, body); return; }
    sourceClash.replaceChildren();
    sourceClash.hidden = true;
    savedToml = source.value;
    // The form drawn from the file saved, then « Enregistré ».
    const fresh = await api(one);
    if (fresh.response.ok && fresh.body.values) { ({ values, years, annex_numbers: annexNumbers, totals } = fresh.body); showForm(); }
    saved({ ...body, toml: source.value });
  });
  saveSource.addEventListener("click", () => putSource());
  // A refused source: what changed on the server since it was read, the text typed applied
  // on the newest version (when the two touch different lines and it still reads), or
  // dropped for the newest version. The text stays in the editor until one is chosen.
  async function sourceConflict() {
    const mine = source.value;
    const { response, body } = await api(`${base}/since`, json("POST", { base: savedToml, mine }));
    if (!response.ok) { say(status, refusal(body, "Lecture impossible"), false); return; }
    say(status, "La source n’a pas été enregistrée : la convention a changé ailleurs (voir sous la source).", false);
    const box = [
      element("p", "Non enregistré : la convention a été modifiée ailleurs (un autre onglet ou une autre personne) depuis que la source a été lue. Votre texte est gardé dans l’éditeur."),
      element("strong", "Ce qui a changé depuis :"),
      element("pre", body.summary ?? "une des deux versions a des erreurs : comparez les lignes dans « Versions… ».", { class: "summary" }),
    ];
    const apply = element("button", "Appliquer ma source sur la version la plus récente", { type: "button", class: "secondary" });
    const drop = element("button", "Abandonner ma saisie", { type: "button", class: "remove" });
    if (!body.merged) {
      box.push(element("p", "Vos modifications et celles faites ailleurs touchent les mêmes lignes : elles ne peuvent pas être appliquées telles quelles. Copiez votre texte, abandonnez votre saisie, puis reportez-y vos modifications.", { class: "ko" }));
      apply.disabled = true;
    } else if (!body.parses) {
      box.push(element("p", "Appliquée sur la version la plus récente, votre source ne se lirait plus (TOML invalide) : corrigez-la ou abandonnez votre saisie.", { class: "ko" }));
      apply.disabled = true;
    }
    apply.addEventListener("click", async () => {
      // Typed again since the question: asked again on the new text.
      if (source.value !== mine) { await sourceConflict(); return; }
      etag = body.etag;
      savedToml = body.toml;
      source.value = body.merged;
      await putSource();
      source.focus();
    });
    drop.addEventListener("click", async () => {
      etag = body.etag;
      form.dataset.etag = etag;
      source.value = savedToml = body.toml;
      sourceClash.replaceChildren();
      sourceClash.hidden = true;
      const fresh = await api(one);
      if (fresh.response.ok && fresh.body.values) ({ values, years, annex_numbers: annexNumbers, totals, diagnostics } = fresh.body);
      showForm();
      showProblems();
      showPages();
      showSourceState();
      source.focus();
    });
    box.push(apply, drop);
    sourceClash.replaceChildren(...box);
    sourceClash.hidden = false;
    sourceBox.open = true;
    apply.disabled ? drop.focus() : apply.focus();
  }
}

// A saved version's name is its time: « 2026-11-24T17-30-05Z.toml ».
const VERSION = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-(\d+))?(-envoi|-avenant(?:-\d+)?(?:-retire)?|-jalon)?\.toml$/;
// When a version was saved, from its name.
const versionTime = (name) => {
  const m = name.match(VERSION);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
};
// A version's time, and what marks it (« version envoyée »), apart.
const versionParts = (name) => {
  const m = name.match(VERSION);
  if (!m) return { when: name, note: "" };
  const when = versionTime(name).toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "medium" }) + (m[7] ? ` (${m[7]})` : "");
  // `-avenant-2`: the convention as avenant n° 2 prepared leaves it; `-retire`, withdrawn since.
  const [, number, withdrawn] = m[8]?.match(/^-avenant(?:-(\d+))?(-retire)?$/) ?? [];
  const avenant = number ? `l’avenant n° ${number}` : "un avenant";
  const note = m[8]?.startsWith("-avenant") ? (withdrawn ? `laissée par ${avenant}, retiré depuis` : `reprise par ${avenant} préparé`)
    : { "-envoi": "version envoyée", "-jalon": "enregistrée à la main" }[m[8]] ?? "";
  return { when, note };
};
// In a list: « 5 décembre 2026 à 21:52:51 — version envoyée ».
const versionLabel = (name) => { const { when, note } = versionParts(name); return when + (note ? ` — ${note}` : ""); };
// Within a sentence the mark is set apart, never read as a second version: « de la version
// du … (reprise par un avenant préparé) à la version actuelle »; inside parentheses, after a comma.
const versionInSentence = (name, inParentheses = false) => {
  const { when, note } = versionParts(name);
  return when + (!note ? "" : inParentheses ? `, ${note}` : ` (${note})`);
};

// A signatory's quality in the feminine, word by word (« Directeur général adjoint » →
// « Directrice générale adjointe »); words it does not know are left as they are.
const FEMININE = { président: "présidente", directeur: "directrice", "vice-président": "vice-présidente", conseiller: "conseillère", adjoint: "adjointe", délégué: "déléguée", général: "générale", départemental: "départementale" };
const feminine = (role) => role.replace(/[\p{L}-]+/gu, (word, at) => {
  // Only the quality's own words, before « du », « de la »…: « Président du Conseil
  // départemental » keeps its council as it is.
  if (/\s(du|de|des|d’|d')\s?/u.test(role.slice(0, at))) return word;
  const said = FEMININE[word.toLowerCase()];
  if (!said) return word;
  return word[0] === word[0].toUpperCase() ? said[0].toUpperCase() + said.slice(1) : said;
});

// The convention as avenant n° N leaves it, named `avenant-N` in the versions' list.
const leftBy = (name) => {
  const number = name.match(/^avenant-(\d+)$/)?.[1];
  return number ? `la convention telle que l’avenant n° ${number} la laisse` : null;
};

// Who wrote a saved version, and who sent it, when the workspace knows (a team's).
// A value still to give, whatever its case and spacing (as format::values::is_placeholder).
const stillToGive = (value) => typeof value === "string" && /[aàâ]\s+compl[eéèê]ter/i.test(value);
const byWhom = (who) => (who?.author ? ` — par ${who.author}` : "") + (who?.sender ? ` — envoyée par ${who.sender}` : "");

// Others on the same convention (a team's workspace): the page says so every 5 seconds
// while it shows it, and shows who else is on it.
const followPresence = (base, view) => {
  if (!workspace.user) return;
  const notice = element("p", "", { class: "presence warn", role: "status", hidden: "" });
  view.before(notice);
  const beat = async () => {
    if (!view.isConnected) { clearInterval(timer); return; }
    const { response, body } = await api(`${base}/presence`, { method: "POST" });
    if (!response.ok || !view.isConnected) return;
    notice.hidden = !body.others.length;
    notice.textContent = body.others.length ? `En cours de modification par ${body.others.join(", ")}` : "";
  };
  const timer = setInterval(beat, 5000);
  beat();
};

const journalTable = (entries) => {
  const table = element("table");
  const head = element("tr");
  const byUser = entries.some((e) => e.user);
  for (const title of ["Date", "Référence", "Destinataires", "État", "Version", ...(byUser ? ["Par"] : [])]) head.append(element("th", title));
  table.append(head);
  const states = { sent: "envoyé", failed: "échec", sending: "interrompu pendant l’envoi" };
  for (const e of entries) {
    const row = element("tr");
    row.append(element("td", new Date(e.time).toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short" })),
      element("td", e.reference), element("td", e.recipients.join(", ")),
      element("td", states[e.status] ?? e.status, { class: e.status === "sent" ? "ok" : "ko" }),
      element("td", e.draft ? "projet" : "définitive"));
    if (byUser) row.append(element("td", e.user ?? "—"));
    table.append(row);
  }
  if (!entries.length) {
    const none = element("tr");
    none.append(element("td", "Rien n’a encore été envoyé.", { colspan: 5 }));
    table.append(none);
  }
  return table;
};

async function showJournal() {
  const { body } = await api("/api/journal");
  main.replaceChildren(element("h2", "Journal des envois"), journalTable(body));
}

// A day of the file (« 2026-12-05 ») as French writes it: « 5 décembre 2026 », « 1er janvier ».
const longDate = (day) => new Date(day).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).replace(/^1 /, "1er ");

// Renewal: the CEJs that expire before a date, drafted as CTGs, and the report as a table.
function showRenew() {
  const form = element("form", undefined, { class: "panel" });
  const labelled = (text, control) => { const l = element("label", text); l.append(control); return l; };
  const before = element("input", undefined, { type: "date", name: "expiring_before", required: "" });
  before.value = `${new Date().getFullYear() + 1}-01-01`;
  const years = element("select", undefined, { name: "years" });
  for (let y = 5; y >= 1; y--) years.append(element("option", `${y} an${y > 1 ? "s" : ""}`, { value: y }));
  const start = element("input", undefined, { type: "date", name: "start" });
  const group = element("input", undefined, { type: "checkbox", name: "group_by_epci" });
  const tick = element("label", undefined, { class: "check" }); tick.append(group, " Une CTG par EPCI (communes regroupées)");
  const go = element("button", "Renouveler");
  form.append(labelled("CEJ finissant avant le", before), labelled("Durée des CTG", years),
    labelled("Début des CTG (facultatif ; sinon le lendemain de la fin de chaque CEJ)", start), tick, go);
  const out = element("div");
  main.replaceChildren(element("h2", "Renouveler les CEJ en CTG"),
    element("p", "Chaque CEJ du dossier qui finit avant la date choisie devient un projet de CTG, à financement constant, écrit dans le dossier « renouvellement » avec son PDF."),
    form, out);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // A date picker is not typed in « AAAA-MM-JJ »: a date it gives that is no day of a
    // four-digit year (« 20271 ») is refused here, in the picker's words, beside it.
    for (const note of form.querySelectorAll(".field-error")) note.remove();
    const wrong = [[before, "CEJ finissant avant le"], [start, "Début des CTG"]]
      .filter(([picker]) => (picker.value || picker === before) && !/^\d{4}-\d{2}-\d{2}$/.test(picker.value));
    for (const [picker, label] of wrong) {
      const note = element("div", `${label} : choisissez une date (jour, mois et année à quatre chiffres).`, { class: "field-error", id: `error-${picker.name}`, role: "alert" });
      picker.setAttribute("aria-invalid", "true");
      picker.setAttribute("aria-describedby", note.id);
      picker.parentElement.after(note);
    }
    for (const picker of [before, start]) if (!wrong.some(([p]) => p === picker)) picker.removeAttribute("aria-invalid");
    if (wrong.length) { wrong[0][0].focus(); return; }
    renew(false);
  });
  const renew = async (anyway) => {
    go.disabled = true;
    out.replaceChildren(element("p", "Renouvellement en cours…"));
    const request = { expiring_before: before.value, years: parseInt(years.value, 10), start: start.value || null, group_by_epci: group.checked, anyway };
    const { response, body } = await api("/api/renew", json("POST", request));
    go.disabled = false;
    // CEJs ended long ago would give CTGs over already: asked before anything is written.
    // So would drafts that say something else than the renewal would write (edited since).
    if (response.status === 409 && (body?.over || body?.replaced)) {
      const over = body.over ?? [], replaced = body.replaced ?? [];
      const list = element("ul");
      for (const o of over) list.append(element("li", `${o.cej} : la CTG irait du ${longDate(o.start)} au ${longDate(o.end)}`));
      const choose = element("button", "Choisir le début des CTG", { type: "button" });
      choose.addEventListener("click", () => start.focus());
      const still = element("button", over.length ? "Renouveler quand même" : "Remplacer ces projets", { type: "button", class: "secondary" });
      still.addEventListener("click", () => renew(true));
      const cancel = element("button", "Annuler", { type: "button", class: "secondary" });
      cancel.addEventListener("click", () => out.replaceChildren(element("p", "Renouvellement annulé : rien n’a été écrit.")));
      const actions = element("p"); actions.append(...(over.length ? [choose, " "] : []), still, " ", cancel);
      const said = refusal(body, "Renouvellement refusé");
      const drafts = replaced.length ? [element("p", `${over.length ? "Seraient aussi remplacés, modifiés depuis peut-être (leur texte actuel resterait dans leur historique) : " : ""}${replaced.join(", ")}.`, { class: "warn" })] : [];
      out.replaceChildren(element("p", said, { class: "warn", role: "alert" }), ...(over.length ? [list] : []), ...drafts, actions);
      // The question asked: the focus on its first answer, not on the page's top.
      actions.querySelector("button")?.focus();
      return;
    }
    if (!response.ok) {
      const refused = element("p", refusal(body, "Renouvellement impossible"), { class: "ko", tabindex: "-1" });
      out.replaceChildren(refused);
      refused.focus();
      return;
    }
    const table = element("table");
    const head = element("tr");
    for (const title of ["Fichier", "CEJ", "Résultat", "CTG", "Remarque"]) head.append(element("th", title));
    table.append(head);
    const results = { renewed: "renouvelé", skipped: "non concerné", error: "erreur" };
    for (const r of body.rows) {
      const row = element("tr");
      const ctg = element("td");
      if (r.ctg_reference) ctg.append(element("a", r.ctg_reference, { href: "#" + encodeURIComponent(r.ctg_reference) }));
      row.append(element("td", r.input), element("td", r.cej_reference),
        // A draft with remarks (délibérations to give, a period begun) is not done: amber.
        element("td", results[r.status] ?? r.status, { class: r.status === "error" ? "ko" : r.status !== "renewed" ? "" : r.message ? "warn" : "ok" }),
        ctg, element("td", r.message));
      table.append(row);
    }
    const renewed = body.rows.filter((r) => r.status === "renewed").length;
    const said = element("p", `${plural(renewed, "CEJ renouvelé", "CEJ renouvelés")} ; projets dans « ${body.folder} », à relire et compléter.`, { class: body.failed ? "ko" : "ok", tabindex: "-1" });
    out.replaceChildren(said, table);
    // The button pressed may be gone with the question it answered: the focus goes to what
    // was done.
    said.focus();
  };
}

// The hash the page shows: going back to it when leaving is cancelled.
let shownHash = location.hash;
async function route() {
  // The access link again: the token kept, the view as it was (or shown, after « Accès »).
  if (takeToken()) {
    history.replaceState(null, "", shownHash || location.pathname);
    if (!document.getElementById("signin")) return;
  }
  const why = unsaved();
  if (why && location.hash !== shownHash) {
    if (!confirm(`${why} Quitter cette convention quand même ?`)) {
      history.replaceState(null, "", shownHash || location.pathname);
      return;
    }
  }
  // Another view starts at its top (its heading, what it is), the keyboard's focus there too:
  // Tab then goes on from the view's start, not from the page's body.
  const moved = location.hash !== shownHash;
  if (moved) window.scrollTo(0, 0);
  shownHash = location.hash;
  unsaved = () => null;
  flushOnLeave = null;
  dropSigned = null;
  const [path, query] = location.hash.slice(1).split("?");
  const hash = decodeURIComponent(path);
  if (hash === "/renouveler") showRenew();
  else if (hash === "/journal") await showJournal();
  else if (hash === "/echeances") await showDeadlines();
  else if (hash) await showConvention(hash, new URLSearchParams(query ?? "").get("file"));
  else await showList();
  const heading = main.querySelector("h2");
  if (moved && heading && shownHash === location.hash && !main.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

(async () => {
  // Asked only when a token is wanted: behind a team's proxy, none is.
  if (sessionStorage.getItem(TOKEN) === null && (await fetch("/api/workspace")).status === 401) await askOpenTabs();
  const { response, body } = await api("/api/workspace");
  if (!response.ok) return;
  workspace = body;
  format = (await api("/api/format")).body;
  document.getElementById("where").textContent = `Dossier : ${body.dir}` + (body.user ? ` — ${body.user}` : "");
  route();
})();
// Before the workspace is read (no token yet), only the access link is awaited.
window.addEventListener("hashchange", () => (format ? route() : takeToken() && location.reload()));

// Where a convention stands after it leaves: the server's state (« projet », « envoyée »,
// « signée (2/3) », « signée », « à vérifier », from the journal and `convgen verify`'s last
// verdict) with the day it was sent.
function sending(c) {
  // A convention whose period is over: said after where it stands; of an avenant (its period
  // is its convention's), only when it can no longer be signed.
  const ended = c.end && c.end < today();
  const over = !ended ? "" : c.kind !== "avenant" ? ` — terminée le ${longDate(c.end)}`
    : avenantTooLate(c) ? ` — sa convention a pris fin le ${longDate(c.end)} : il ne peut plus être signé` : "";
  const said = standing(c);
  return said === "—" && over ? over.slice(3) : said + over;
}
function standing(c) {
  const sent = c.sent ? `envoyée le ${c.sent}` : "";
  // No signed copy came back, but the file is dated as signed (signed on paper, or before
  // convgen): said so, and whether the file still says what was signed.
  // An avenant is masculine: « signé le … ».
  const e = c.kind === "avenant" ? "" : "e";
  const dated = !c.dated ? "" : c.dated > today() ? `signature prévue le ${longDate(c.dated)} (date du fichier)`
    : c.valid ? `signé${e} le ${longDate(c.dated)} (date du fichier)${c.changed_since_signed ? ` — modifié${e} depuis la signature` : ""}`
    : `daté${e} comme signé${e} le ${longDate(c.dated)} (le fichier a des erreurs)`;
  if (dated && (!c.state || ["state-draft", "state-sent"].includes(c.state_kind))) return sent ? `${sent} — ${dated}` : dated;
  if (!c.state || c.state_kind === "state-draft") return sent || "—";
  if (c.state_kind === "state-sent") return sent || c.state;
  return sent ? `${c.state} — ${sent}` : c.state;
}

// An avenant neither dated nor back signed to a convention over (the page warns the same).
const avenantTooLate = (c) => c.kind === "avenant" && c.end < today() && !c.dated && !["state-signed", "state-partially-signed"].includes(c.state_kind);
const stateClass = (c) => c.state_kind === "state-to-check" ? "ko" : c.changed_since_signed || avenantTooLate(c) ? "warn" : "";

// ---- Signed copies coming back: a PDF dropped anywhere on the page (or chosen with the
// picker) goes to the view's address; the server keeps it, verifies it as `convgen verify`
// does, and answers its verdict, shown here in words with a table of its signatures.
// What the view does with a file dropped on the page: null where nothing is taken.
let dropSigned = null;
document.addEventListener("dragover", (event) => {
  if (!dropSigned || !event.dataTransfer?.types.includes("Files")) return;
  event.preventDefault();
  document.body.classList.add("dropping");
});
document.addEventListener("dragleave", (event) => {
  if (!event.relatedTarget) document.body.classList.remove("dropping");
});
document.addEventListener("drop", (event) => {
  document.body.classList.remove("dropping");
  if (!dropSigned || !event.dataTransfer?.files.length) return;
  event.preventDefault();
  dropSigned(event.dataTransfer.files[0]);
});

// A panel that takes a signed PDF for `path`: its file picker, what it says (`intro`), and
// where the verdict appears; `done` is given the server's answer.
function signedPanel(path, intro, done, what = "la convention signée") {
  const panel = element("section", undefined, { class: "panel signed", "aria-labelledby": "signed-title" });
  // The browser's own control, hidden but reachable from the keyboard: its label is the button.
  const picker = element("input", undefined, { type: "file", id: "signed-file", accept: "application/pdf,.pdf", class: "visually-hidden" });
  const label = element("label", `Déposer ${what}`, { for: "signed-file", class: "button" });
  const out = element("div", undefined, { class: "verdict", role: "status" });
  const send = async (file) => {
    out.replaceChildren(element("p", `Vérification de « ${file.name} »…`));
    // Dropped anywhere on the page: the answer is brought into view where it is.
    out.scrollIntoView({ block: "nearest" });
    const { response, body } = await api(path, { method: "POST", headers: { "Content-Type": "application/pdf" }, body: file });
    if (!response.ok) {
      out.replaceChildren(element("p", refusal(body, response.status === 413 ? "Fichier trop lourd" : "Dépôt impossible"), { class: "ko" }));
      return;
    }
    out.replaceChildren(...verdictView(body.verdict, body.not_recorded));
    panel.scrollIntoView({ block: "start" });
    done?.(body);
  };
  picker.addEventListener("change", () => {
    if (picker.files[0]) send(picker.files[0]);
    picker.value = "";
  });
  dropSigned = send;
  const pick = element("div", undefined, { class: "bar" });
  pick.append(label, picker);
  panel.append(element("h3", "Retour signé", { id: "signed-title" }), element("p", intro), pick, out);
  return { panel, out };
}

// A verdict in words: which convention, where the copy stands, the document produced found
// in it or not, what changed, its signatures. Green only for what was compared and holds.
function verdictView(v, notRecorded) {
  const facts = element("dl", undefined, { class: "facts" });
  const compared = v.original === "identical";
  const rows = [
    ...(v.convention ? [["Convention", v.convention]] : []),
    ["État", v.status_text, v.status === "signed" ? "ok" : v.status === "invalid" ? "ko" : "warn"],
    ["Document produit", v.original_text, compared ? "ok" : v.original === "different" ? "ko" : "warn"],
    ["Modifications après production", v.changes_text, v.changes === "modified" ? "ko" : compared ? "ok" : "warn"],
    ["Copie gardée", v.already ?? v.file],
    ...(v.by ? [["Déposée par", v.by]] : []),
  ];
  for (const [term, text, className] of rows) facts.append(element("dt", term), element("dd", text, className ? { class: className } : {}));
  const table = element("table", undefined, { class: "signatures" });
  table.append(element("caption", "Signatures"));
  const head = element("tr");
  for (const title of ["Signataire", "Partie", "Signée", "Certificat du signataire", "Date de signature", "Intègre"]) head.append(element("th", title, { scope: "col" }));
  table.append(head);
  const yes = (value) => value === true ? "oui" : value === false ? "non" : "—";
  for (const s of v.signatures) {
    const row = element("tr");
    row.append(element("td", s.signatory ?? s.who), element("td", s.party ?? "—"),
      element("td", yes(s.signed), { class: s.signed ? "ok" : "warn" }),
      element("td", s.signer ?? "—"), element("td", s.time ?? "—"),
      element("td", yes(s.intact), { class: s.intact === false ? "ko" : s.intact ? "ok" : "" }));
    table.append(row);
  }
  // A scan carries no signature field: say so rather than show an empty table.
  const signatures = v.signatures.length ? table : element("p", "Aucune signature électronique dans ce PDF.");
  return [facts, signatures, ...(notRecorded ? [element("p", notRecorded, { class: "warn" })] : [])];
}

// The list's panels: signed copies dropped on it (the convention found from the PDF), the
// deadlines; a state in the list follows each verdict.
function listPanels() {
  const { panel } = signedPanel("/api/signed",
    "Déposez ici (ou n’importe où sur la page) le PDF signé revenu du parapheur : il est rangé avec sa convention, vérifié, et son état mis à jour dans la liste.",
    async () => {
      const { response, body } = await api("/api/conventions");
      if (!response.ok) return;
      for (const c of body) {
        const cell = main.querySelector(`td[data-state-of="${CSS.escape(c.reference)}"]`);
        if (!cell) continue;
        cell.textContent = sending(c);
        cell.className = stateClass(c);
      }
    });
  const deadlines = element("section", undefined, { class: "panel", "aria-labelledby": "deadlines-title" });
  const status = element("span", "", { role: "status" });
  const bar = element("div", undefined, { class: "bar" });
  bar.append(element("a", "Voir les échéances des douze prochains mois", { href: "#/echeances" }), calendarButton(status), status);
  deadlines.append(element("h3", "Échéances", { id: "deadlines-title" }), bar);
  return [panel, deadlines];
}

const calendarButton = (status) => {
  const button = element("button", "Télécharger le calendrier (.ics)", { type: "button" });
  button.addEventListener("click", () => download("/api/calendar.ics", status));
  return button;
};

// A convention's signed copies: the last verdict recorded, and a panel to drop the next.
function conventionSigned(reference, base, avenant) {
  const state = element("p", "", { class: "state" });
  const showState = (body) => { state.textContent = body.state ? `Envoi et signature : ${body.state}` : ""; };
  const { panel, out } = signedPanel(`${base}/signed`,
    `Déposez le PDF signé de ${reference} revenu du parapheur : il est gardé à côté du PDF produit (qui reste tel quel), et vérifié.`,
    showState, avenant ? "l’avenant signé" : "la convention signée");
  panel.querySelector("h3").after(state);
  (async () => {
    const { response, body } = await api(`${base}/signed`);
    if (!response.ok) return;
    showState(body);
    if (body.verdict && !out.childNodes.length) out.replaceChildren(element("p", "Dernier retour vérifié :"), ...verdictView(body.verdict));
  })();
  return panel;
}

// « Échéances »: what falls in the next twelve months, by date, each with its convention.
async function showDeadlines() {
  const { response, body } = await api("/api/deadlines");
  if (!response.ok) { main.replaceChildren(element("p", refusal(body, "Échéances indisponibles"), { class: "ko" })); return; }
  const kinds = { end: "Fin de la convention", renewal: "Préparer le renouvellement", effective: "Prise d’effet de l’avenant", reminder: "Relancer les signataires" };
  const table = element("table", undefined, { class: "deadlines" });
  const head = element("tr");
  for (const title of ["Date", "Échéance", "Convention", "Détail"]) head.append(element("th", title, { scope: "col" }));
  table.append(head);
  for (const e of body.events) {
    const row = element("tr");
    const link = element("td");
    link.append(element("a", e.reference, { href: "#" + encodeURIComponent(e.reference) }));
    row.append(element("td", e.overdue ? `${e.day} (en retard)` : e.day, e.overdue ? { class: "ko" } : {}),
      element("td", kinds[e.kind] ?? e.kind), link, element("td", e.description));
    table.append(row);
  }
  if (!body.events.length) {
    const none = element("tr");
    none.append(element("td", "Aucune échéance dans les douze prochains mois.", { colspan: 4 }));
    table.append(none);
  }
  const status = element("span", "", { role: "status" });
  const bar = element("div", undefined, { class: "bar" });
  bar.append(calendarButton(status), status);
  // A draft with errors has no dates yet that can be trusted: said, not silently left out.
  const left = element("p", undefined, { class: "warn" });
  if (body.with_errors.length) {
    left.append(`${plural(body.with_errors.length, "convention n’est pas comptée", "conventions ne sont pas comptées")} tant que ${body.with_errors.length > 1 ? "leurs erreurs ne sont pas corrigées" : "ses erreurs ne sont pas corrigées"} : `);
    body.with_errors.forEach((reference, i) => left.append(i ? ", " : "", element("a", reference, { href: "#" + encodeURIComponent(reference) })));
    left.append(".");
  }
  main.replaceChildren(element("h2", "Échéances"),
    element("p", `Du ${body.from_text} au ${body.until_text}, par date : fins de convention, renouvellements à préparer six mois avant (gardés, en retard, tant que la convention court), prises d’effet des avenants, et relances des conventions envoyées sans retour signé depuis 30 jours.`),
    bar, table, ...(body.with_errors.length ? [left] : []));
}
