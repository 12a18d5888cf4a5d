// Hand-written in the shape `npm run gen:api` (openapi-typescript 7) produces, until GET /api/openapi.json
// lands; regenerate to replace it. Only what the web client uses is here.
export interface components {
  schemas: {
    Meta: { timestamp: string; request_id: string; version: string };
    Pagination: { page: number; per_page: number; total: number; total_pages: number; next_cursor: string | null };
    Error: { code: string; message: string; details?: { field?: string; reason?: string; errors?: { field: string; reason: string }[] } | null };
    User: {
      id: string; email: string; first_name: string | null; last_name: string | null; role: string;
      is_active: boolean; created_at: string; updated_at: string; last_login: string | null; etag: string;
    };
    AuthResult: { user: components['schemas']['User']; access_token: string; refresh_token: string; expires_in: number; token_type: string };
    KnowledgeItem: {
      id: string; title: string; content?: string; content_preview?: string; content_length: number;
      content_type: string; source_url: string | null; source_type: string | null; tags: string[];
      created_at: string; updated_at: string; accessed_at: string; access_count: number; importance_score: number;
      is_archived: boolean; deleted_at: string | null; version: number; word_count: number; etag: string;
      source_upload_id: string | null;
    };
    SearchHit: components['schemas']['KnowledgeItem'] & { score: number; snippet: string };
    KnowledgeInput: { title: string; content?: string; content_type?: string; source_url?: string | null; tags?: string[] };
    SearchInput: { query: string; tags?: string[]; content_type?: string; page?: number; per_page?: number };
    Tag: { id: string; name: string; color: string; item_count?: number };
    UploadStatus: {
      upload_id: string; file_name: string; status: 'pending' | 'queued' | 'processing' | 'completed' | 'duplicate' | 'failed';
      reason: string | null; knowledge_item_id: string | null; status_url: string;
    };
    TrackEvent: {
      id?: string; activity_type: string; entity_type?: string; entity_id?: string;
      duration_seconds?: number; metadata?: Record<string, unknown>; occurred_at?: string;
    };
    TrackResult: { accepted: number; duplicates: number; reading_sessions: unknown[] };
    GraphNode: { id: string; kind: 'item' | 'entity' | 'tag' | 'community'; label: string; category?: string | null; valid_from: string; valid_to: string | null };
    GraphEdge: { id: string; label: string; source: string; target: string; weight: number };
    Graph: { as_of: string; known_at: string; truncated: boolean; nodes: components['schemas']['GraphNode'][]; edges: components['schemas']['GraphEdge'][] };
    ConsentState: { granted: boolean; given_at: string | null; withdrawn_at: string | null };
    Consents: { purposes: Record<string, components['schemas']['ConsentState']>; updated_at: string };
    Export: { export_id: string; status: string; status_url: string; download_url: string | null; reason?: string | null };
    InsightRun: {
      run_id: string; trigger: string; status: 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | string; status_url: string;
      as_of: string; created_at: string; updated_at: string; completed_at: string | null; item_count: number | null;
      scored_count: number | null; error: string | null;
    };
    ConfidenceInterval: { low: number; high: number };
    ImportancePrediction: {
      id: string; knowledge_item_id: string; title: string; prediction_type: string; predicted_value: number;
      confidence_score: number | null; confidence_interval: components['schemas']['ConfidenceInterval'] | null;
      prediction_date: string; target_date: string | null; reasoning: string; model_version: string; run_id: string;
    };
    RelevanceContext: { kind: 'read' | 'capture' | 'search'; item_id: string | null; text: string; similarity: number };
    DormantDiscovery: {
      id: string; status: string; knowledge_item_id: string; title: string; relevance_score: number; retrievability: number;
      stability_days: number; last_accessed_at: string; context_description: string;
      contexts: components['schemas']['RelevanceContext'][]; run_id: string; created_at: string; updated_at: string;
    };
    KnowledgeGap: {
      id: string; status: string; topic: string; name: string; urgency_score: number; predicted_need_date: string;
      confidence_score: number; recent_demand: number; forecast_weekly_demand: number; holdings: number;
      forecaster: string; reasoning: string; run_id: string; created_at: string; updated_at: string;
    };
    ContentRecommendation: {
      id: string; status: string; knowledge_item_id: string; title: string; score: number; importance: number;
      retrievability: number; relevance: number; reasoning: string; run_id: string;
    };
    LearningStep: { order: number; item_id: string; title: string; word_count: number; created_at: string };
    LearningPath: { id: string; status: string; topic: string; name: string; steps: components['schemas']['LearningStep'][]; reasoning: string; run_id: string };
    InsightStatus: { id: string; insight_type: string; status: string; updated_at: string };
    InsightFeedbackInput: { insight_type: 'dormant' | 'gap' | 'content' | 'learning'; insight_id: string; feedback: 'useful' | 'not_useful' | 'dismiss' | 'applied' };
    InsightFeedback: { id: string; insight_type: string; insight_id: string; feedback: string; created_at: string };
    Notification: {
      id: string; kind: string; title: string; body: string; link: string | null; insight_ref: string | null;
      created_at: string; read_at: string | null; read: boolean;
    };
    NotificationPreferences: {
      channels: { in_app: boolean; email: boolean; push: boolean }; digest_frequency: 'off' | 'daily' | 'weekly';
      digest_time: string; digest_day: string; time_zone: string; quiet_hours: { start: string; end: string } | null;
      updated_at?: string | null; etag?: string | null;
    };
    AnalyticsPeriod: { from: string; to: string; granularity: 'day' | 'week' | 'month'; time_zone: string };
    TagCount: { tag: string; count: number };
    TagTrend: { tag: string; first_half: number; second_half: number };
    Streaks: { current_days: number; longest_days: number; last_active_day: string | null };
    AnalyticsPoint: {
      bucket: string; items_captured: number; items_read: number; items_completed: number; reading_minutes: number;
      reading_speed_wpm: number | null; average_completion: number | null; searches: number; retention: number | null;
      tags: components['schemas']['TagCount'][];
    };
    AnalyticsDashboard: {
      period: components['schemas']['AnalyticsPeriod']; totals: components['schemas']['AnalyticsPoint']; streaks: components['schemas']['Streaks'];
      content_types: Record<string, number>; sources: Record<string, number>;
      growing_tags: components['schemas']['TagTrend'][]; fading_tags: components['schemas']['TagTrend'][]; series: components['schemas']['AnalyticsPoint'][];
    };
    AnalyticsConsumption: {
      period: components['schemas']['AnalyticsPeriod']; totals: components['schemas']['AnalyticsPoint'];
      content_types: Record<string, number>; sources: Record<string, number>; series: components['schemas']['AnalyticsPoint'][];
    };
    AnalyticsLearning: {
      period: components['schemas']['AnalyticsPeriod']; items_completed: number; average_completion: number | null;
      reading_speed_wpm: number | null; retention: number | null; streaks: components['schemas']['Streaks']; series: components['schemas']['AnalyticsPoint'][];
    };
    AnalyticsTrends: {
      period: components['schemas']['AnalyticsPeriod']; series: { bucket: string; tags: components['schemas']['TagCount'][] }[];
      growing_tags: components['schemas']['TagTrend'][]; fading_tags: components['schemas']['TagTrend'][];
    };
    MonthWeight: { month: string; weight: number; count: number };
    RankedEntity: {
      id: string; name: string; category: string | null; rank: number; page_rank: number; item_count: number;
      trend: 'growing' | 'fading' | 'stable' | string; months: components['schemas']['MonthWeight'][];
    };
    EntityRanking: { total: number; limit: number; truncated: boolean; entities: components['schemas']['RankedEntity'][] };
    EntityDetail: {
      id: string; name: string; category: string | null; aliases: string[]; first_seen: string | null;
      items: { id: string; title: string; mentions: number; since: string }[];
      related: { id: string; name: string; weight: number }[]; trend: string;
      timeline: components['schemas']['MonthWeight'][]; truncated: boolean;
    };
    RealtimeNegotiation: { url: string; access_token: string; expires_in_seconds: number };
  };
}

type Body<T> = { content: { 'application/json': T } };
type Ok<T> = { responses: { 200: Body<{ success: true; data: T; meta: components['schemas']['Meta'] }> } };

export interface paths {
  '/api/v1/auth/register': { post: { requestBody: Body<{ email: string; password: string; first_name?: string; last_name?: string }> } & Ok<components['schemas']['AuthResult']> };
  '/api/v1/auth/login': { post: { requestBody: Body<{ email: string; password: string }> } & Ok<components['schemas']['AuthResult']> };
  '/api/v1/auth/refresh': { post: { requestBody: Body<{ refresh_token: string }> } & Ok<components['schemas']['AuthResult']> };
  '/api/v1/auth/logout': { post: Ok<unknown> };
  '/api/v1/knowledge': { get: Ok<components['schemas']['KnowledgeItem'][]>; post: { requestBody: Body<components['schemas']['KnowledgeInput']> } & Ok<components['schemas']['KnowledgeItem']> };
  '/api/v1/knowledge/{id}': { get: Ok<components['schemas']['KnowledgeItem']> };
  '/api/v1/knowledge/search': { post: { requestBody: Body<components['schemas']['SearchInput']> } & Ok<components['schemas']['SearchHit'][]> };
  '/api/v1/tags': { get: Ok<components['schemas']['Tag'][]> };
  '/api/v1/upload/{id}/status': { get: Ok<components['schemas']['UploadStatus']> };
  '/api/v1/analytics/track': { post: { requestBody: Body<{ events: components['schemas']['TrackEvent'][] }> } & Ok<components['schemas']['TrackResult']> };
  '/api/v1/graph': { get: Ok<components['schemas']['Graph']> };
  '/api/v1/insights/refresh': { post: Ok<components['schemas']['InsightRun']> };
  '/api/v1/users/profile': { get: Ok<components['schemas']['User']>; put: { requestBody: Body<{ first_name: string | null; last_name: string | null }> } & Ok<components['schemas']['User']> };
  '/api/v1/users/consents': { get: Ok<components['schemas']['Consents']>; put: { requestBody: Body<Record<string, boolean>> } & Ok<components['schemas']['Consents']> };
  '/api/v1/users/export': { post: Ok<components['schemas']['Export']> };
  '/api/v1/users/export/{id}': { get: Ok<components['schemas']['Export']> };
  '/api/v1/users/account': { delete: { requestBody: Body<{ password: string }> } & Ok<{ deleted: boolean }> };
  '/api/v1/realtime/negotiate': { get: Ok<components['schemas']['RealtimeNegotiation']> };
}
