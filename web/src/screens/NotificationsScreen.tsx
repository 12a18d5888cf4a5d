import { describe } from '../App';
import type { RealtimeMessage } from '../realtime';

/** What changed while this page was open, as it arrived in real time. */
export function NotificationsScreen({ feed }: { feed: RealtimeMessage[] }) {
  return (
    <section aria-labelledby="notes-title">
      <h2 id="notes-title">Notifications</h2>
      <p className="muted">Live updates since you opened KMT. A stored notification list is not available yet.</p>
      {feed.length === 0 ? <p>Nothing new yet.</p> : (
        <ul className="cards" aria-label="Updates">
          {feed.map((m, i) => (
            <li key={i} className="card" data-realtime-type={m.type}>
              {describe(m)} <time className="muted" dateTime={m.at}>{new Date(m.at).toLocaleTimeString()}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
