// Two people of a team, each in their own browser signed on through nginx (auth_basic):
// both open the same convention and each sees the other « en cours de modification »; a
// save by Alice is shown under her name in Bob's Versions. Run by tests/cli/team.rs:
// `node team.mjs URL`; exits non-zero with a message on any failure.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const open = async (username, password) => {
  const context = await browser.newContext({ httpCredentials: { username, password }, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(url);
  await page.getByRole("link", { name: "CTG-057-2021-HOUVE" }).click();
  await page.locator("#form").waitFor();
  return page;
};
try {
  const alice = await open("alice", "a-pw");
  assert.match(await alice.locator("#where").textContent(), /alice$/, "the page says who is signed in");
  const bob = await open("bob", "b-pw");
  // Within a beat (5 s) each sees the other.
  await bob.getByText("En cours de modification par alice").waitFor();
  await alice.getByText("En cours de modification par bob").waitFor();
  // Alice saves a name; Bob's Versions show the version she replaced and the current one as hers.
  const name = alice.locator('input[data-key="partners[1].signatories[1].name"]');
  await name.fill("André Boucher");
  await name.press("Tab");
  await alice.locator("#status", { hasText: "Enregistré" }).waitFor();
  await bob.reload();
  await bob.getByRole("button", { name: "Versions…" }).click();
  await bob.locator('select[name="to"] option', { hasText: /version actuelle du fichier.* — par alice/ }).waitFor({ state: "attached" });
  // Bob leaves: Alice no longer sees him once his entry expires (15 s).
  await bob.close();
  await alice.getByText("En cours de modification par bob").waitFor({ state: "hidden", timeout: 30000 });
  console.log("all good");
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
