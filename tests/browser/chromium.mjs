// What the browser scripts share: Debian's chromium, headless, and the way a script ends
// (« all good », or the error and a non-zero exit, the browser closed either way).
import { chromium } from "playwright-core";

export const launch = () => chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

export async function run(browser, steps) {
  try {
    await steps();
    console.log("all good");
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
