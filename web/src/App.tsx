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
import { SettingsScreen } from './screens/SettingsScreen';
import { saveSession } from './api/client';

const screens = [
  ['browse', 'Library'],
  ['capture', 'Capture'],
  ['upload', 'Upload'],
  ['insights', 'Insights'],
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

  if (!signedIn) return <AuthScreen />;

  const [name, arg] = route.split('/');
  const unread = feed.filter((m) => m.channel === 'notifications' || m.channel === 'insights').length;
  return (
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <header>
        <h1>KMT</h1>
        <nav aria-label="Main">
          {screens.map(([key, label]) => (
            <a key={key} href={`#${key}`} aria-current={name === key ? 'page' : undefined}>
              {label}
              {key === 'notifications' && unread > 0 ? <span className="badge" aria-label={`${unread} new`}>{unread}</span> : null}
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
        {name === 'graph' && <GraphScreen />}
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
    default:
      return typeof d.message === 'string' ? d.message : 'Notification';
  }
}
