import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from './api/client';

/** Loading / error / content for one request; the error is the server's sentence, never raw JSON. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ loading: boolean; error: string | null; value: T | null }>({ loading: true, error: null, value: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (value) => live && setState({ loading: false, error: null, value }),
      (e) => live && setState({ loading: false, error: message(e), value: null }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export function message(e: unknown) {
  if (e instanceof ApiError) return e.fields.length ? e.fields.map((f) => f.reason).join(' ') : e.message;
  return 'Something went wrong. Check your connection and try again.';
}

export function Status({ loading, error, children }: { loading: boolean; error: string | null; children?: ReactNode }) {
  if (loading) return <p role="status" className="muted">Loading…</p>;
  if (error) return <p role="alert" className="error">{error}</p>;
  return <>{children}</>;
}

/** Renders a search snippet: the server escapes everything and adds only <mark>; we still rebuild it from text, never as HTML. */
export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const out: ReactNode[] = [];
  parts.forEach((p, i) => {
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) out.push(marked ? <mark key={i}>{decode(p)}</mark> : <span key={i}>{decode(p)}</span>);
  });
  return <p className="snippet">{out}</p>;
}

function decode(text: string) {
  const t = document.createElement('textarea');
  t.innerHTML = text; // a textarea's content is text: entities decode, nothing executes
  return t.value;
}
