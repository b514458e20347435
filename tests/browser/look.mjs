// Screenshots of the workspace's views for a person to look at (not a test):
// `node look.mjs URL OUT_DIR [REFERENCE]`, at 1280×720 and 1920×1080.
import { chromium } from "playwright-core";

const [url, out, reference = "CTG-057-2021-HOUVE"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(url);
    await page.getByRole("heading", { name: "Conventions" }).waitFor();
    await page.screenshot({ path: `${out}/list-${width}.png`, fullPage: true });
    await page.getByRole("link", { name: reference, exact: true }).first().click();
    await page.locator(".pages img").first().waitFor();
    await page.screenshot({ path: `${out}/convention-${width}.png` });
    await page.screenshot({ path: `${out}/convention-${width}-full.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
