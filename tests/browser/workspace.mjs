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
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(15000);
  await page.goto(url);
  assert.equal(new URL(page.url()).search, "", "the token leaves the address bar");
  await page.getByRole("heading", { name: "Conventions" }).waitFor();
  await page.screenshot({ path: `${screenshots}/list.png` });

  await page.getByRole("link", { name: "CTG-057-2021-HOUVE" }).click();
  const firstPage = page.locator(".pages img").first();
  await firstPage.waitFor();
  const before = await firstPage.screenshot();
  const source = page.getByRole("textbox", { name: "Source TOML" });
  const text = await source.inputValue();
  assert.ok(text.includes("Jean-Pierre Kieffer"));

  await source.fill(text.replace("Jean-Pierre Kieffer", "André Boucher"));
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Enregistré", { exact: true }).waitFor();
  await page.waitForFunction(async (previous) => {
    const image = document.querySelector(".pages img");
    return image && image.complete && image.src !== previous;
  }, await firstPage.getAttribute("src"));
  const after = await page.locator(".pages img").first().screenshot();
  assert.notDeepEqual(after, before, "the first page changes with the signatory's name");
  await page.screenshot({ path: `${screenshots}/convention.png` });

  const bad = text.replace("budget = 6000", "budget = 6000.125");
  const line = bad.split("\n").findIndex((l) => l.startsWith("budget = 6000.125")) + 1;
  await source.fill(bad);
  const problem = page.locator("#problems li.ko").first();
  await problem.waitFor();
  const message = await problem.textContent();
  assert.match(message, new RegExp(`^Erreur ligne ${line} \\(axes\\[4\\]\\.actions\\[2\\]\\.budget\\)`), message);
  await page.screenshot({ path: `${screenshots}/error.png` });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Télécharger le PDF" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "CTG-057-2021-HOUVE.pdf");
  const pdf = await readFile(await download.path());
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  console.log("workspace: list, edit, live error, download: all good");
} finally {
  await browser.close();
}
