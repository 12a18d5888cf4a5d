// Browser tests of the web client: Debian's chromium driven by puppeteer-core, against a DevHost on a
// free loopback port with a temporary data folder, serving web/dist. Each step is one test; the result
// is printed as "N passed, N failed" and, with --trx FILE, written as a TRX file .ci/run counts.
// --screenshots regenerates docs/screenshots/*.png of each main screen.
// Usage: node web/tests/browser.mjs [--trx FILE] [--screenshots] (build the DevHost and web/dist first).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const repo = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const trx = args.includes('--trx') ? args[args.indexOf('--trx') + 1] : null;
const screenshots = args.includes('--screenshots');
const chromium = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromium) throw new Error('chromium is not installed (apt-get install -y chromium)');
const devHostDll = join(repo, 'src/Kmt.DevHost/bin/Debug/net10.0/Kmt.DevHost.dll');
if (!existsSync(devHostDll)) throw new Error(`Build the DevHost first: ${devHostDll} is missing`);
if (!existsSync(join(repo, 'web/dist/index.html'))) throw new Error('Build the web client first: npm run build --prefix web');

const port = await new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
const base = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), 'kmt-browser-'));
const started = Date.now();
const host = spawn('dotnet', [devHostDll, '--urls', base], {
  cwd: repo,
  env: {
    ...process.env,
    Kmt__Embedded__DataDirectory: join(data, 'kmt-data'),
    Kmt__DevHost__WebRoot: join(repo, 'web/dist'),
    Kmt__DevHost__BlobPollInterval: '00:00:00.200',
    Kmt__RateLimits__Enabled: 'false',
    Kmt__Auth__PasswordIterations: '1000',
    DOTNET_ENVIRONMENT: 'Development',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let hostLog = '';
host.stdout.on('data', (d) => (hostLog += d));
host.stderr.on('data', (d) => (hostLog += d));

const results = [];
let browser;
try {
  await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 60000, 'the DevHost to answer');
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: join(data, 'profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844 }); // a phone
  page.setDefaultTimeout(15000);
  const shot = async (name) => {
    if (!screenshots) return;
    mkdirSync(join(repo, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repo, 'docs/screenshots', `${name}.png`), fullPage: true });
  };

  await test('sign up', async () => {
    await page.goto(base + '/');
    await page.waitForSelector('form input[name=email]');
    await shot('sign-up');
    await page.type('input[name=first_name]', 'Ada');
    await page.type('input[name=email]', `ada-${Date.now()}@example.com`);
    await page.type('input[name=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.waitForSelector('nav[aria-label=Main]');
    await waitFor(() => page.evaluate(() => document.documentElement.dataset.realtime === 'connected'), 10000, 'the real-time connection');
  });

  await test('capture a note and see its real-time item_changed arrive', async () => {
    await page.goto(base + '/#capture');
    await page.waitForSelector('input[name=title]');
    await page.type('input[name=title]', 'Photosynthesis basics');
    await page.type('textarea[name=content]', 'Chlorophyll absorbs light; the Calvin cycle fixes carbon dioxide into sugar.');
    await page.type('input[name=tags]', 'biology, science/plants');
    await shot('capture');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent?.includes('Saved'));
    await page.goto(base + '/#notifications');
    await page.waitForSelector('[data-realtime-type=item_changed]');
    await shot('notifications');
  });

  await test('upload by file input and see the live status reach completed', async () => {
    await page.goto(base + '/#upload');
    const input = await page.waitForSelector('input[type=file]');
    const file = join(data, 'mitochondria.md');
    writeFileSync(file, '# Mitochondria\n\nMitochondria produce ATP through oxidative phosphorylation in the inner membrane.\n');
    await input.uploadFile(file);
    await page.waitForSelector('[data-upload-status]');
    // Only a real-time upload_status message changes this text: the screen never polls.
    await page.waitForSelector('[data-upload-status=completed]', { timeout: 60000 });
    await shot('upload');
  });

  await test('search shows highlighted snippets', async () => {
    await page.goto(base + '/#browse');
    await page.waitForSelector('input[name=q]');
    await shot('library');
    await page.type('input[name=q]', 'oxidative');
    await page.click('form[role=search] button[type=submit]');
    await page.waitForSelector('.snippet mark');
    const marked = await page.$eval('.snippet mark', (m) => m.textContent);
    if (marked.toLowerCase() !== 'oxidative') throw new Error(`marked "${marked}"`);
    await shot('search');
  });

  await test('read an item (reading session tracked)', async () => {
    const tracked = new Promise((ok) => page.on('response', (r) => r.url().endsWith('/api/v1/analytics/track') && r.status() === 200 && ok()));
    await page.click('.cards a');
    await page.waitForSelector('article h2');
    await Promise.race([tracked, new Promise((_, no) => setTimeout(() => no(new Error('no track call')), 10000))]);
    await shot('read');
  });

  await test('insights, graph and settings render without errors', async () => {
    for (const [screen, selector] of [['insights', '#insights-title'], ['graph', '#graph-title'], ['settings', 'input[name=first_name]']]) {
      await page.goto(base + '/#' + screen);
      await page.waitForSelector(selector);
      await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.startsWith('Loading'));
      const alert = await page.$('[role=alert]');
      if (alert) throw new Error(`${screen}: ${await alert.evaluate((a) => a.textContent)}`);
      await shot(screen);
    }
  });
} catch (e) {
  results.push({ name: 'setup', ok: false, error: String(e?.stack ?? e) });
} finally {
  await browser?.close().catch(() => undefined);
  host.kill('SIGTERM');
  await new Promise((ok) => { const t = setTimeout(() => { host.kill('SIGKILL'); ok(); }, 10000); host.on('exit', () => { clearTimeout(t); ok(); }); });
  rmSync(data, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length, failed = results.length - passed;
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.ms ?? 0} ms)${r.ok ? '' : '\n  ' + r.error}`);
if (failed) console.log('--- DevHost log (tail) ---\n' + hostLog.slice(-4000));
console.log(`browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
if (trx) {
  writeFileSync(trx, `<?xml version="1.0" encoding="utf-8"?>\n<TestRun name="browser" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><ResultSummary outcome="${failed ? 'Failed' : 'Completed'}"><Counters total="${results.length}" executed="${results.length}" passed="${passed}" failed="${failed}" /></ResultSummary></TestRun>\n`);
}
process.exit(failed || results.length === 0 ? 1 : 0);

async function test(name, body) {
  const t0 = Date.now();
  try {
    await body();
    results.push({ name, ok: true, ms: Date.now() - t0 });
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - t0, error: String(e?.stack ?? e) });
  }
}

async function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    try { if (await check()) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
