// Small hand-made SVG charts (no chart library): each is an <svg role="img"> whose aria-label says what
// it shows in words, with a <title> per mark for a pointer's tooltip.

const W = 320, H = 140, PAD = { l: 30, r: 8, t: 8, b: 22 };

export type Series = { name: string; values: (number | null)[]; className: string };

function scale(max: number) {
  const top = max <= 0 ? 1 : max;
  return (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / top);
}

const short = (bucket: string) => {
  const d = new Date(bucket + 'T00:00:00');
  return Number.isNaN(d.getTime()) ? bucket : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

function Axes({ labels, max, format }: { labels: string[]; max: number; format: (v: number) => string }) {
  const y = scale(max);
  const every = Math.max(1, Math.ceil(labels.length / 5));
  const step = (W - PAD.l - PAD.r) / Math.max(1, labels.length);
  return (
    <g className="axes" aria-hidden="true">
      <line x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} />
      {max > 0 && <text x={PAD.l - 4} y={y(max) + 4} textAnchor="end">{format(max)}</text>}
      <text x={PAD.l - 4} y={y(0)} textAnchor="end">0</text>
      {labels.map((l, i) => (i % every === 0 ? <text key={i} x={PAD.l + step * (i + 0.5)} y={H - 6} textAnchor="middle">{short(l)}</text> : null))}
    </g>
  );
}

/** Grouped bars per bucket, one colour per series. */
export function BarChart({ labels, series, label, format = (v) => String(Math.round(v)) }: { labels: string[]; series: Series[]; label: string; format?: (v: number) => string }) {
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const y = scale(max);
  const step = (W - PAD.l - PAD.r) / Math.max(1, labels.length);
  const bar = Math.max(1, (step * 0.8) / Math.max(1, series.length));
  const totals = series.map((s) => `${s.name} ${format(s.values.reduce<number>((a, v) => a + (v ?? 0), 0))}`).join(', ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${totals} over ${labels.length} periods`}>
        <Axes labels={labels} max={max} format={format} />
        {series.map((s, si) => s.values.map((v, i) => (v ? (
          <rect key={`${si}-${i}`} className={s.className} x={PAD.l + step * i + step * 0.1 + bar * si} y={y(v)} width={bar} height={y(0) - y(v)}>
            <title>{`${short(labels[i])}: ${s.name} ${format(v)}`}</title>
          </rect>
        ) : null)))}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

/** One or more lines; null values leave a gap. */
export function LineChart({ labels, series, label, max: fixedMax, format = (v) => String(Math.round(v)) }: { labels: string[]; series: Series[]; label: string; max?: number; format?: (v: number) => string }) {
  const max = fixedMax ?? Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const y = scale(max);
  const step = (W - PAD.l - PAD.r) / Math.max(1, labels.length);
  const x = (i: number) => PAD.l + step * (i + 0.5);
  const known = series.map((s) => s.values.filter((v): v is number => v !== null));
  const summary = series.map((s, i) => (known[i].length ? `${s.name} from ${format(known[i][0])} to ${format(known[i][known[i].length - 1])}` : `${s.name}: no data`)).join(', ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${summary}`}>
        <Axes labels={labels} max={max} format={format} />
        {series.map((s) => {
          const segments: string[] = [];
          let current = '';
          s.values.forEach((v, i) => {
            if (v === null) { if (current) segments.push(current); current = ''; return; }
            current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          });
          if (current) segments.push(current);
          return (
            <g key={s.name} className={s.className}>
              {segments.map((d, i) => <path key={i} d={d} fill="none" />)}
              {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={2.5}><title>{`${short(labels[i])}: ${s.name} ${format(v)}`}</title></circle>))}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

/** Horizontal bars for categories (content types, sources, tags). */
export function HBars({ data, label }: { data: [string, number][]; label: string }) {
  if (data.length === 0) return <p className="muted">None in this period.</p>;
  const max = Math.max(...data.map(([, v]) => v), 1);
  const row = 18;
  return (
    <svg viewBox={`0 0 ${W} ${data.length * row + 4}`} className="hbars" role="img" aria-label={`${label}: ${data.map(([k, v]) => `${k} ${v}`).join(', ')}`}>
      {data.map(([k, v], i) => (
        <g key={k} transform={`translate(0,${i * row + 2})`}>
          <text x={0} y={12} className="hbar-label">{k.length > 18 ? k.slice(0, 17) + '…' : k}</text>
          <rect x={110} y={2} height={12} width={Math.max(1, ((W - 150) * v) / max)} className="bar-a" />
          <text x={114 + ((W - 150) * v) / max} y={12}>{v}</text>
        </g>
      ))}
    </svg>
  );
}

/** A tiny line for a table cell (an entity's mentions per month). */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const w = 80, h = 20, max = Math.max(1, ...values);
  const y = (v: number) => (h - 2 - ((h - 4) * v) / max).toFixed(1);
  const d = values.map((v, i) => `${i ? 'L' : 'M'}${((i * w) / Math.max(1, values.length - 1)).toFixed(1)},${y(v)}`).join('');
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className="sparkline" role="img" aria-label={`${label}: ${values.join(', ')}`}>
      {values.length === 1 ? <circle cx={w / 2} cy={y(values[0])} r={2} /> : <path d={d} fill="none" />}
    </svg>
  );
}

function Legend({ series }: { series: Series[] }) {
  if (series.length < 2) return <figcaption className="legend">{series[0]?.name}</figcaption>;
  return (
    <figcaption className="legend">
      {series.map((s) => <span key={s.name}><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" className={s.className} /></svg> {s.name}</span>)}
    </figcaption>
  );
}
