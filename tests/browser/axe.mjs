// axe-core, run in the page on a view: no critical nor serious finding (the others printed).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const axe = async (page, view) => {
  await page.addScriptTag({ content: axeSource });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  const said = bad.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
  assert.deepEqual(said, [], `axe on ${view}`);
  const others = violations.map((v) => `${v.impact} ${v.id}`);
  console.log(`axe on ${view}: no critical or serious finding${others.length ? ` (others: ${others.join(", ")})` : ""}`);
};
