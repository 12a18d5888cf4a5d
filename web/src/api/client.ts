import type { components } from './schema';

export type Schemas = components['schemas'];

/** An API error with the envelope's code and message, and the field reasons of a 400. */
export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields: { field: string; reason: string }[] = []) {
    super(message);
  }
}

const KEY = 'kmt.session';
type Session = { access_token: string; refresh_token: string; user: Schemas['User'] };

export function session(): Session | null {
  const raw = localStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function saveSession(s: Schemas['AuthResult'] | null) {
  if (s) localStorage.setItem(KEY, JSON.stringify({ access_token: s.access_token, refresh_token: s.refresh_token, user: s.user }));
  else localStorage.removeItem(KEY);
  window.dispatchEvent(new Event('kmt-session'));
}

async function send<T>(method: string, path: string, body?: unknown, retry = true): Promise<{ data: T; pagination?: Schemas['Pagination']; etag: string | null }> {
  const s = session();
  const headers: Record<string, string> = {};
  if (s) headers.Authorization = `Bearer ${s.access_token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && s && retry && !path.includes('/auth/')) {
    // The access token lives 15 minutes: trade the refresh token for a new pair once, then retry.
    try {
      const renewed = await send<Schemas['AuthResult']>('POST', '/api/v1/auth/refresh', { refresh_token: s.refresh_token }, false);
      saveSession(renewed.data);
      return send<T>(method, path, body, false);
    } catch {
      saveSession(null);
    }
  }
  const text = await response.text();
  const envelope = text ? JSON.parse(text) : {};
  if (!response.ok || envelope.success === false) {
    const error = envelope.error ?? {};
    throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? `The server answered ${response.status}.`, error.details?.errors ?? []);
  }
  return { data: envelope.data as T, pagination: envelope.pagination, etag: response.headers.get('ETag') };
}

export const api = {
  register: (b: { email: string; password: string; first_name?: string }) => send<Schemas['AuthResult']>('POST', '/api/v1/auth/register', b),
  login: (b: { email: string; password: string }) => send<Schemas['AuthResult']>('POST', '/api/v1/auth/login', b),
  logout: () => send<unknown>('POST', '/api/v1/auth/logout', { refresh_token: session()?.refresh_token }),
  listItems: (query: URLSearchParams) => send<Schemas['KnowledgeItem'][]>('GET', `/api/v1/knowledge?${query}`),
  getItem: (id: string) => send<Schemas['KnowledgeItem']>('GET', `/api/v1/knowledge/${encodeURIComponent(id)}`),
  createItem: (b: Schemas['KnowledgeInput']) => send<Schemas['KnowledgeItem']>('POST', '/api/v1/knowledge', b),
  search: (b: Schemas['SearchInput']) => send<Schemas['SearchHit'][]>('POST', '/api/v1/knowledge/search', b),
  tags: () => send<Schemas['Tag'][]>('GET', '/api/v1/tags'),
  uploadStatus: (id: string) => send<Schemas['UploadStatus']>('GET', `/api/v1/upload/${encodeURIComponent(id)}/status`),
  track: (events: Schemas['TrackEvent'][]) => send<Schemas['TrackResult']>('POST', '/api/v1/analytics/track', { events }),
  graph: (asOf?: string) => send<Schemas['Graph']>('GET', `/api/v1/graph?limit=150${asOf ? `&as_of=${encodeURIComponent(asOf)}` : ''}`),
  refreshInsights: () => send<Schemas['InsightRun']>('POST', '/api/v1/insights/refresh', {}),
  profile: () => send<Schemas['User']>('GET', '/api/v1/users/profile'),
  saveProfile: (b: { first_name: string | null; last_name: string | null }, etag: string | null) => send<Schemas['User']>('PUT', '/api/v1/users/profile', b),
  consents: () => send<Schemas['Consents']>('GET', '/api/v1/users/consents'),
  saveConsents: (b: Record<string, boolean>) => send<Schemas['Consents']>('PUT', '/api/v1/users/consents', b),
  startExport: () => send<Schemas['Export']>('POST', '/api/v1/users/export', {}),
  exportStatus: (id: string) => send<Schemas['Export']>('GET', `/api/v1/users/export/${encodeURIComponent(id)}`),
  deleteAccount: (password: string) => send<{ deleted: boolean }>('DELETE', '/api/v1/users/account', { password }),
  negotiate: () => send<Schemas['RealtimeNegotiation']>('GET', '/api/v1/realtime/negotiate'),
};

/** POST /upload as multipart with upload progress (fetch cannot report it; XMLHttpRequest can). */
export function uploadFiles(files: File[], onProgress: (fraction: number) => void): Promise<Schemas['UploadStatus'][]> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    files.forEach((f) => form.append('file', f, f.name));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/upload');
    const s = session();
    if (s) xhr.setRequestHeader('Authorization', `Bearer ${s.access_token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload could not reach the server.'));
    xhr.onload = () => {
      const envelope = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      if (xhr.status >= 200 && xhr.status < 300) {
        const data = envelope.data;
        resolve(Array.isArray(data) ? data : data?.uploads ?? [data]);
      } else reject(new ApiError(xhr.status, envelope.error?.code ?? 'HTTP', envelope.error?.message ?? `Upload failed (${xhr.status}).`));
    };
    xhr.send(form);
  });
}
