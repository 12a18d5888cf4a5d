import { useEffect, useState, type FormEvent } from 'react';
import { describe } from '../App';
import { api, type Schemas } from '../api/client';
import { onRealtime, type RealtimeMessage } from '../realtime';
import { message, Status, useLoad } from '../ui';

type Note = Schemas['NotificationResponse'];
type Prefs = Schemas['NotificationPreferencesResponse'];

/** Tells the header's unread badge to count again (after a read, or a notification that arrived). */
export const notificationsChanged = () => window.dispatchEvent(new Event('kmt-notifications'));

/**
 * The stored in-app feed (GET /notifications, newest first) with mark read / mark all read; new
 * notifications arriving as real-time `notification` messages join the top without a reload; the
 * delivery preferences (time zone, quiet hours, digest); and this session's live updates.
 */
export function NotificationsScreen({ feed }: { feed: RealtimeMessage[] }) {
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.notifications(page), [page]);
  const [notes, setNotes] = useState<Note[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setNotes(list.value?.data ?? []), [list.value]);

  useEffect(() => onRealtime((m) => {
    if (m.type !== 'notification') return;
    const n = m.data as unknown as Note;
    if (!n || typeof n.id !== 'string') return;
    setNotes((ns) => (ns.some((x) => x.id === n.id) ? ns : [{ ...n, read: n.read ?? false, read_at: n.read_at ?? null }, ...ns]));
  }), []);

  const unread = notes.filter((n) => !n.read).length;
  const total = list.value?.pagination;

  async function markRead(id: string) {
    setError(null);
    try {
      const { data } = await api.markRead(id);
      setNotes((ns) => ns.map((n) => (n.id === id ? data : n)));
      notificationsChanged();
    } catch (e) {
      setError(message(e));
    }
  }

  async function markAll() {
    setError(null);
    try {
      await api.markAllRead();
      setNotes((ns) => ns.map((n) => (n.read ? n : { ...n, read: true, read_at: new Date().toISOString() })));
      notificationsChanged();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <section aria-labelledby="notes-title">
      <h2 id="notes-title">Notifications</h2>
      <div className="row">
        <p className="grow" data-unread-count={unread}>{unread === 0 ? 'No unread notifications.' : `${unread} unread`}</p>
        {unread > 0 && <button type="button" onClick={markAll}>Mark all read</button>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <Status loading={list.loading && !list.value} error={list.error}>
        {notes.length === 0 ? (
          <p className="muted empty">
            Nothing here yet. Allow notifications in <a href="#settings">Settings</a>; KMT then tells you here when an insight run
            finds something worth your attention.
          </p>
        ) : (
          <ul className="cards" aria-label="Notifications">
            {notes.map((n) => (
              <li key={n.id} className={`card${n.read ? '' : ' unread'}`} data-notification-id={n.id} data-read={n.read}>
                <strong>{n.title}</strong> {!n.read && <span className="badge">new</span>}
                <p>{n.body}</p>
                <p className="meta">
                  <time dateTime={n.created_at}>{new Date(n.created_at).toLocaleString()}</time>
                  {itemLink(n.link) && <> · <a href={itemLink(n.link)!}>Open the item</a></>}
                </p>
                {!n.read && <button type="button" className="small-button secondary" onClick={() => markRead(n.id)}>Mark read</button>}
              </li>
            ))}
          </ul>
        )}
        {total && total.total_pages > 1 && (
          <div className="row">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>Newer</button>
            <span>Page {page} of {total.total_pages}</span>
            <button type="button" disabled={page >= total.total_pages} onClick={() => setPage(page + 1)}>Older</button>
          </div>
        )}
      </Status>
      <Preferences />
      <h3>Live updates</h3>
      <p className="muted">What changed while this page was open, as it arrived in real time.</p>
      {feed.length === 0 ? <p className="muted">Nothing new since you opened KMT.</p> : (
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

/** "/api/v1/knowledge/{id}" → the client's reading screen. */
function itemLink(link: string | null | undefined) {
  const m = link?.match(/^\/api\/v1\/knowledge\/([^/?#]+)$/);
  return m ? `#read/${m[1]}` : null;
}

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const zones: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** GET / PUT notifications/preferences, with the ETag it answered as If-Match. */
function Preferences() {
  const prefs = useLoad(() => api.notificationPreferences(), []);
  const [etag, setEtag] = useState<string | null>(null);
  const [quiet, setQuiet] = useState(true);
  const [frequency, setFrequency] = useState('daily');
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  useEffect(() => {
    if (!prefs.value) return;
    setEtag(prefs.value.etag ?? prefs.value.data.etag ?? null);
    setQuiet(prefs.value.data.quiet_hours !== null);
    setFrequency(prefs.value.data.digest_frequency);
  }, [prefs.value]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Omit<Prefs, 'updated_at' | 'etag'> = {
      channels: { in_app: f.get('in_app') === 'on', email: f.get('email') === 'on', push: f.get('push') === 'on' },
      digest_frequency: String(f.get('digest_frequency')) as Prefs['digest_frequency'],
      // Hidden fields (digest off, or not weekly) keep what was stored.
      digest_time: String(f.get('digest_time') || prefs.value?.data.digest_time || '08:00'),
      digest_day: String(f.get('digest_day') || prefs.value?.data.digest_day || 'monday'),
      time_zone: String(f.get('time_zone') || '').trim(),
      quiet_hours: quiet ? { start: String(f.get('quiet_start') || ''), end: String(f.get('quiet_end') || '') } : null,
    };
    setNote(null);
    try {
      const saved = await api.saveNotificationPreferences(body, etag);
      setEtag(saved.etag ?? saved.data.etag ?? null);
      setNote({ text: 'Preferences saved.' });
    } catch (err) {
      setNote({ text: message(err), error: true });
    }
  }

  const p = prefs.value?.data;
  return (
    <>
      <h3 id="prefs-title">Delivery preferences</h3>
      <Status loading={prefs.loading} error={prefs.error}>
        {p && (
          <form onSubmit={save} aria-labelledby="prefs-title" name="notification-preferences">
            <fieldset>
              <legend>Channels</legend>
              <label className="check"><input type="checkbox" name="in_app" defaultChecked={p.channels.in_app} /> Show the unread count here</label>
              <label className="check"><input type="checkbox" name="email" defaultChecked={p.channels.email} /> E-mail digest</label>
              <label className="check"><input type="checkbox" name="push" defaultChecked={p.channels.push} /> Browser push</label>
            </fieldset>
            <label>Time zone
              <input name="time_zone" defaultValue={p.time_zone} list="time-zones" autoComplete="off" placeholder="Europe/Berlin" />
            </label>
            <datalist id="time-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
            <div className="row">
              <label>Digest
                <select name="digest_frequency" value={frequency} onChange={(e) => setFrequency(e.target.value)}>
                  <option value="off">Off</option>
                  <option value="daily">Daily</option>
                  <option value="weekly">Weekly</option>
                </select>
              </label>
              {frequency === 'weekly' && (
                <label>On
                  <select name="digest_day" defaultValue={p.digest_day}>{days.map((d) => <option key={d} value={d}>{d[0].toUpperCase() + d.slice(1)}</option>)}</select>
                </label>
              )}
              {frequency !== 'off' && <label>At<input type="time" name="digest_time" defaultValue={p.digest_time} /></label>}
            </div>
            <label className="check"><input type="checkbox" name="quiet" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} /> Quiet hours (no push or digest)</label>
            {quiet && (
              <div className="row">
                <label>From<input type="time" name="quiet_start" defaultValue={p.quiet_hours?.start ?? '22:00'} /></label>
                <label>To<input type="time" name="quiet_end" defaultValue={p.quiet_hours?.end ?? '07:00'} /></label>
              </div>
            )}
            <button type="submit">Save preferences</button>
            {note && <p role={note.error ? 'alert' : 'status'} className={note.error ? 'error' : undefined}>{note.text}</p>}
          </form>
        )}
      </Status>
    </>
  );
}
