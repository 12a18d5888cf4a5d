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

/** fetch with the bearer token; on a 401 trades the refresh token for a new pair once and retries. */
async function authorized(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}, retry = true): Promise<Response> {
  const s = session();
  const headers: Record<string, string> = { ...init.headers };
  if (s) headers.Authorization = `Bearer ${s.access_token}`;
  const response = await fetch(path, { method, headers, body: init.body });
  if (response.status === 401 && s && retry && !path.includes('/auth/')) {
    // The access token lives 15 minutes: trade the refresh token for a new pair once, then retry.
    try {
      const renewed = await send<Schemas['AuthResult']>('POST', '/api/v1/auth/refresh', { refresh_token: s.refresh_token }, undefined, false);
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

async function send<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>, retry = true): Promise<{ data: T; pagination?: Schemas['Pagination']; etag: string | null }> {
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
  return { data: envelope.data as T, pagination: envelope.pagination as Schemas['Pagination'] | undefined, etag: response.headers.get('ETag') };
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
const q = (params: Record<string, string | number | boolean | undefined | null>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  return u.toString();
};
export type AnalyticsQuery = { from?: string; to?: string; granularity?: 'day' | 'week' | 'month'; tz?: string };
export type InsightStatusValue = 'viewed' | 'applied' | 'dismissed';

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
  refreshInsights: () => send<Schemas['InsightRun']>('POST', '/api/v1/insights/refresh'),
  insightRun: (statusUrl: string) => send<Schemas['InsightRun']>('GET', statusUrl),
  predictions: (limit = 10) => send<Schemas['ImportancePrediction'][]>('GET', `/api/v1/insights/predictions?${q({ type: 'importance', limit })}`),
  dormant: () => send<Schemas['DormantDiscovery'][]>('GET', '/api/v1/insights/dormant'),
  gaps: () => send<Schemas['KnowledgeGap'][]>('GET', '/api/v1/insights/gaps'),
  setInsightStatus: (kind: 'dormant' | 'gaps', id: string, status: InsightStatusValue) =>
    send<Schemas['InsightStatus']>('PATCH', `/api/v1/insights/${kind}/${encodeURIComponent(id)}`, { status }),
  feedback: (b: Schemas['InsightFeedbackInput']) => send<Schemas['InsightFeedback']>('POST', '/api/v1/insights/feedback', b),
  contentRecommendations: () => send<Schemas['ContentRecommendation'][]>('GET', '/api/v1/recommendations/content'),
  learningPaths: (topic?: string) => send<Schemas['LearningPath'][]>('GET', `/api/v1/recommendations/learning?${q({ topic })}`),
  notifications: (page = 1, unread = false) => send<Schemas['Notification'][]>('GET', `/api/v1/notifications?${q({ page, per_page: 20, unread: unread || undefined })}`),
  markRead: (id: string) => send<Schemas['Notification']>('POST', `/api/v1/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => send<{ marked: number }>('POST', '/api/v1/notifications/read-all'),
  notificationPreferences: () => send<Schemas['NotificationPreferences']>('GET', '/api/v1/notifications/preferences'),
  saveNotificationPreferences: (b: Omit<Schemas['NotificationPreferences'], 'updated_at' | 'etag'>, etag: string | null) =>
    send<Schemas['NotificationPreferences']>('PUT', '/api/v1/notifications/preferences', b, ifMatch(etag)),
  analyticsDashboard: (a: AnalyticsQuery) => send<Schemas['AnalyticsDashboard']>('GET', `/api/v1/analytics/dashboard?${q(a)}`),
  analyticsConsumption: (a: AnalyticsQuery) => send<Schemas['AnalyticsConsumption']>('GET', `/api/v1/analytics/consumption?${q(a)}`),
  analyticsLearning: (a: AnalyticsQuery) => send<Schemas['AnalyticsLearning']>('GET', `/api/v1/analytics/learning?${q(a)}`),
  analyticsTrends: (a: AnalyticsQuery) => send<Schemas['AnalyticsTrends']>('GET', `/api/v1/analytics/trends?${q(a)}`),
  analyticsExport: (a: AnalyticsQuery) => downloadFile(`/api/v1/analytics/export?${q(a)}`, `kmt-analytics-${a.from ?? 'from'}-${a.to ?? 'to'}.csv`),
  graphEntities: (limit = 50) => send<Schemas['EntityRanking']>('GET', `/api/v1/graph/entities?${q({ limit })}`),
  graphEntity: (id: string) => send<Schemas['EntityDetail']>('GET', `/api/v1/graph/entities/${encodeURIComponent(id)}`),
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
