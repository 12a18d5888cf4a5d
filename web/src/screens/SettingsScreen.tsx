import { useState, type FormEvent } from 'react';
import { api, apiBase, saveSession } from '../api/client';
import { message, Status, useLoad } from '../ui';

const purposes: Record<string, string> = {
  activity_tracking: 'Track my reading (time and progress) to show my activity',
  personalised_insights: 'Use my data for personalised insights',
  notifications: 'Send me notifications',
};

/** Profile, consents, export of everything, and deleting the account. */
export function SettingsScreen() {
  const profile = useLoad(() => api.profile().then((r) => r.data), []);
  const consents = useLoad(() => api.consents().then((r) => r.data), []);
  const [note, setNote] = useState<string | null>(null);

  async function saveProfile(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api.saveProfile({ first_name: String(f.get('first_name') || '') || null, last_name: String(f.get('last_name') || '') || null }, profile.value?.etag ?? null);
      setNote('Profile saved.');
    } catch (err) {
      setNote(message(err));
    }
  }

  async function toggle(purpose: string, granted: boolean) {
    if (!consents.value) return;
    const next = Object.fromEntries(Object.entries(consents.value.purposes).map(([k, v]) => [k, k === purpose ? granted : v.granted]));
    try {
      await api.saveConsents(next);
      consents.reload();
    } catch (err) {
      setNote(message(err));
    }
  }

  async function exportAll() {
    try {
      const { data } = await api.startExport();
      setNote(`Export ${data.status}. It is prepared in the background; come back here to download it.`);
      let status = data;
      for (let i = 0; i < 20 && status.status !== 'completed' && status.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 1500));
        status = (await api.exportStatus(data.export_id)).data;
      }
      setNote(status.status === 'completed' ? 'Your export is ready.' : `Export ${status.status}${status.reason ? `: ${status.reason}` : ''}.`);
      if (status.download_url) setDownload(status.download_url);
    } catch (err) {
      setNote(message(err));
    }
  }
  const [download, setDownload] = useState<string | null>(null);

  async function downloadZip() {
    if (!download) return;
    const s = JSON.parse(localStorage.getItem('kmt.session') ?? '{}');
    // download_url is a path on the API (absolute URLs are used as they are).
    const response = await fetch(download.startsWith('/') ? apiBase + download : download, { headers: { Authorization: `Bearer ${s.access_token}` } });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url; a.download = 'kmt-export.zip'; a.click();
    URL.revokeObjectURL(url);
  }

  async function deleteAccount(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!confirm('Delete your account and everything in it? This cannot be undone.')) return;
    try {
      await api.deleteAccount(String(new FormData(e.currentTarget).get('password')));
      saveSession(null);
    } catch (err) {
      setNote(message(err));
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {note && <p role="status">{note}</p>}
      <h3>Profile</h3>
      <Status loading={profile.loading} error={profile.error}>
        {profile.value && (
          <form onSubmit={saveProfile}>
            <p className="muted">{profile.value.email}</p>
            <label>First name<input name="first_name" defaultValue={profile.value.first_name ?? ''} /></label>
            <label>Last name<input name="last_name" defaultValue={profile.value.last_name ?? ''} /></label>
            <button type="submit">Save profile</button>
          </form>
        )}
      </Status>
      <h3>Consents</h3>
      <Status loading={consents.loading} error={consents.error}>
        {consents.value && (
          <fieldset>
            <legend className="sr-only">Consents</legend>
            {Object.entries(consents.value.purposes).map(([k, v]) => (
              <label key={k} className="check">
                <input type="checkbox" checked={v.granted} onChange={(e) => void toggle(k, e.target.checked)} /> {purposes[k] ?? k}
              </label>
            ))}
          </fieldset>
        )}
      </Status>
      <h3>Your data</h3>
      <button type="button" onClick={exportAll}>Export everything</button>
      {download && <button type="button" onClick={downloadZip}>Download the export</button>}
      <h3>Delete account</h3>
      <form onSubmit={deleteAccount}>
        <label>Password<input name="password" type="password" required autoComplete="current-password" /></label>
        <button type="submit" className="danger">Delete my account</button>
      </form>
    </section>
  );
}
