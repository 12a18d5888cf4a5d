import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type InsightStatusValue, type Schemas } from '../api/client';
import { onRealtime } from '../realtime';
import { message, Status, useLoad } from '../ui';
import { InsightActions, type InsightKind } from './InsightActions';

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);
const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString() : '–');

/**
 * What the insight pipeline found (docs/api.md, "Insights"): dormant discoveries with why they matter
 * now, knowledge gaps, content and learning recommendations and importance predictions, each with the
 * status and feedback actions the API offers. "Refresh my insights" runs the pipeline now and follows
 * its run until it finishes; new_insight / prediction_update messages reload the lists.
 */
export function InsightsScreen() {
  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);
  const lists = useLoad(async () => {
    const [dormant, gaps, content, learning, predictions] = await Promise.all([
      api.dormant(), api.gaps(), api.contentRecommendations(), api.learningPaths(), api.predictions(10),
    ]);
    return { dormant: dormant.data, gaps: gaps.data, content: content.data, learning: learning.data, predictions: predictions.data };
  }, [tick]);
  const [run, setRun] = useState<{ text: string; error?: boolean; consent?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => onRealtime((m) => {
    if (m.type === 'new_insight' || m.type === 'prediction_update') reload();
  }), []);

  async function refresh() {
    setBusy(true);
    setRun({ text: 'Starting a refresh…' });
    try {
      let { data } = await api.refreshInsights();
      for (let i = 0; i < 120 && (data.status === 'pending' || data.status === 'running'); i++) {
        setRun({ text: `Refresh ${data.status}… this takes up to a minute.` });
        await new Promise((r) => setTimeout(r, 1000));
        data = (await api.insightRun(data.status_url)).data;
      }
      if (data.status === 'completed') setRun({ text: `Refresh finished: ${data.scored_count ?? 0} of ${data.item_count ?? 0} items scored.` });
      else if (data.status === 'failed') setRun({ text: `The refresh failed: ${data.error ?? 'no reason given'}.`, error: true });
      else if (data.status === 'skipped') setRun({ text: 'The refresh was skipped: personalised insights are switched off in Settings.', error: true, consent: true });
      else setRun({ text: `The refresh is still ${data.status}; its results appear here when it finishes.` });
      reload();
    } catch (e) {
      setRun({ text: message(e), error: true, consent: e instanceof ApiError && e.code === 'CONSENT_REQUIRED' });
    } finally {
      setBusy(false);
    }
  }

  const v = lists.value;
  const nothing = v && !v.dormant.length && !v.gaps.length && !v.content.length && !v.learning.length && !v.predictions.length;
  return (
    <section aria-labelledby="insights-title">
      <h2 id="insights-title">Insights</h2>
      <div className="row">
        <button type="button" onClick={refresh} disabled={busy}>{busy ? 'Refreshing…' : 'Refresh my insights'}</button>
      </div>
      {run && (
        <p role={run.error ? 'alert' : 'status'} className={run.error ? 'error' : undefined} data-run-status>
          {run.text} {run.consent && <a href="#settings">Open Settings to allow personalised insights.</a>}
        </p>
      )}
      <Status loading={lists.loading && !v} error={lists.error}>
        {nothing && (
          <p className="muted empty">
            No insights yet. Capture, upload or import what you read, allow “personalised insights” in <a href="#settings">Settings</a>,
            then press “Refresh my insights”. The nightly run also refreshes them.
          </p>
        )}
        {v && (
          <>
            <Dormant list={v.dormant} />
            <Gaps list={v.gaps} />
            <Content list={v.content} />
            <Learning list={v.learning} />
            <Predictions list={v.predictions} />
          </>
        )}
      </Status>
    </section>
  );
}

/** A list whose entries change status in place and leave it when dismissed. */
function useStatuses<T extends { id: string; status: string }>(list: T[]) {
  const [items, setItems] = useState(list);
  useEffect(() => setItems(list), [list]);
  const [gone, setGone] = useState<string | null>(null);
  const changed = (id: string, status: string) => {
    if (status === 'dismissed') {
      setItems((xs) => xs.filter((x) => x.id !== id));
      setGone('Dismissed: it will not be suggested again for a while.');
    } else setItems((xs) => xs.map((x) => (x.id === id ? { ...x, status } : x)));
  };
  return { items, changed, gone };
}

function Section({ id, title, hint, empty, gone, count, before, children }: {
  id: string; title: string; hint: string; empty: string; gone: string | null; count: number; before?: ReactNode; children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="insight-section" data-section={id}>
      <h3 id={id}>{title} <span className="muted">({count})</span></h3>
      <p className="muted small">{hint}</p>
      {before}
      {gone && <p role="status" className="muted">{gone}</p>}
      {count === 0 ? <p className="muted empty">{empty}</p> : <ul className="cards">{children}</ul>}
    </section>
  );
}

function Dormant({ list }: { list: Schemas['DormantDiscoveryResponse'][] }) {
  const s = useStatuses(list);
  const kind: InsightKind = 'dormant';
  return (
    <Section id="dormant-title" title="Dormant knowledge" count={s.items.length} gone={s.gone}
      hint="Notes you have not opened for a long time that matter again for what you are doing now."
      empty="Nothing dormant right now. Notes untouched for a month that relate to your recent reading or searches show up here after a refresh.">
      {s.items.map((d) => (
        <li key={d.id} className="card" data-insight-id={d.id} data-insight-status={d.status}>
          <a href={`#read/${encodeURIComponent(d.knowledge_item_id)}`} onClick={() => d.status === 'new' && void api.setInsightStatus('dormant', d.id, 'viewed').then(() => s.changed(d.id, 'viewed'), () => undefined)}>
            <strong>{d.title}</strong>
          </a> <span className={`status status-${d.status}`}>{d.status}</span>
          <p className="context">{d.context_description}</p>
          <p className="meta">Last opened {day(d.last_accessed_at)} · recall now about {percent(d.retrievability)} · relevance {percent(d.relevance_score)}</p>
          <InsightActions kind={kind} id={d.id} status={d.status} onStatus={(st) => s.changed(d.id, st)} />
        </li>
      ))}
    </Section>
  );
}

function Gaps({ list }: { list: Schemas['KnowledgeGapResponse'][] }) {
  const s = useStatuses(list);
  return (
    <Section id="gaps-title" title="Knowledge gaps" count={s.items.length} gone={s.gone}
      hint="Topics you are looking for more and more while holding little about them."
      empty="No gaps found. Topics you search or read about increasingly, with few notes on them, appear here.">
      {s.items.map((g) => (
        <li key={g.id} className="card" data-insight-id={g.id} data-insight-status={g.status}>
          <strong>{g.name}</strong> <span className={`status status-${g.status}`}>{g.status}</span>
          <p>{g.reasoning}</p>
          <Meter label="Urgency" value={g.urgency_score} />
          <p className="meta">Likely needed by {day(g.predicted_need_date)} · {g.holdings} {g.holdings === 1 ? 'note' : 'notes'} held · confidence {percent(g.confidence_score)}</p>
          <InsightActions kind="gap" id={g.id} status={g.status} onStatus={(st) => s.changed(g.id, st)} />
        </li>
      ))}
    </Section>
  );
}

function Content({ list }: { list: Schemas['ContentRecommendationResponse'][] }) {
  const s = useStatuses(list);
  return (
    <Section id="content-title" title="Read next" count={s.items.length} gone={s.gone}
      hint="Your own notes most worth re-reading now: important, fading from memory, and relevant."
      empty="No reading suggestions yet. They come from notes you have not opened in the last two weeks.">
      {s.items.map((c) => (
        <li key={c.id} className="card" data-insight-id={c.id} data-insight-status={c.status}>
          <a href={`#read/${encodeURIComponent(c.knowledge_item_id)}`}><strong>{c.title}</strong></a> <span className={`status status-${c.status}`}>{c.status}</span>
          <p>{c.reasoning}</p>
          <p className="meta">Importance {percent(c.importance)} · recall {percent(c.retrievability)} · relevance {percent(c.relevance)}</p>
          <InsightActions kind="content" id={c.id} status={c.status} onStatus={(st) => s.changed(c.id, st)} />
        </li>
      ))}
    </Section>
  );
}

function Learning({ list }: { list: Schemas['LearningPathResponse'][] }) {
  const [topic, setTopic] = useState<{ name: string; paths: Schemas['LearningPathResponse'][] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const s = useStatuses(topic ? topic.paths : list);

  async function ask(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('topic') || '').trim();
    setError(null);
    if (!name) return setTopic(null);
    try {
      setTopic({ name, paths: (await api.learningPaths(name)).data });
    } catch (err) {
      setError(message(err));
    }
  }

  return (
    <Section id="learning-title" title="Learning paths" count={s.items.length} gone={s.gone}
      hint="An order to go through a topic, foundations first: the topics you are into lately, or one you name."
      empty={topic ? `No path for “${topic.name}”: none of your notes are tagged or titled with it.` : 'No learning paths yet. Tag your notes and search for a topic a few times; a path through it appears after a refresh, or name a topic above.'}
      before={(
        <form className="row" onSubmit={ask} aria-label="Learning path for a topic">
          <label className="grow">Topic (a tag or words you searched)<input name="topic" maxLength={200} placeholder="science/physics" /></label>
          <button type="submit">Show path</button>
          {topic && <button type="button" className="link" onClick={() => setTopic(null)}>Back to suggestions</button>}
          {error && <p role="alert" className="error">{error}</p>}
        </form>
      )}>
      {s.items.map((l) => (
        <li key={l.id || l.topic} className="card" data-insight-id={l.id} data-insight-status={l.status}>
          <strong>{l.name}</strong> {l.status && <span className={`status status-${l.status}`}>{l.status}</span>}
          <ol className="steps">
            {l.steps.map((step) => (
              <li key={step.item_id}><a href={`#read/${encodeURIComponent(step.item_id)}`}>{step.title}</a> <span className="muted">({step.word_count} words)</span></li>
            ))}
          </ol>
          <p className="muted">{l.reasoning}</p>
          {l.run_id && <InsightActions kind="learning" id={l.id} status={l.status} onStatus={(st) => s.changed(l.id, st)} />}
        </li>
      ))}
    </Section>
  );
}

function Predictions({ list }: { list: Schemas['ImportancePredictionResponse'][] }) {
  return (
    <Section id="predictions-title" title="Importance predictions" count={list.length} gone={null}
      hint="How likely you are to come back to each note within the next month (the API takes no feedback on these)."
      empty="No predictions yet. Press “Refresh my insights” to score your notes.">
      {list.map((p) => (
        <li key={p.id} className="card" data-prediction-item={p.knowledge_item_id}>
          <a href={`#read/${encodeURIComponent(p.knowledge_item_id)}`}><strong>{p.title}</strong></a>
          <Meter label={p.confidence_interval ? 'Chance of reopening' : 'Importance (ranking only)'} value={p.predicted_value} />
          {p.confidence_interval && <p className="meta">95% between {percent(p.confidence_interval.low)} and {percent(p.confidence_interval.high)}</p>}
          <p>{p.reasoning}</p>
          <p className="meta">By {day(p.target_date)} · model {p.model_version}</p>
        </li>
      ))}
    </Section>
  );
}

function Meter({ label, value }: { label: string; value: number }) {
  const v = Math.max(0, Math.min(1, value));
  return (
    <div className="meter-row">
      <span className="small">{label}</span>
      <svg viewBox="0 0 100 8" className="meter" role="img" aria-label={`${label}: ${percent(v)}`} preserveAspectRatio="none">
        <rect width="100" height="8" rx="4" className="meter-bg" />
        <rect width={v * 100} height="8" rx="4" className="meter-fg" />
      </svg>
      <span className="small">{percent(v)}</span>
    </div>
  );
}

export type { InsightStatusValue };
