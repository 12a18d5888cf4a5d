import { useEffect, useState } from 'react';
import { api, session } from './api/client';
import { startRealtime, stopRealtime, onRealtime, type RealtimeMessage } from './realtime';
import { AuthScreen } from './screens/AuthScreen';
import { CaptureScreen } from './screens/CaptureScreen';
import { BrowseScreen } from './screens/BrowseScreen';
import { ReadScreen } from './screens/ReadScreen';
import { UploadScreen } from './screens/UploadScreen';
import { InsightsScreen } from './screens/InsightsScreen';
import { GraphScreen } from './screens/GraphScreen';
import { NotificationsScreen } from './screens/NotificationsScreen';
import { AnalyticsScreen } from './screens/AnalyticsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { saveSession } from './api/client';

const screens = [
  ['browse', 'Library'],
  ['capture', 'Capture'],
  ['upload', 'Upload'],
  ['insights', 'Insights'],
  ['analytics', 'Analytics'],
  ['graph', 'Graph'],
  ['notifications', 'Notifications'],
  ['settings', 'Settings'],
] as const;

/** The screen is the URL's hash (#browse, #read/{id}), so back, reload and links work. */
function useRoute() {
  const [hash, setHash] = useState(location.hash.slice(1) || 'browse');
  useEffect(() => {
    const on = () => setHash(location.hash.slice(1) || 'browse');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const [signedIn, setSignedIn] = useState(() => session() !== null);
  const route = useRoute();
  const [feed, setFeed] = useState<RealtimeMessage[]>([]);
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    const on = () => setSignedIn(session() !== null);
    addEventListener('kmt-session', on);
    return () => removeEventListener('kmt-session', on);
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    void startRealtime();
    const off = onRealtime((m) => setFeed((f) => [m, ...f].slice(0, 50)));
    return () => {
      off();
      stopRealtime();
    };
  }, [signedIn]);

  // The badge is the stored feed's unread count (GET /notifications?unread=true: its total), counted
  // again when a notification arrives in real time or the Notifications screen marks some read.
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    const count = () => api.notifications(1, true).then((r) => live && setUnread(r.pagination?.total ?? r.data.length), () => undefined);
    void count();
    const offRealtime = onRealtime((m) => m.type === 'notification' && void count());
    addEventListener('kmt-notifications', count);
    return () => {
      live = false;
      offRealtime();
      removeEventListener('kmt-notifications', count);
    };
  }, [signedIn]);

  if (!signedIn) return <AuthScreen />;

  const [name, arg] = route.split('/');
  return (
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <header>
        <h1>KMT</h1>
        <nav aria-label="Main">
          {screens.map(([key, label]) => (
            <a key={key} href={`#${key}`} aria-current={name === key ? 'page' : undefined}>
              {label}
              {key === 'notifications' && unread > 0 ? <span className="badge" data-unread-badge={unread} aria-label={`${unread} unread`}>{unread}</span> : null}
            </a>
          ))}
          <button
            type="button"
            className="link"
            onClick={async () => {
              await api.logout().catch(() => undefined);
              saveSession(null);
            }}
          >
            Sign out
          </button>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {name === 'capture' && <CaptureScreen />}
        {name === 'browse' && <BrowseScreen />}
        {name === 'read' && arg && <ReadScreen id={decodeURIComponent(arg)} />}
        {name === 'upload' && <UploadScreen />}
        {name === 'insights' && <InsightsScreen />}
        {name === 'analytics' && <AnalyticsScreen />}
        {name === 'graph' && <GraphScreen entity={arg ? decodeURIComponent(arg) : undefined} />}
        {name === 'notifications' && <NotificationsScreen feed={feed} />}
        {name === 'settings' && <SettingsScreen />}
      </main>
      <div className="sr-only" aria-live="polite">{feed[0] ? describe(feed[0]) : ''}</div>
    </div>
  );
}

export function describe(m: RealtimeMessage) {
  const d = m.data as Record<string, string | null>;
  switch (m.type) {
    case 'upload_status':
      return `${d.file_name}: ${d.status}${d.reason ? ` (${d.reason})` : ''}`;
    case 'item_changed':
      return `“${d.title ?? 'An item'}” was ${d.change}`;
    case 'new_insight':
      return 'A new insight is ready';
    case 'prediction_update':
      return 'Your predictions were updated';
    case 'notification':
      return typeof d.title === 'string' ? d.title : 'A new notification';
    default:
      return typeof d.message === 'string' ? d.message : 'Notification';
  }
}
