// Starts Debian's Chromium through playwright-core (never a downloaded browser) with a fresh profile, and checks
// pages with axe-core. Shared by the scenarios in scenarios.mjs.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function openBrowser(artefacts) {
  const profile = mkdtempSync(join(tmpdir(), 'infosharing-chromium-'));
  mkdirSync(artefacts, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.INFOSHARING_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: true,
  });
  context.setDefaultTimeout(20000);
  return {
    context,
    page: context.pages()[0] ?? await context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// axe-core against WCAG 2.0, 2.1 and 2.2 A and AA; any serious or critical violation fails the page.
export async function checkAccessibility(page, name) {
  await page.addScriptTag({ content: axeSource }).catch(async () => {
    // The pages' CSP forbids inline scripts: evaluate the source instead (evaluation is not subject to the CSP).
    await page.evaluate(axeSource);
  });
  const result = await page.evaluate(async () => await globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const detail = bad.map(v => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('\n    ')}`).join('\n  ');
    throw new Error(`axe-core: ${bad.length} serious or critical violation(s) on ${name}:\n  ${detail}`);
  }
  console.log(`axe-core: ${name}: no serious or critical violations (${result.passes.length} rules passed, ${result.violations.length} minor)`);
}

export async function screenshot(page, artefacts, name) {
  const file = join(artefacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}
