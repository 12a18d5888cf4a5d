import type { components, paths } from './schema';

/** The models of the OpenAPI document (src/api/schema.d.ts is generated from it: `npm run gen:api`). */
export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The routes that answer <M>, as the document spells them ("/api/v1/knowledge/{id}"). */
export type Route<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = paths[P][M];
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : R extends { 202: infer A } ? A : never;
/** What the envelope's data holds in the success answer of <M> <P>. */
export type Data<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R } ? (Success<R> extends { content: { 'application/json': { data: infer D } } } ? D : never) : never;
/** The JSON body <M> <P> reads. */
export type Body<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Params<P extends keyof paths, M extends Method, Where extends 'path' | 'query'> =
  Operation<P, M> extends { parameters: { [K in Where]?: infer X } } ? (X extends Record<string, unknown> ? X : never) : never;
type Scalar = string | number | boolean | undefined | null;
type Options<P extends keyof paths, M extends Method> = {
  path?: { [K in keyof Params<P, M, 'path'>]: string };
  query?: { [K in keyof Params<P, M, 'query'>]?: Scalar };
  body?: Body<P, M>;
  headers?: Record<string, string>;
};

/** An API error with the envelope's code and message, and the field reasons of a 400. */
export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields: { field: string; reason: string }[] = []) {
    super(message);
  }
}

const KEY = 'kmt.session';
type Session = { access_token: string; refresh_token: string; user: Schemas['UserResponse'] };

export function session(): Session | null {
  const raw = localStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function saveSession(s: Schemas['AuthResponse'] | null) {
  if (s) localStorage.setItem(KEY, JSON.stringify({ access_token: s.access_token, refresh_token: s.refresh_token, user: s.user }));
  else localStorage.removeItem(KEY);
  window.dispatchEvent(new Event('kmt-session'));
}

/**
 * The API's origin: empty when the DevHost serves this client (same origin); the function app's URL when
 * the client is hosted on its own (azure.yaml's web service sets VITE_KMT_API_BASE at build time).
 */
export const apiBase = (import.meta.env.VITE_KMT_API_BASE ?? '').replace(/\/+$/, '');

/** fetch with the bearer token; on a 401 trades the refresh token for a new pair once and retries. */
async function authorized(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}, retry = true): Promise<Response> {
  const s = session();
  const headers: Record<string, string> = { ...init.headers };
  if (s) headers.Authorization = `Bearer ${s.access_token}`;
  const response = await fetch(apiBase + path, { method, headers, body: init.body });
  if (response.status === 401 && s && retry && !path.includes('/auth/')) {
    // The access token lives 15 minutes: trade the refresh token for a new pair once, then retry.
    try {
      const renewed = await send<Schemas['AuthResponse']>('POST', '/api/v1/auth/refresh', { refresh_token: s.refresh_token }, undefined, false);
      saveSession(renewed.data);
      return authorized(method, path, init, false);
    } catch {
      saveSession(null);
    }
  }
  return response;
}

/** The envelope's error as an ApiError (its message is what the person sees). */
function toError(status: number, envelope: { error?: { code?: string; message?: string; details?: { errors?: { field: string; reason: string }[] } } }) {
  const error = envelope.error ?? {};
  return new ApiError(status, error.code ?? 'HTTP_' + status, error.message ?? `The server answered ${status}.`, error.details?.errors ?? []);
}

async function send<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>, retry = true): Promise<{ data: T; pagination?: Schemas['ApiPagination']; etag: string | null }> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await authorized(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) }, retry);
  const text = await response.text();
  let envelope: Record<string, unknown> = {};
  try {
    envelope = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(response.status, 'HTTP_' + response.status, `The server answered ${response.status} without an explanation.`);
  }
  if (!response.ok || envelope.success === false) throw toError(response.status, envelope);
  return { data: envelope.data as T, pagination: envelope.pagination as Schemas['ApiPagination'] | undefined, etag: response.headers.get('ETag') };
}

/** GET a non-JSON answer (CSV) and save it as a file; an error answer is still the envelope. */
export async function downloadFile(path: string, fileName: string) {
  const response = await authorized('GET', path);
  if (!response.ok) {
    const text = await response.text();
    let envelope = {};
    try { envelope = text ? JSON.parse(text) : {}; } catch { /* not JSON: the status says enough */ }
    throw toError(response.status, envelope);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url; a.download = fileName; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const ifMatch = (etag: string | null | undefined): Record<string, string> | undefined => (etag ? { 'If-Match': etag } : undefined);
const q = (params: Record<string, Scalar>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  return u.toString();
};

/** The URL of route <P> with its path parameters filled in and its query appended. */
function url<P extends keyof paths, M extends Method>(path: P, options: Options<P, M>) {
  const filled = (path as string).replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent((options.path as Record<string, string>)[name]));
  const query = options.query ? q(options.query as Record<string, Scalar>) : '';
  return query ? `${filled}?${query}` : filled;
}

/**
 * One API call, typed by the OpenAPI document: the route must exist for the method, its path and query
 * parameters and body must be the document's, and the answer is its envelope's data. A changed route or
 * model is then a build error here, not a failure in front of a person.
 */
function call<M extends Method, P extends Route<M> & keyof paths>(method: M, path: P, options: Options<P, M> = {}) {
  return send<Data<P, M>>(method.toUpperCase(), url(path, options), options.body, options.headers);
}

export type AnalyticsQuery = { from?: string; to?: string; granularity?: 'day' | 'week' | 'month'; tz?: string };
export type InsightStatusValue = 'viewed' | 'applied' | 'dismissed';

export const api = {
  register: (body: Body<'/api/v1/auth/register', 'post'>) => call('post', '/api/v1/auth/register', { body }),
  login: (body: Body<'/api/v1/auth/login', 'post'>) => call('post', '/api/v1/auth/login', { body }),
  logout: () => call('post', '/api/v1/auth/logout', { body: { refresh_token: session()?.refresh_token ?? '' } }),
  listItems: (query: URLSearchParams) => send<Data<'/api/v1/knowledge', 'get'>>('GET', `${url('/api/v1/knowledge', {})}?${query}`),
  getItem: (id: string) => call('get', '/api/v1/knowledge/{id}', { path: { id } }),
  createItem: (body: Body<'/api/v1/knowledge', 'post'>) => call('post', '/api/v1/knowledge', { body }),
  search: (body: Body<'/api/v1/knowledge/search', 'post'>) => call('post', '/api/v1/knowledge/search', { body }),
  tags: () => call('get', '/api/v1/tags'),
  uploadStatus: (id: string) => call('get', '/api/v1/upload/{id}/status', { path: { id } }),
  track: (events: Body<'/api/v1/analytics/track', 'post'>['events']) => call('post', '/api/v1/analytics/track', { body: { events } }),
  graph: (asOf?: string) => call('get', '/api/v1/graph', { query: { limit: 150, as_of: asOf } }),
  refreshInsights: () => call('post', '/api/v1/insights/refresh'),
  // The run's status_url as the refresh answered it (/api/v1/insights/runs/{id}).
  insightRun: (statusUrl: string) => send<Data<'/api/v1/insights/runs/{id}', 'get'>>('GET', statusUrl),
  predictions: (limit = 10) => call('get', '/api/v1/insights/predictions', { query: { type: 'importance', limit } }),
  dormant: () => call('get', '/api/v1/insights/dormant'),
  gaps: () => call('get', '/api/v1/insights/gaps'),
  setInsightStatus: (kind: 'dormant' | 'gaps', id: string, status: InsightStatusValue) =>
    kind === 'dormant'
      ? call('patch', '/api/v1/insights/dormant/{id}', { path: { id }, body: { status } })
      : call('patch', '/api/v1/insights/gaps/{id}', { path: { id }, body: { status } }),
  feedback: (body: Body<'/api/v1/insights/feedback', 'post'>) => call('post', '/api/v1/insights/feedback', { body }),
  contentRecommendations: () => call('get', '/api/v1/recommendations/content'),
  learningPaths: (topic?: string) => call('get', '/api/v1/recommendations/learning', { query: { topic } }),
  notifications: (page = 1, unread = false) => call('get', '/api/v1/notifications', { query: { page, per_page: 20, unread: unread || undefined } }),
  markRead: (id: string) => call('post', '/api/v1/notifications/{id}/read', { path: { id } }),
  markAllRead: () => call('post', '/api/v1/notifications/read-all'),
  notificationPreferences: () => call('get', '/api/v1/notifications/preferences'),
  saveNotificationPreferences: (body: Body<'/api/v1/notifications/preferences', 'put'>, etag: string | null) =>
    call('put', '/api/v1/notifications/preferences', { body, headers: ifMatch(etag) }),
  analyticsDashboard: (query: AnalyticsQuery) => call('get', '/api/v1/analytics/dashboard', { query }),
  analyticsConsumption: (query: AnalyticsQuery) => call('get', '/api/v1/analytics/consumption', { query }),
  analyticsLearning: (query: AnalyticsQuery) => call('get', '/api/v1/analytics/learning', { query }),
  analyticsTrends: (query: AnalyticsQuery) => call('get', '/api/v1/analytics/trends', { query }),
  analyticsExport: (query: AnalyticsQuery) => downloadFile(url('/api/v1/analytics/export', { query }), `kmt-analytics-${query.from ?? 'from'}-${query.to ?? 'to'}.csv`),
  graphEntities: (limit = 50) => call('get', '/api/v1/graph/entities', { query: { limit } }),
  graphEntity: (id: string) => call('get', '/api/v1/graph/entities/{id}', { path: { id } }),
  profile: () => call('get', '/api/v1/users/profile'),
  saveProfile: (body: Body<'/api/v1/users/profile', 'put'>, etag: string | null) => call('put', '/api/v1/users/profile', { body, headers: ifMatch(etag) }),
  consents: () => call('get', '/api/v1/users/consents'),
  saveConsents: (body: Body<'/api/v1/users/consents', 'put'>) => call('put', '/api/v1/users/consents', { body }),
  startExport: () => call('post', '/api/v1/users/export'),
  exportStatus: (id: string) => call('get', '/api/v1/users/export/{id}', { path: { id } }),
  deleteAccount: (password: string) => call('delete', '/api/v1/users/account', { body: { password } }),
  negotiate: () => call('get', '/api/v1/realtime/negotiate'),
};

/** POST /upload as multipart with upload progress (fetch cannot report it; XMLHttpRequest can). */
export function uploadFiles(files: File[], onProgress: (fraction: number) => void): Promise<Schemas['UploadStatusResponse'][]> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    files.forEach((f) => form.append('file', f, f.name));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiBase + '/api/v1/upload');
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
