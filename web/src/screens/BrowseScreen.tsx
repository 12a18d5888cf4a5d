import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { Snippet, Status, useLoad } from '../ui';

/** The library: newest first, filtered by a tag, or searched with highlighted snippets. */
export function BrowseScreen() {
  const [tag, setTag] = useState('');
  const [query, setQuery] = useState('');
  const tags = useLoad(() => api.tags().then((r) => r.data), []);
  const items = useLoad<(Schemas['KnowledgeItemSummaryResponse'] | Schemas['SearchHitResponse'])[]>(async () => {
    if (query) return (await api.search({ query, tags: tag ? [tag] : undefined, per_page: 50 })).data;
    const q = new URLSearchParams({ per_page: '50' });
    if (tag) q.set('tag', tag);
    return (await api.listItems(q)).data;
  }, [tag, query]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setQuery(String(new FormData(e.currentTarget).get('q') || '').trim());
  }

  return (
    <section aria-labelledby="browse-title">
      <h2 id="browse-title">Library</h2>
      <form role="search" onSubmit={submit} className="row">
        <label className="grow">Search<input name="q" type="search" placeholder='words, "a phrase", prefix*' /></label>
        <label>Tag
          <select value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {(tags.value ?? []).map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
          </select>
        </label>
        <button type="submit">Search</button>
        {query && <button type="button" className="link" onClick={() => setQuery('')}>Clear search</button>}
      </form>
      <Status loading={items.loading} error={items.error}>
        {items.value && items.value.length === 0 && <p className="muted">{query ? 'Nothing matches.' : 'Nothing here yet: capture a note or upload a document.'}</p>}
        <ul className="cards" aria-label={query ? 'Search results' : 'Items'}>
          {(items.value ?? []).map((item) => (
            <li key={item.id} className="card">
              <a href={`#read/${encodeURIComponent(item.id)}`}><strong>{item.title}</strong></a>
              {'snippet' in item ? <Snippet html={item.snippet} /> : <p className="preview">{item.content_preview}</p>}
              <p className="meta">{item.tags.map((t) => <span key={t} className="tag">{t}</span>)} {new Date(item.created_at).toLocaleDateString()}</p>
            </li>
          ))}
        </ul>
      </Status>
    </section>
  );
}
