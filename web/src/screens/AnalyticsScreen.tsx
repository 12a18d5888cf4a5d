import { useState, type FormEvent } from 'react';
import { api, ApiError, session, type AnalyticsQuery } from '../api/client';
import { BarChart, HBars, LineChart } from '../charts';
import { message, Status, useLoad } from '../ui';

const localDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);

/**
 * The analytics routes (docs/api.md, "Analytics") for a chosen period, granularity and time zone:
 * dashboard totals and streaks, consumption (captured / read / minutes), learning (completion, speed,
 * retention) and trends (tags over time), drawn as small SVG charts; CSV export for premium accounts.
 */
export function AnalyticsScreen() {
  const [query, setQuery] = useState<Required<AnalyticsQuery>>(() => {
    const to = new Date();
    const from = new Date(to.getTime() - 29 * 86400000);
    return { from: localDate(from), to: localDate(to), granularity: 'day', tz: browserZone() };
  });
  const report = useLoad(async () => {
    const [dashboard, consumption, learning, trends] = await Promise.all([
      api.analyticsDashboard(query), api.analyticsConsumption(query), api.analyticsLearning(query), api.analyticsTrends(query),
    ]);
    return { dashboard: dashboard.data, consumption: consumption.data, learning: learning.data, trends: trends.data };
  }, [query.from, query.to, query.granularity, query.tz]);
  const [exportNote, setExportNote] = useState<{ text: string; error?: boolean } | null>(null);
  const premium = ['premium_user', 'admin'].includes(session()?.user.role ?? '');

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setQuery({
      from: String(f.get('from') || ''), to: String(f.get('to') || ''),
      granularity: String(f.get('granularity')) as 'day' | 'week' | 'month', tz: String(f.get('tz') || '').trim(),
    });
  }

  async function exportCsv() {
    setExportNote(null);
    try {
      await api.analyticsExport(query);
      setExportNote({ text: 'The CSV file was downloaded.' });
    } catch (e) {
      const forbidden = e instanceof ApiError && e.status === 403;
      setExportNote({ text: forbidden ? `CSV export is part of the premium plan. (${message(e)})` : message(e), error: !forbidden });
    }
  }

  const r = report.value;
  const labels = r?.consumption.series.map((p) => p.bucket) ?? [];
  const empty = r && r.dashboard.totals.items_captured === 0 && r.dashboard.totals.items_read === 0 && r.dashboard.totals.searches === 0;
  return (
    <section aria-labelledby="analytics-title">
      <h2 id="analytics-title">Analytics</h2>
      <form onSubmit={apply} className="row" aria-label="Period">
        <label>From<input type="date" name="from" defaultValue={query.from} required /></label>
        <label>To<input type="date" name="to" defaultValue={query.to} required /></label>
        <label>By
          <select name="granularity" defaultValue={query.granularity}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label className="grow">Time zone<input name="tz" defaultValue={query.tz} list="analytics-zones" autoComplete="off" /></label>
        <datalist id="analytics-zones">{zoneList().map((z) => <option key={z} value={z} />)}</datalist>
        <button type="submit">Show</button>
      </form>
      <div className="row">
        <button type="button" className="secondary" onClick={exportCsv} data-export-csv>
          Export CSV{premium ? '' : ' (premium)'}
        </button>
        {exportNote && <p role={exportNote.error ? 'alert' : 'status'} className={exportNote.error ? 'error' : 'muted'} data-export-note>{exportNote.text}</p>}
      </div>
      <Status loading={report.loading} error={report.error}>
        {r && (
          <>
            <p className="muted small">
              {r.dashboard.period.from} to {r.dashboard.period.to}, by {r.dashboard.period.granularity}, in {r.dashboard.period.time_zone}.
              What you did in the last hour shows after the next hourly update.
            </p>
            {empty && (
              <p className="muted empty">
                Nothing recorded in this period yet. Capture or upload notes and read them here (with activity tracking allowed in
                <a href="#settings"> Settings</a>); the charts fill in after the hourly update.
              </p>
            )}
            <dl className="stats" aria-label="Totals">
              <div><dt>Captured</dt><dd data-stat="items_captured">{r.dashboard.totals.items_captured}</dd></div>
              <div><dt>Read</dt><dd data-stat="items_read">{r.dashboard.totals.items_read}</dd></div>
              <div><dt>Completed</dt><dd>{r.learning.items_completed}</dd></div>
              <div><dt>Reading time</dt><dd>{Math.round(r.dashboard.totals.reading_minutes)} min</dd></div>
              <div><dt>Speed</dt><dd>{r.learning.reading_speed_wpm ?? '–'} wpm</dd></div>
              <div><dt>Retention</dt><dd>{pct(r.learning.retention)}</dd></div>
              <div><dt>Streak</dt><dd>{r.dashboard.streaks.current_days} d (best {r.dashboard.streaks.longest_days})</dd></div>
              <div><dt>Searches</dt><dd>{r.dashboard.totals.searches}</dd></div>
            </dl>
            <h3>Consumption</h3>
            <BarChart label="Items captured and read" labels={labels} series={[
              { name: 'Captured', values: r.consumption.series.map((p) => p.items_captured), className: 'bar-a' },
              { name: 'Read', values: r.consumption.series.map((p) => p.items_read), className: 'bar-b' },
            ]} />
            <BarChart label="Reading minutes" labels={labels} series={[
              { name: 'Reading minutes', values: r.consumption.series.map((p) => p.reading_minutes), className: 'bar-b' },
            ]} />
            <div className="grid">
              <div><h4>Content types</h4><HBars label="Captures by content type" data={Object.entries(r.consumption.content_types).sort((a, b) => b[1] - a[1])} /></div>
              <div><h4>Sources</h4><HBars label="Captures by source" data={Object.entries(r.consumption.sources).sort((a, b) => b[1] - a[1])} /></div>
            </div>
            <h3>Learning</h3>
            <LineChart label="Average completion" labels={labels} max={100} format={(v) => `${Math.round(v)}%`} series={[
              { name: 'Average completion', values: r.learning.series.map((p) => p.average_completion ?? null), className: 'line-a' },
            ]} />
            <LineChart label="Estimated retention" labels={labels} max={1} format={pct} series={[
              { name: 'Retention', values: r.learning.series.map((p) => p.retention ?? null), className: 'line-b' },
            ]} />
            <h3>Trends</h3>
            <div className="grid">
              <div><h4>Growing tags</h4><HBars label="Growing tags (second half of the period)" data={r.trends.growing_tags.map((t) => [t.tag, t.second_half])} /></div>
              <div><h4>Fading tags</h4><HBars label="Fading tags (first half of the period)" data={r.trends.fading_tags.map((t) => [t.tag, t.first_half])} /></div>
            </div>
            <TagTable series={r.trends.series} />
          </>
        )}
      </Status>
    </section>
  );
}

/** Tags per bucket, newest first, only buckets that have any. */
function TagTable({ series }: { series: { bucket: string; tags: { tag: string; count: number }[] }[] }) {
  const rows = series.filter((s) => s.tags.length > 0).reverse();
  if (rows.length === 0) return <p className="muted">No tagged captures in this period: add tags when you capture to see your topics over time.</p>;
  return (
    <table className="table">
      <caption className="sr-only">Tags captured per period</caption>
      <thead><tr><th scope="col">From</th><th scope="col">Tags</th></tr></thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.bucket}><td>{s.bucket}</td><td>{s.tags.map((t) => <span key={t.tag} className="tag">{t.tag} {t.count}</span>)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function zoneList(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}
