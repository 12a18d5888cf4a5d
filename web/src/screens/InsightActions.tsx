import { useState } from 'react';
import { api } from '../api/client';
import { message } from '../ui';

export type InsightKind = 'dormant' | 'gap' | 'content' | 'learning';

const patchPath = { dormant: 'dormant', gap: 'gaps' } as const;

/**
 * Feedback and status buttons of one insight. Dormant discoveries and gaps change status with
 * PATCH insights/{dormant|gaps}/{id}; recommendations (no PATCH route) through POST insights/feedback,
 * whose dismiss/applied also set the status. What the server answers is what the card shows.
 */
export function InsightActions({ kind, id, status, onStatus }: { kind: InsightKind; id: string; status: string; onStatus: (status: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setNote(null);
    try {
      setNote({ text: await action() });
    } catch (e) {
      setNote({ text: message(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  const feedback = (value: 'useful' | 'not_useful' | 'dismiss' | 'applied') => run(async () => {
    const { data } = await api.feedback({ insight_type: kind, insight_id: id, feedback: value });
    if (data.feedback === 'dismiss') onStatus('dismissed');
    else if (data.feedback === 'applied') onStatus('applied');
    else if (status === 'new') onStatus('viewed'); // useful / not useful mark a new insight viewed (docs/api.md)
    return data.feedback === 'useful' ? 'Thanks: marked useful.' : data.feedback === 'not_useful' ? 'Thanks: marked not useful.' : `Marked ${data.feedback}.`;
  });

  const setStatus = (value: 'applied' | 'dismissed') => run(async () => {
    if (kind === 'dormant' || kind === 'gap') {
      const { data } = await api.setInsightStatus(patchPath[kind], id, value);
      onStatus(data.status);
      return `Marked ${data.status}.`;
    }
    const { data } = await api.feedback({ insight_type: kind, insight_id: id, feedback: value === 'dismissed' ? 'dismiss' : 'applied' });
    onStatus(data.feedback === 'dismiss' ? 'dismissed' : 'applied');
    return `Marked ${data.feedback === 'dismiss' ? 'dismissed' : 'applied'}.`;
  });

  return (
    <div className="actions" role="group" aria-label="Feedback">
      <button type="button" className="small-button" disabled={busy} onClick={() => feedback('useful')}>Useful</button>
      <button type="button" className="small-button secondary" disabled={busy} onClick={() => feedback('not_useful')}>Not useful</button>
      {status !== 'applied' && <button type="button" className="small-button secondary" disabled={busy} onClick={() => setStatus('applied')}>I used this</button>}
      <button type="button" className="small-button secondary" disabled={busy} onClick={() => setStatus('dismissed')}>Dismiss</button>
      {note && <span role={note.error ? 'alert' : 'status'} className={note.error ? 'error small' : 'muted small'}>{note.text}</span>}
    </div>
  );
}
