import { useMemo, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { Sparkline } from '../charts';
import { Status, useLoad } from '../ui';

const W = 640, H = 420;

/** A simple force-directed layout (repulsion, springs, centering), run a fixed number of steps. */
function layout(graph: Schemas['GraphResponse']) {
  const pos = new Map(graph.nodes.map((n, i) => [n.id, { x: W / 2 + 150 * Math.cos(i), y: H / 2 + 150 * Math.sin(i), vx: 0, vy: 0 }]));
  const nodes = [...pos.values()];
  for (let step = 0; step < 200; step++) {
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
      a.vx += (dx / d2) * 400; a.vy += (dy / d2) * 400;
    }
    for (const e of graph.edges) {
      const s = pos.get(e.source), t = pos.get(e.target);
      if (!s || !t) continue;
      const dx = t.x - s.x, dy = t.y - s.y;
      s.vx += dx * 0.01; s.vy += dy * 0.01; t.vx -= dx * 0.01; t.vy -= dy * 0.01;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.005; n.vy += (H / 2 - n.y) * 0.005;
      n.x = Math.min(W - 10, Math.max(10, n.x + n.vx * 0.5)); n.y = Math.min(H - 10, Math.max(10, n.y + n.vy * 0.5));
      n.vx *= 0.6; n.vy *= 0.6;
    }
  }
  return pos;
}

/**
 * The knowledge graph: its most central entities (GET /graph/entities, ranked by PageRank) and one
 * entity's items and related entities (GET /graph/entities/{id}, at #graph/{id}); below, the graph as
 * it held at a chosen time (GET /graph?as_of=) in a small force layout.
 */
export function GraphScreen({ entity }: { entity?: string }) {
  const [daysAgo, setDaysAgo] = useState(0);
  const asOf = daysAgo === 0 ? undefined : new Date(Date.now() - daysAgo * 86400000).toISOString();
  const graph = useLoad(() => api.graph(asOf).then((r) => r.data), [daysAgo]);
  const pos = useMemo(() => (graph.value ? layout(graph.value) : null), [graph.value]);

  return (
    <section aria-labelledby="graph-title">
      <h2 id="graph-title">Knowledge graph</h2>
      {entity ? <EntityView id={entity} /> : <Entities />}
      <h3>Map</h3>
      <label>As of: {daysAgo === 0 ? 'now' : `${daysAgo} days ago`}
        <input type="range" min={0} max={90} value={daysAgo} onChange={(e) => setDaysAgo(Number(e.target.value))} />
      </label>
      <Status loading={graph.loading} error={graph.error}>
        {graph.value && pos && (graph.value.nodes.length === 0 ? <p className="muted">No graph yet: it grows as your items are analysed.</p> : (
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Graph of ${graph.value.nodes.length} nodes and ${graph.value.edges.length} connections`} className="graph">
            {graph.value.edges.map((e) => {
              const s = pos.get(e.source), t = pos.get(e.target);
              return s && t ? <line key={e.id} x1={s.x} y1={s.y} x2={t.x} y2={t.y} className={`edge edge-${e.label}`} /> : null;
            })}
            {graph.value.nodes.map((n) => {
              const p = pos.get(n.id)!;
              return (
                <g key={n.id} transform={`translate(${p.x},${p.y})`} className={`node node-${n.kind}`}>
                  <circle r={n.kind === 'item' ? 7 : 5}><title>{`${n.kind}: ${n.label}`}</title></circle>
                  <text x={9} y={4}>{n.label.length > 24 ? n.label.slice(0, 23) + '…' : n.label}</text>
                </g>
              );
            })}
          </svg>
        ))}
        {graph.value?.truncated && <p className="muted">Showing the newest 150 nodes.</p>}
      </Status>
    </section>
  );
}

const trendText: Record<string, string> = { growing: 'growing', fading: 'fading', stable: 'steady' };

function Entities() {
  const ranking = useLoad(() => api.graphEntities(50).then((r) => r.data), []);
  return (
    <>
      <h3 id="entities-title">Most central topics</h3>
      <Status loading={ranking.loading} error={ranking.error}>
        {ranking.value && (ranking.value.entities.length === 0 ? (
          <p className="muted empty">No people, places or concepts found yet. Capture or upload notes that name them; they are linked here within seconds.</p>
        ) : (
          <table className="table" aria-labelledby="entities-title">
            <thead><tr><th scope="col">#</th><th scope="col">Topic</th><th scope="col">Notes</th><th scope="col">Last 6 months</th></tr></thead>
            <tbody>
              {ranking.value.entities.map((e) => (
                <tr key={e.id} data-entity-id={e.id}>
                  <td>{e.rank}</td>
                  <td><a href={`#graph/${encodeURIComponent(e.id)}`}>{e.name}</a>{e.category && <span className="muted small"> {e.category}</span>}</td>
                  <td>{e.item_count}</td>
                  <td><Sparkline values={e.months.map((m) => m.count)} label={`New mentions of ${e.name} per month`} /> <span className="small">{trendText[e.trend] ?? e.trend}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {ranking.value?.truncated && <p className="muted">Your graph is large: only part of it was analysed.</p>}
      </Status>
    </>
  );
}

function EntityView({ id }: { id: string }) {
  const detail = useLoad(() => api.graphEntity(id).then((r) => r.data), [id]);
  const d = detail.value;
  return (
    <>
      <p><a href="#graph">← All topics</a></p>
      <Status loading={detail.loading} error={detail.error}>
        {d && (
          <article aria-labelledby="entity-title" data-entity={d.id}>
            <h3 id="entity-title">{d.name} {d.category && <span className="muted small">{d.category}</span>}</h3>
            {d.aliases.length > 0 && <p className="muted">Also written {d.aliases.join(', ')}</p>}
            <p className="meta">First seen {d.first_seen ? new Date(d.first_seen).toLocaleDateString() : '–'} · {trendText[d.trend] ?? d.trend}</p>
            <Sparkline values={d.timeline.map((m) => m.count)} label={`New mentions of ${d.name} per month`} />
            <h4>Notes that mention it</h4>
            {d.items.length === 0 ? <p className="muted">No current notes mention it.</p> : (
              <ul className="cards" aria-label={`Notes mentioning ${d.name}`}>
                {d.items.map((i) => (
                  <li key={i.id} className="card"><a href={`#read/${encodeURIComponent(i.id)}`}>{i.title}</a> <span className="muted small">{i.mentions} {i.mentions === 1 ? 'mention' : 'mentions'}</span></li>
                ))}
              </ul>
            )}
            <h4>Related topics</h4>
            {d.related.length === 0 ? <p className="muted">Nothing related yet: topics named together in your notes appear here.</p> : (
              <ul className="inline-list">
                {d.related.map((r) => <li key={r.id}><a href={`#graph/${encodeURIComponent(r.id)}`}>{r.name}</a></li>)}
              </ul>
            )}
          </article>
        )}
      </Status>
    </>
  );
}
