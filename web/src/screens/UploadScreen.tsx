import { useEffect, useRef, useState, type DragEvent } from 'react';
import { uploadFiles, type Schemas } from '../api/client';
import { onRealtime } from '../realtime';
import { message } from '../ui';

type Row = Schemas['UploadStatusResponse'];

/** Drag and drop (or choose) documents; shows the upload's progress, then its live status from real-time upload_status. */
export function UploadScreen() {
  const [rows, setRows] = useState<Row[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  // A status can arrive before the POST's answer does (fast ingestion): keep the latest per upload.
  const latest = useRef(new Map<string, Row>());
  const merge = (r: Row) => {
    const d = latest.current.get(r.upload_id);
    return d ? { ...r, status: d.status, reason: d.reason, knowledge_item_id: d.knowledge_item_id } : r;
  };

  useEffect(() => onRealtime((m) => {
    if (m.type !== 'upload_status') return;
    const d = m.data as unknown as Row;
    latest.current.set(d.upload_id, d);
    setRows((rs) => rs.map((r) => (r.upload_id === d.upload_id ? merge(r) : r)));
  }), []);

  async function send(files: File[]) {
    if (!files.length) return;
    setError(null);
    setProgress(0);
    try {
      const created = await uploadFiles(files, setProgress);
      setRows((rs) => [...created.map(merge), ...rs]);
    } catch (e) {
      setError(message(e));
    } finally {
      setProgress(null);
    }
  }

  function drop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    void send(Array.from(e.dataTransfer.files));
  }

  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">Upload documents</h2>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop PDF, Word, HTML, Markdown or text files here, or</p>
        <label className="button">Choose files
          <input type="file" multiple className="sr-only" onChange={(e) => void send(Array.from(e.target.files ?? []))} />
        </label>
      </div>
      {progress !== null && <progress max={1} value={progress} aria-label="Upload progress">{Math.round(progress * 100)}%</progress>}
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="cards" aria-label="Uploads" aria-live="polite">
        {rows.map((r) => (
          <li key={r.upload_id} className="card">
            <strong>{r.file_name}</strong> <span className={`status status-${r.status}`} data-upload-status={r.status}>{r.status}</span>
            {r.reason && <p className="error">{r.reason}</p>}
            {r.knowledge_item_id && (r.status === 'completed' || r.status === 'duplicate') && (
              <p><a href={`#read/${encodeURIComponent(r.knowledge_item_id)}`}>Open the item</a></p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
