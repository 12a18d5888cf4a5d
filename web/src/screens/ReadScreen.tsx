import { useEffect, useRef } from 'react';
import { api } from '../api/client';
import { Status, useLoad } from '../ui';

/**
 * Reads an item and tracks the reading session (POST /analytics/track): reading_started on open,
 * reading_progress as the scroll completion grows (at most every 10 s), reading_finished on leaving,
 * all with one session_id and the time spent.
 */
export function ReadScreen({ id }: { id: string }) {
  const item = useLoad(() => api.getItem(id).then((r) => r.data), [id]);
  const article = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!item.value) return;
    const sessionId = crypto.randomUUID();
    const started = Date.now();
    let completion = 0;
    let sentAt = 0;
    const event = (type: string) => ({
      id: crypto.randomUUID(),
      activity_type: type,
      entity_type: 'knowledge_item',
      entity_id: id,
      duration_seconds: Math.round((Date.now() - started) / 1000),
      metadata: { session_id: sessionId, completion_percentage: completion },
      occurred_at: new Date().toISOString(),
    });
    const send = (type: string) => api.track([event(type)]).catch(() => undefined); // tracking never blocks reading
    void send('reading_started');
    const measure = () => {
      const el = article.current;
      if (!el) return;
      const bottom = el.getBoundingClientRect().bottom - window.innerHeight;
      const seen = el.scrollHeight <= 0 ? 100 : 100 * (1 - Math.max(0, bottom) / el.scrollHeight);
      completion = Math.max(completion, Math.min(100, Math.round(seen)));
      if (Date.now() - sentAt > 10000) {
        sentAt = Date.now();
        void send('reading_progress');
      }
    };
    measure();
    addEventListener('scroll', measure, { passive: true });
    return () => {
      removeEventListener('scroll', measure);
      void send('reading_finished');
    };
  }, [item.value, id]);

  return (
    <Status loading={item.loading} error={item.error}>
      {item.value && (
        <article ref={article} aria-labelledby="read-title">
          <p><a href="#browse">← Library</a></p>
          <h2 id="read-title">{item.value.title}</h2>
          <p className="meta">
            {item.value.tags.map((t) => <span key={t} className="tag">{t}</span>)} {item.value.word_count} words
            {item.value.source_url && <> · <a href={item.value.source_url} rel="noreferrer noopener" target="_blank">source</a></>}
          </p>
          {/* Shown as text: HTML content is sanitized by the API, but plain text needs no markup here. */}
          <div className="content">{item.value.content}</div>
        </article>
      )}
    </Status>
  );
}
