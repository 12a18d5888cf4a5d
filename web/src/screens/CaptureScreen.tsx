import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { message } from '../ui';

/** Capture a note, or a URL with a title. */
export function CaptureScreen() {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; title: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const url = String(f.get('source_url') || '').trim();
    setBusy(true);
    setError(null);
    try {
      const { data } = await api.createItem({
        title: String(f.get('title')),
        content: String(f.get('content') || ''),
        content_type: url ? 'bookmark' : 'note',
        source_url: url || null,
        tags: String(f.get('tags') || '').split(',').map((t) => t.trim()).filter(Boolean),
      });
      setSaved({ id: data.id, title: data.title });
      form.reset();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="capture-title">
      <h2 id="capture-title">Capture</h2>
      <form onSubmit={submit}>
        <label>Title<input name="title" required maxLength={500} /></label>
        <label>Link (optional)<input name="source_url" type="url" placeholder="https://…" /></label>
        <label>Note<textarea name="content" rows={6} maxLength={50000} /></label>
        <label>Tags, comma-separated<input name="tags" placeholder="reading, science/biology" /></label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      </form>
      {saved && <p role="status">Saved <a href={`#read/${encodeURIComponent(saved.id)}`}>{saved.title}</a>.</p>}
    </section>
  );
}
