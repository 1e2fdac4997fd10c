/**
 * `npm run screenshots`: the README's pictures of the card on Slack and Discord. The payloads are
 * the bot's real ones (scripts/screenshots/payloads.ts: the product layer and the adapters' own
 * renderers, clicks decoded from the rendered ids); they are drawn as HTML imitating each
 * platform (scripts/screenshots/*-html.ts) and photographed with headless Chromium through
 * playwright-core. Renderings of real payloads, not screenshots of Slack or Discord.
 *
 * Needs Debian's chromium (`apt-get install -y chromium fonts-noto-color-emoji`; another binary via
 * CHROMIUM_PATH). `--html DIR` writes only the pages, without a browser. Writes docs/screenshots/*.png.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { realPayloads } from './screenshots/payloads.js';
import { pictures } from './screenshots/pictures.js';

const OUT_DIR = 'docs/screenshots';
/** Per page: loading it and taking its picture. */
const STEP_TIMEOUT_MS = 30_000;

async function main(argv: readonly string[]): Promise<void> {
  const htmlAt = argv.indexOf('--html');
  const htmlDir = htmlAt >= 0 ? resolve(argv[htmlAt + 1] ?? 'screenshots-html') : await mkdtemp(join(tmpdir(), 'errcode-shots-'));
  await mkdir(htmlDir, { recursive: true });
  const all = pictures(await realPayloads());
  for (const picture of all) await writeFile(join(htmlDir, `${picture.name}.html`), picture.html);
  console.log(`wrote ${all.length} pages to ${htmlDir}`);
  if (htmlAt >= 0) return;

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Root in a container has no user namespace for Chromium's sandbox; the pages are our own.
    args: ['--no-sandbox'],
    timeout: STEP_TIMEOUT_MS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 400 }, deviceScaleFactor: 1 });
    await mkdir(OUT_DIR, { recursive: true });
    for (const picture of all) {
      await page.goto(`file://${join(htmlDir, `${picture.name}.html`)}`, { timeout: STEP_TIMEOUT_MS });
      const path = join(OUT_DIR, `${picture.name}.png`);
      await page.locator('#shot').screenshot({ path, timeout: STEP_TIMEOUT_MS });
      console.log(`${path}  (${picture.caption})`);
    }
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
