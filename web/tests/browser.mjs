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
    // Every scored item of a run becomes a notification, so the notifications test sees a new one
    // arrive for the item it adds (the default is the top 3 at 0.7 or more).
    Kmt__Notifications__ImportanceThreshold: '0',
    Kmt__Notifications__MaxImportancePerRun: '100',
    // The learning metrics job every 2 s instead of hourly, so the analytics charts show what a test just did.
    Kmt__Analytics__MetricsSchedule: '*/2 * * * * *',
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

  // The API as the signed-in person (the page's token), for what a test sets up rather than clicks.
  const call = async (method, path, body, contentType = 'application/json') => {
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('kmt.session')).access_token);
    const headers = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = contentType;
    const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const envelope = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(envelope.error)}`);
    return envelope.data;
  };
  const until = async (path, done, ms = 90000) => {
    let last;
    await waitFor(async () => done((last = await call('GET', path))), ms, `${path} (last: ${JSON.stringify(last)?.slice(0, 200)})`);
    return last;
  };
  const textOf = (selector) => page.$eval(selector, (e) => e.textContent);

  await test('insights: a refresh without the consent shows the server\'s message', async () => {
    await page.goto(base + '/#insights');
    await page.waitForSelector('#insights-title');
    await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.startsWith('Loading'));
    if (!(await page.$('.empty'))) throw new Error('no empty state before any run');
    await page.click('section[aria-labelledby=insights-title] > .row button');
    await page.waitForSelector('[data-run-status][role=alert]');
    const text = await textOf('[data-run-status]');
    if (!/consent|insights/i.test(text) || !(await page.$('[data-run-status] a[href="#settings"]'))) throw new Error(`shown: ${text}`);
  });

  await test('insights: dormant discovery with its context, gap, recommendations and predictions; feedback and status reflected', async () => {
    await call('PUT', '/api/v1/users/consents', { activity_tracking: true, personalised_insights: true, notifications: true });
    const at = (days) => new Date(Date.now() - days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    const lines = [
      { type: 'capture', at: at(300), source_id: 's1', title: 'Sourdough basics', content: 'Flour, water, salt and time make bread.', tags: ['baking'] },
      { type: 'capture', at: at(200), source_id: 's2', title: 'Advanced sourdough', content: 'Levain schedules and hydration.', tags: ['baking'] },
      { type: 'read', at: at(150), source_id: 's1', duration_seconds: 300, completion_percentage: 100 },
      { type: 'capture', at: at(200), source_id: 'z1', title: 'Zig comptime metaprogramming', content: 'Zig comptime runs code at compile time: generics, reflection and metaprogramming in the Zig language without macros.', tags: ['zig'] },
      { type: 'read', at: at(150), source_id: 'z1', duration_seconds: 400, completion_percentage: 100 },
      ...[20, 9, 5, 3, 2, 1].map((d) => ({ type: 'search', at: at(d), query: 'zig comptime' })),
    ];
    const job = await call('POST', '/api/v1/import', lines.map((l) => JSON.stringify(l)).join('\n') + '\n', 'application/x-ndjson');
    await until(new URL(job.status_url, base).pathname, (j) => !['queued', 'running'].includes(j.status));

    await page.goto(base + '/#insights');
    await page.waitForSelector('#insights-title');
    // The dormant step needs the imported notes' vectors, which are computed in the background: refresh
    // until the discovery appears (each refresh is a full pipeline run for this person).
    await waitFor(async () => {
      await page.click('section[aria-labelledby=insights-title] > .row button');
      await page.waitForFunction(() => /finished|failed|skipped|still/.test(document.querySelector('[data-run-status]')?.textContent ?? ''), { timeout: 90000 });
      const status = await textOf('[data-run-status]');
      if (!status.includes('finished')) throw new Error(status);
      await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.startsWith('Loading'));
      return (await page.$('[data-section=dormant-title] [data-insight-id]')) !== null;
    }, 120000, 'a dormant discovery');
    await shot('insights-results');

    const dormant = '[data-section=dormant-title] li[data-insight-id]';
    const context = await page.$eval(`${dormant} .context`, (e) => e.textContent);
    if (!context.includes('zig comptime')) throw new Error(`context: ${context}`);
    await page.click(`${dormant} .actions button:nth-child(1)`); // Useful
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.insightStatus === 'viewed', {}, dormant);
    if (!(await textOf(`${dormant} .actions [role=status]`)).includes('useful')) throw new Error('no feedback note');

    // The topic searched for lately, with one note held, is a gap.
    const gapId = await page.$$eval('[data-section=gaps-title] li[data-insight-id]', (gs) => gs.find((g) => g.querySelector('strong').textContent.startsWith('Zig'))?.dataset.insightId);
    if (!gapId) throw new Error(`gaps: ${await page.$$eval('[data-section=gaps-title] li strong', (gs) => gs.map((g) => g.textContent))}`);
    const gap = `[data-insight-id="${gapId}"]`;
    await page.evaluate((s) => [...document.querySelectorAll(`${s} .actions button`)].find((b) => b.textContent === 'Dismiss').click(), gap);
    await page.waitForFunction((id) => !document.querySelector(`[data-insight-id="${id}"]`), {}, gapId);
    if ((await call('GET', '/api/v1/insights/gaps')).some((g) => g.id === gapId)) throw new Error('the dismissed gap is still listed by the API');

    const content = '[data-section=content-title] li[data-insight-id]';
    await page.evaluate((s) => [...document.querySelectorAll(`${s} .actions button`)].find((b) => b.textContent === 'I used this').click(), content);
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.insightStatus === 'applied', {}, content);

    await page.type('form[aria-label="Learning path for a topic"] input[name=topic]', 'baking');
    await page.click('form[aria-label="Learning path for a topic"] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-section=learning-title] .steps a')?.textContent === 'Sourdough basics');
    const steps = await page.$$eval('[data-section=learning-title] .steps a', (as) => as.map((a) => a.textContent));
    if (!(steps.indexOf('Sourdough basics') >= 0 && steps.indexOf('Sourdough basics') < steps.indexOf('Advanced sourdough'))) throw new Error(`learning steps: ${steps}`);
    if (!(await page.$('[data-section=predictions-title] [data-prediction-item] svg[role=img]'))) throw new Error('no prediction meter');
  });

  await test('notifications: one arrives live, unread count and mark read, preferences saved and a bad zone explained', async () => {
    await page.goto(base + '/#notifications');
    await page.waitForSelector('[data-unread-count]');
    await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.startsWith('Loading'));
    const before = await page.$$eval('[data-notification-id]', (ns) => ns.length);
    // A new note, opened a few times, then a refresh: its importance notification is new, and arrives
    // over the real-time connection while this screen is open (no reload below).
    const item = await call('POST', '/api/v1/knowledge', { title: 'Kalman filter tuning', content: 'Process and measurement noise covariances.', content_type: 'note' });
    for (let i = 0; i < 3; i++) await call('GET', `/api/v1/knowledge/${item.id}`);
    const run = await call('POST', '/api/v1/insights/refresh');
    await until(run.status_url, (r) => !['pending', 'running'].includes(r.status));
    const card = await page.waitForFunction(() => [...document.querySelectorAll('[data-notification-id]')].find((n) => n.textContent.includes('Kalman filter tuning')), { timeout: 20000 });
    const id = await card.evaluate((n) => n.dataset.notificationId);
    if ((await page.$$eval('[data-notification-id]', (ns) => ns.length)) <= before) throw new Error('the list did not grow');
    await page.waitForSelector('[data-unread-badge]');
    const unread = Number(await page.$eval('[data-unread-count]', (e) => e.dataset.unreadCount));
    if (!(unread >= 1)) throw new Error(`unread ${unread}`);
    await shot('notifications-feed');

    await page.click(`[data-notification-id="${id}"] button`);
    await page.waitForSelector(`[data-notification-id="${id}"][data-read=true]`);
    await page.waitForFunction((n) => Number(document.querySelector('[data-unread-count]').dataset.unreadCount) === n - 1, {}, unread);
    if (!(await call('GET', '/api/v1/notifications?unread=true&per_page=100')).every((n) => n.id !== id)) throw new Error('the API still lists it unread');

    const zone = 'form[name=notification-preferences] input[name=time_zone]';
    await page.$eval(zone, (e) => (e.value = ''));
    await page.type(zone, 'Mars/Olympus_Mons');
    await page.click('form[name=notification-preferences] button[type=submit]');
    await page.waitForSelector('form[name=notification-preferences] [role=alert]');
    const error = await textOf('form[name=notification-preferences] [role=alert]');
    if (!/zone/i.test(error)) throw new Error(`shown: ${error}`);

    await page.$eval(zone, (e) => (e.value = ''));
    await page.type(zone, 'Europe/Berlin');
    await page.select('select[name=digest_frequency]', 'weekly');
    await page.waitForSelector('select[name=digest_day]');
    await page.select('select[name=digest_day]', 'friday');
    if (!(await page.$eval('input[name=quiet]', (e) => e.checked))) await page.click('input[name=quiet]');
    await page.waitForSelector('input[name=quiet_start]');
    await page.$eval('input[name=quiet_start]', (e) => (e.value = '23:00')); // typing into a time field depends on the locale
    await page.click('form[name=notification-preferences] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('form[name=notification-preferences] [role=status]')?.textContent === 'Preferences saved.', { timeout: 5000 })
      .catch(async () => { throw new Error(`not saved: ${await page.$eval('form[name=notification-preferences]', (f) => f.querySelector('[role=alert],[role=status]')?.textContent)}`); });
    const saved = await call('GET', '/api/v1/notifications/preferences');
    if (saved.time_zone !== 'Europe/Berlin' || saved.digest_frequency !== 'weekly' || saved.digest_day !== 'friday' || saved.quiet_hours?.start !== '23:00') {
      throw new Error(`saved: ${JSON.stringify(saved)}`);
    }
  });

  await test('analytics: period, granularity and zone; SVG charts; a bad zone and the non-premium export explained', async () => {
    await page.goto(base + '/#analytics');
    await page.waitForSelector('.stats');
    const charts = await page.$$eval('figure.chart svg[role=img]', (s) => s.length);
    if (charts < 4) throw new Error(`${charts} charts`);
    await page.select('select[name=granularity]', 'week');
    await page.$eval('input[name=tz]', (e) => (e.value = ''));
    await page.type('input[name=tz]', 'Asia/Tokyo');
    await page.click('form[aria-label=Period] button[type=submit]');
    await page.waitForFunction(() => /by week, in Asia\/Tokyo/.test(document.querySelector('section[aria-labelledby=analytics-title]').textContent));
    await shot('analytics');

    await page.$eval('input[name=tz]', (e) => (e.value = ''));
    await page.type('input[name=tz]', 'Nowhere/Town');
    await page.click('form[aria-label=Period] button[type=submit]');
    await page.waitForSelector('section[aria-labelledby=analytics-title] [role=alert]');
    const error = await textOf('section[aria-labelledby=analytics-title] [role=alert]');
    if (!/zone|tz/i.test(error)) throw new Error(`shown: ${error}`);

    await page.click('[data-export-csv]');
    await page.waitForSelector('[data-export-note]');
    const note = await textOf('[data-export-note]');
    if (!/premium/i.test(note)) throw new Error(`export: ${note}`);
  });

  await test('graph: entities ranked by centrality, and an entity\'s notes', async () => {
    const text = 'Angela Merkel met Emmanuel Macron in Berlin. Angela Merkel spoke about Kubernetes.';
    await call('POST', '/api/v1/knowledge', { title: 'Summit notes', content: text, content_type: 'note' });
    await call('POST', '/api/v1/knowledge', { title: 'Follow-up', content: 'Angela Merkel wrote a letter.', content_type: 'note' });
    await until('/api/v1/graph/entities', (r) => r.entities.some((e) => e.name.includes('Merkel') && e.item_count === 2), 60000);
    await page.goto(base + '/#graph');
    await page.waitForSelector('[data-entity-id]');
    const first = await page.$eval('[data-entity-id] a', (a) => a.textContent);
    if (!first.includes('Merkel')) throw new Error(`most central: ${first}`);
    await shot('graph-entities');
    await page.click('[data-entity-id] a');
    await page.waitForSelector('article[data-entity] #entity-title');
    const notes = await page.$$eval('article[data-entity] .cards a', (as) => as.map((a) => a.textContent).sort());
    if (JSON.stringify(notes) !== JSON.stringify(['Follow-up', 'Summit notes'])) throw new Error(`notes: ${notes}`);
    await shot('graph-entity');
  });

  // Last, because it signs the page in as a new person whose activity is exactly what it creates.
  await test('analytics charts show a person\'s captures, readings and reading time once the metrics job has run', async () => {
    const r = await fetch(base + '/api/v1/auth/register', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `grace-${Date.now()}@example.com`, password: 'correct horse battery', first_name: 'Grace' }),
    });
    const account = (await r.json()).data;
    await page.evaluate((s) => localStorage.setItem('kmt.session', JSON.stringify(s)),
      { access_token: account.access_token, refresh_token: account.refresh_token, user: account.user });
    const items = [];
    for (const title of ['Krebs cycle', 'Glycolysis', 'Electron transport']) {
      items.push(await call('POST', '/api/v1/knowledge', { title, content: `${title} notes for the dashboard.`, content_type: 'note', tags: ['biochemistry'] }));
    }
    // Two finished readings of 90 and 150 s: 4 reading minutes.
    const readings = [[items[0], 90, 100], [items[1], 150, 60]];
    const finished = [];
    for (const [item, seconds, completion] of readings) {
      const session = crypto.randomUUID();
      const end = new Date();
      const event = (type, at, duration) => ({
        id: crypto.randomUUID(), activity_type: type, entity_type: 'knowledge_item', entity_id: item.id, duration_seconds: duration,
        metadata: { session_id: session, completion_percentage: completion }, occurred_at: at.toISOString(),
      });
      await call('POST', '/api/v1/analytics/track', { events: [event('reading_started', new Date(end - seconds * 1000), 0), event('reading_finished', end, seconds)] });
      finished.push(end.toISOString());
    }
    // The UTC day of each capture and reading, so a run across midnight still knows which bar is which.
    const perDay = {};
    for (const item of items) (perDay[item.created_at.slice(0, 10)] ??= { captured: 0, read: 0 }).captured++;
    for (const at of finished) (perDay[at.slice(0, 10)] ??= { captured: 0, read: 0 }).read++;

    // The routes read only what the metrics job (Analytics_RefreshMetrics, every 2 s here) stored.
    await until('/api/v1/analytics/dashboard?tz=UTC', (d) => d.totals.items_captured === 3 && d.totals.items_read === 2, 60000);

    await page.goto(base + '/#analytics');
    await page.waitForSelector('input[name=tz]');
    await page.$eval('input[name=tz]', (e) => (e.value = ''));
    await page.type('input[name=tz]', 'UTC');
    await page.select('select[name=granularity]', 'day');
    await page.click('form[aria-label=Period] button[type=submit]');
    await page.waitForFunction(() => /in UTC/.test(document.querySelector('section[aria-labelledby=analytics-title]').textContent));
    await page.waitForSelector('.stats');

    const chart = (label) => page.$$eval('figure.chart svg[role=img]', (svgs, label) => {
      const svg = svgs.find((s) => s.getAttribute('aria-label').startsWith(label + ':'));
      if (!svg) return null;
      return {
        label: svg.getAttribute('aria-label'),
        bars: [...svg.querySelectorAll('rect')].map((b) => ({ series: b.getAttribute('class'), height: Number(b.getAttribute('height')), title: b.querySelector('title')?.textContent })),
      };
    }, label);
    const days = Object.keys(perDay).sort();
    const shown = await chart('Items captured and read');
    if (!shown) throw new Error('no "Items captured and read" chart');
    if (!shown.label.includes('Captured 3, Read 2 over 30 periods')) throw new Error(`chart label: ${shown.label}`);
    const captured = shown.bars.filter((b) => b.series === 'bar-a');
    const read = shown.bars.filter((b) => b.series === 'bar-b');
    // One bar per day with activity, no bar for the 29 empty days, each titled with its day's count.
    const expectCaptured = days.filter((d) => perDay[d].captured).map((d) => perDay[d].captured);
    const expectRead = days.filter((d) => perDay[d].read).map((d) => perDay[d].read);
    if (JSON.stringify(captured.map((b) => Number(b.title.split(' ').pop()))) !== JSON.stringify(expectCaptured)) throw new Error(`captured bars: ${JSON.stringify(captured)}`);
    if (JSON.stringify(read.map((b) => Number(b.title.split(' ').pop()))) !== JSON.stringify(expectRead)) throw new Error(`read bars: ${JSON.stringify(read)}`);
    if (!captured.every((b) => /: Captured \d+$/.test(b.title)) || !read.every((b) => /: Read \d+$/.test(b.title))) throw new Error(`titles: ${JSON.stringify(shown.bars)}`);
    if (days.length === 1 && Math.abs(read[0].height / captured[0].height - 2 / 3) > 0.01) throw new Error(`bar heights ${captured[0].height} and ${read[0].height} are not 3 : 2`);

    const minutes = await chart('Reading minutes');
    if (!minutes || !minutes.label.includes('Reading minutes 4 over 30 periods')) throw new Error(`reading minutes chart: ${minutes?.label}`);
    const totals = await textOf('.stats');
    if (!/3/.test(totals)) throw new Error(`totals: ${totals}`);
    await shot('analytics-data');
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
