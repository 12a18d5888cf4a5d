import { useState } from 'react';
import { api } from '../api/client';
import { message } from '../ui';

/**
 * Insights: the refresh the API has (POST /insights/refresh). Importance, dormant items, gaps and
 * predictions have no read route yet, so they say so instead of showing anything made up.
 */
export function InsightsScreen() {
  const [state, setState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function refresh() {
    setBusy(true);
    try {
      const { data } = await api.refreshInsights();
      setState(`Refresh started (${data.status}). New insights arrive here and under Notifications when it finishes.`);
    } catch (e) {
      setState(message(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="insights-title">
      <h2 id="insights-title">Insights</h2>
      <button type="button" onClick={refresh} disabled={busy}>{busy ? 'Starting…' : 'Refresh my insights'}</button>
      {state && <p role="status">{state}</p>}
      <div className="grid">
        {['Importance', 'Dormant knowledge', 'Gaps', 'Retention predictions', 'Recommendations'].map((t) => (
          <div key={t} className="card placeholder">
            <h3>{t}</h3>
            <p className="muted">Not available yet: the API does not serve this yet.</p>
          </div>
        ))}
      </div>
    </section>
  );
}
