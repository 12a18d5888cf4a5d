namespace Kmt.Storage.Embedded.Sqlite;

/// <summary>
/// The schema, as an ordered list of scripts. Each runs once, in its own transaction, and sets
/// PRAGMA user_version to its number. Never edit a released script: append a new one.
/// Every table is keyed by user_id first (a Cosmos DB partition later); nothing joins across users.
/// Times are fixed-width UTC text (<see cref="SqliteValues.TimeFormat"/>).
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE users (
                user_id          TEXT NOT NULL PRIMARY KEY,
                email            TEXT NOT NULL,
                normalized_email TEXT NOT NULL,
                password_hash    TEXT NOT NULL,
                first_name       TEXT,
                last_name        TEXT,
                role             TEXT NOT NULL,
                is_active        INTEGER NOT NULL,
                preferences      TEXT NOT NULL,
                created_at       TEXT NOT NULL,
                updated_at       TEXT NOT NULL,
                last_login       TEXT,
                etag             TEXT NOT NULL
            );
            CREATE UNIQUE INDEX ux_users_normalized_email ON users (normalized_email);

            CREATE TABLE refresh_sessions (
                user_id        TEXT NOT NULL,
                id             TEXT NOT NULL,
                family_id      TEXT NOT NULL,
                token_hash     TEXT NOT NULL,
                created_at     TEXT NOT NULL,
                expires_at     TEXT NOT NULL,
                used_at        TEXT,
                replaced_by_id TEXT,
                revoked_at     TEXT,
                ip_address     TEXT,
                user_agent     TEXT,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_refresh_sessions_family ON refresh_sessions (user_id, family_id);

            CREATE TABLE password_reset_tokens (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at    TEXT,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;

            CREATE TABLE mail_outbox (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                to_address TEXT NOT NULL,
                subject    TEXT NOT NULL,
                body       TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;

            -- seq is the stable rowid the full-text index refers to (an implicit rowid may change on VACUUM).
            CREATE TABLE knowledge_items (
                seq              INTEGER PRIMARY KEY,
                user_id          TEXT NOT NULL,
                id               TEXT NOT NULL,
                title            TEXT NOT NULL,
                content          TEXT NOT NULL,
                content_type     TEXT NOT NULL,
                source_url       TEXT,
                source_type      TEXT,
                tags             TEXT NOT NULL,
                metadata         TEXT NOT NULL,
                created_at       TEXT NOT NULL,
                updated_at       TEXT NOT NULL,
                accessed_at      TEXT NOT NULL,
                access_count     INTEGER NOT NULL,
                importance_score REAL NOT NULL,
                is_archived      INTEGER NOT NULL,
                deleted_at       TEXT,
                version          INTEGER NOT NULL,
                word_count       INTEGER NOT NULL,
                etag             TEXT NOT NULL
            );
            CREATE UNIQUE INDEX ux_knowledge_items_id ON knowledge_items (user_id, id);
            CREATE INDEX ix_knowledge_items_created ON knowledge_items (user_id, created_at, id);
            CREATE INDEX ix_knowledge_items_updated ON knowledge_items (user_id, updated_at, id);
            CREATE INDEX ix_knowledge_items_accessed ON knowledge_items (user_id, accessed_at, id);
            CREATE INDEX ix_knowledge_items_importance ON knowledge_items (user_id, importance_score, id);
            -- Covers the counts (totals) of the common filters without reading the rows.
            CREATE INDEX ix_knowledge_items_filters ON knowledge_items (user_id, deleted_at, is_archived, content_type, created_at);

            CREATE TABLE item_tags (
                user_id TEXT NOT NULL,
                item_id TEXT NOT NULL,
                tag     TEXT NOT NULL,
                PRIMARY KEY (user_id, item_id, tag)
            ) WITHOUT ROWID;
            CREATE INDEX ix_item_tags_tag ON item_tags (user_id, tag, item_id);

            CREATE TABLE knowledge_item_versions (
                user_id      TEXT NOT NULL,
                item_id      TEXT NOT NULL,
                version      INTEGER NOT NULL,
                title        TEXT NOT NULL,
                content      TEXT NOT NULL,
                content_type TEXT NOT NULL,
                source_url   TEXT,
                source_type  TEXT,
                tags         TEXT NOT NULL,
                metadata     TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                replaced_at  TEXT NOT NULL,
                PRIMARY KEY (user_id, item_id, version)
            ) WITHOUT ROWID;

            -- External-content full-text index over the items table, kept in sync by triggers.
            -- The tags column holds the JSON array; unicode61 splits it into words.
            CREATE VIRTUAL TABLE knowledge_fts USING fts5(
                title, content, tags,
                content = 'knowledge_items', content_rowid = 'seq',
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER knowledge_items_fts_insert AFTER INSERT ON knowledge_items BEGIN
                INSERT INTO knowledge_fts (rowid, title, content, tags) VALUES (new.seq, new.title, new.content, new.tags);
            END;
            CREATE TRIGGER knowledge_items_fts_delete AFTER DELETE ON knowledge_items BEGIN
                INSERT INTO knowledge_fts (knowledge_fts, rowid, title, content, tags) VALUES ('delete', old.seq, old.title, old.content, old.tags);
            END;
            -- Only text changes re-index: recording an access does not touch the index.
            CREATE TRIGGER knowledge_items_fts_update AFTER UPDATE OF title, content, tags ON knowledge_items BEGIN
                INSERT INTO knowledge_fts (knowledge_fts, rowid, title, content, tags) VALUES ('delete', old.seq, old.title, old.content, old.tags);
                INSERT INTO knowledge_fts (rowid, title, content, tags) VALUES (new.seq, new.title, new.content, new.tags);
            END;

            CREATE TABLE tags (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                name       TEXT NOT NULL,
                color      TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                etag       TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX ux_tags_name ON tags (user_id, name);

            CREATE TABLE user_activities (
                user_id          TEXT NOT NULL,
                id               TEXT NOT NULL,
                activity_type    TEXT NOT NULL,
                entity_type      TEXT,
                entity_id        TEXT,
                duration_seconds INTEGER,
                metadata         TEXT NOT NULL,
                occurred_at      TEXT NOT NULL,
                created_at       TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_user_activities_occurred ON user_activities (user_id, occurred_at, id);

            CREATE TABLE reading_sessions (
                user_id               TEXT NOT NULL,
                id                    TEXT NOT NULL,
                knowledge_item_id     TEXT NOT NULL,
                start_time            TEXT NOT NULL,
                end_time              TEXT,
                duration_seconds      INTEGER,
                completion_percentage REAL NOT NULL,
                reading_speed_wpm     INTEGER,
                created_at            TEXT NOT NULL,
                updated_at            TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_reading_sessions_item ON reading_sessions (user_id, knowledge_item_id, start_time);
            """),
        (2, """
            -- Uploaded files and what became of them (document ingestion).
            CREATE TABLE uploads (
                user_id           TEXT NOT NULL,
                id                TEXT NOT NULL,
                file_name         TEXT NOT NULL,
                title             TEXT,
                tags_json         TEXT NOT NULL,
                status            TEXT NOT NULL,
                reason            TEXT,
                knowledge_item_id TEXT,
                size_bytes        INTEGER,
                content_sha256    TEXT,
                detected_format   TEXT,
                attempts          INTEGER NOT NULL,
                timings_json      TEXT,
                created_at        TEXT NOT NULL,
                updated_at        TEXT NOT NULL,
                etag              TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_uploads_sha256 ON uploads (user_id, content_sha256, status);

            -- Chunk vectors of an item's text: float32 little-endian, one row per chunk.
            CREATE TABLE item_embeddings (
                user_id     TEXT NOT NULL,
                item_id     TEXT NOT NULL,
                chunk_index INTEGER NOT NULL,
                start       INTEGER NOT NULL,
                length      INTEGER NOT NULL,
                model       TEXT NOT NULL,
                vector      BLOB NOT NULL,
                PRIMARY KEY (user_id, item_id, chunk_index)
            ) WITHOUT ROWID;
            """),
        (3, """
            -- A second full-text index over the same rows, without stemming, for prefix searches: the
            -- porter index holds "program" for "programming", so the prefix "programmi" finds nothing there.
            -- Kept in sync by triggers like knowledge_fts; prefix indexes make 2- and 3-letter prefixes cheap.
            CREATE VIRTUAL TABLE knowledge_fts_unstemmed USING fts5(
                title, content, tags,
                content = 'knowledge_items', content_rowid = 'seq',
                tokenize = 'unicode61 remove_diacritics 2',
                prefix = '2 3'
            );
            CREATE TRIGGER knowledge_items_fts_unstemmed_insert AFTER INSERT ON knowledge_items BEGIN
                INSERT INTO knowledge_fts_unstemmed (rowid, title, content, tags) VALUES (new.seq, new.title, new.content, new.tags);
            END;
            CREATE TRIGGER knowledge_items_fts_unstemmed_delete AFTER DELETE ON knowledge_items BEGIN
                INSERT INTO knowledge_fts_unstemmed (knowledge_fts_unstemmed, rowid, title, content, tags) VALUES ('delete', old.seq, old.title, old.content, old.tags);
            END;
            CREATE TRIGGER knowledge_items_fts_unstemmed_update AFTER UPDATE OF title, content, tags ON knowledge_items BEGIN
                INSERT INTO knowledge_fts_unstemmed (knowledge_fts_unstemmed, rowid, title, content, tags) VALUES ('delete', old.seq, old.title, old.content, old.tags);
                INSERT INTO knowledge_fts_unstemmed (rowid, title, content, tags) VALUES (new.seq, new.title, new.content, new.tags);
            END;
            -- Back-fill: index every existing row.
            INSERT INTO knowledge_fts_unstemmed (knowledge_fts_unstemmed) VALUES ('rebuild');
            """),
        (4, """
            -- Accounts of an external identity provider (Microsoft Entra ID): "entra|{tenant id}|{object id}".
            -- Unique where present; local accounts have none.
            ALTER TABLE users ADD COLUMN external_subject TEXT;
            CREATE UNIQUE INDEX ux_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;
            """),
        (5, """
            -- Deferred embeddings: the second stage records on the upload how many chunks it embedded and when.
            ALTER TABLE uploads ADD COLUMN embedded_chunks INTEGER;
            ALTER TABLE uploads ADD COLUMN embedded_at TEXT;
            """),
        (6, """
            -- Privacy (docs/design/storage.md, "Privacy"): consents, the audit log, export jobs, daily activity
            -- counts left by retention, and erasure jobs (which outlive the account they erase).
            CREATE TABLE user_consents (
                user_id    TEXT NOT NULL PRIMARY KEY,
                purposes   TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                etag       TEXT NOT NULL
            );

            CREATE TABLE audit_log (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                event_type TEXT NOT NULL,
                outcome    TEXT NOT NULL,
                at         TEXT NOT NULL,
                ip_address TEXT,
                user_agent TEXT,
                details    TEXT,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_audit_log_at ON audit_log (user_id, at DESC, id DESC);
            CREATE INDEX ix_audit_log_expiry ON audit_log (at);

            CREATE TABLE export_jobs (
                user_id TEXT NOT NULL,
                id      TEXT NOT NULL,
                job     TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;

            CREATE TABLE activity_daily_metrics (
                user_id    TEXT NOT NULL,
                day        TEXT NOT NULL,
                counts     TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (user_id, day)
            ) WITHOUT ROWID;

            CREATE INDEX ix_user_activities_expiry ON user_activities (occurred_at);

            CREATE TABLE erasure_jobs (
                user_id         TEXT NOT NULL PRIMARY KEY,
                requested_at    TEXT NOT NULL,
                last_attempt_at TEXT,
                attempts        INTEGER NOT NULL,
                completed_at    TEXT
            );
            """),
        (7, """
            -- Logins (refresh-token families): the record the access-token check reads, extended by every
            -- rotation and revoked with one write (docs/design/identity.md, "Sign-in sessions").
            CREATE TABLE session_families (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                revoked_at TEXT,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            -- The salt a rotated token's secret was derived with (refresh reuse grace window).
            ALTER TABLE refresh_sessions ADD COLUMN secret_salt TEXT;
            -- One-time mail tokens also confirm e-mail changes.
            ALTER TABLE password_reset_tokens ADD COLUMN purpose TEXT;
            ALTER TABLE password_reset_tokens ADD COLUMN new_email TEXT;
            """),
        (8, """
            -- Lists and search return a preview and the content's length (UTF-16 chars, written by the app;
            -- the back-fill counts code points, exact for text without astral characters). Ingested
            -- documents longer than the content limit are stored truncated and say where the original is.
            ALTER TABLE knowledge_items ADD COLUMN content_length INTEGER NOT NULL DEFAULT 0;
            UPDATE knowledge_items SET content_length = length(content);
            ALTER TABLE knowledge_items ADD COLUMN content_truncated INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE knowledge_items ADD COLUMN original_content_length INTEGER;
            ALTER TABLE knowledge_items ADD COLUMN source_upload_id TEXT;
            """),
        (9, """
            -- The embedded work queue (docs/design/hosting.md, "Queues"): the one table not keyed by user, as
            -- messages belong to a queue, not a person (a consumer's message names the user it is about).
            -- seq orders delivery; a received message gets a new receipt and a later visible_at (its lease).
            CREATE TABLE work_queue_messages (
                seq           INTEGER PRIMARY KEY AUTOINCREMENT,
                queue_name    TEXT NOT NULL,
                id            TEXT NOT NULL UNIQUE,
                body          TEXT NOT NULL,
                dequeue_count INTEGER NOT NULL,
                inserted_at   TEXT NOT NULL,
                visible_at    TEXT NOT NULL,
                receipt       TEXT
            );
            CREATE INDEX ix_work_queue_messages_visible ON work_queue_messages (queue_name, visible_at, seq);
            """),
        (10, """
            -- The temporal knowledge graph (docs/design/graph.md, "Knowledge graph"): vertices and
            -- bi-temporal edge records per user. Edge records are never updated in their times except
            -- expired_at (set once); aliases are also rows so entity resolution is an index lookup.
            CREATE TABLE graph_vertices (
                user_id         TEXT NOT NULL,
                id              TEXT NOT NULL,
                kind            TEXT NOT NULL,
                name            TEXT NOT NULL,
                normalized_name TEXT,
                category        TEXT,
                aliases         TEXT NOT NULL,
                merged_into_id  TEXT,
                merged_at       TEXT,
                source_etag     TEXT,
                valid_from      TEXT NOT NULL,
                valid_to        TEXT,
                recorded_at     TEXT NOT NULL,
                updated_at      TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_graph_vertices_name ON graph_vertices (user_id, normalized_name) WHERE kind = 'entity';

            CREATE TABLE graph_entity_aliases (
                user_id   TEXT NOT NULL,
                alias     TEXT NOT NULL,
                vertex_id TEXT NOT NULL,
                PRIMARY KEY (user_id, alias, vertex_id)
            ) WITHOUT ROWID;

            CREATE TABLE graph_edges (
                user_id           TEXT NOT NULL,
                id                TEXT NOT NULL,
                label             TEXT NOT NULL,
                from_id           TEXT NOT NULL,
                to_id             TEXT NOT NULL,
                weight            REAL NOT NULL,
                count             INTEGER,
                relationship_type TEXT,
                strength          REAL,
                metadata          TEXT NOT NULL,
                evidence          TEXT NOT NULL,
                valid_from        TEXT NOT NULL,
                valid_to          TEXT,
                recorded_at       TEXT NOT NULL,
                expired_at        TEXT,
                updated_at        TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_graph_edges_from ON graph_edges (user_id, from_id);
            CREATE INDEX ix_graph_edges_to ON graph_edges (user_id, to_id);

            -- A pending graph change, written with the item; cleared by the applier.
            ALTER TABLE knowledge_items ADD COLUMN graph_pending_since TEXT;
            CREATE INDEX ix_knowledge_items_graph_pending ON knowledge_items (graph_pending_since) WHERE graph_pending_since IS NOT NULL;
            """),
        (11, """
            -- Mail is delivered after it is stored; the delivered copy's body no longer holds its one-time code.
            ALTER TABLE mail_outbox ADD COLUMN delivered_at TEXT;
            """),
        (12, """
            -- Resumable tag renames (docs/design/storage.md): a job per renamed tag, written before the
            -- tags and items change and deleted once both carry the new path; the sweep takes those
            -- whose last run started long ago.
            CREATE TABLE tag_rename_jobs (
                user_id TEXT NOT NULL,
                tag_id TEXT NOT NULL,
                old_name TEXT NOT NULL,
                new_name TEXT NOT NULL,
                requested_at TEXT NOT NULL,
                last_attempt_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                tags_moved INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (user_id, tag_id)
            );
            CREATE INDEX ix_tag_rename_jobs_last_attempt ON tag_rename_jobs (last_attempt_at);
            """),
        (13, """
            -- The insight pipeline (docs/design/insights.md, "Insight pipeline"): one row per (user, run), the
            -- run's feature snapshot and its importance scores, each replaced whole by a retried step.
            CREATE TABLE insight_runs (
                user_id      TEXT NOT NULL,
                run_id       TEXT NOT NULL,
                trigger      TEXT NOT NULL,
                status       TEXT NOT NULL,
                as_of        TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                updated_at   TEXT NOT NULL,
                completed_at TEXT,
                item_count   INTEGER,
                scored_count INTEGER,
                error        TEXT,
                PRIMARY KEY (user_id, run_id)
            ) WITHOUT ROWID;
            CREATE TABLE insight_item_features (
                user_id          TEXT NOT NULL,
                run_id           TEXT NOT NULL,
                item_id          TEXT NOT NULL,
                created_at       TEXT NOT NULL,
                last_accessed_at TEXT NOT NULL,
                access_count     INTEGER NOT NULL,
                word_count       INTEGER NOT NULL,
                PRIMARY KEY (user_id, run_id, item_id)
            ) WITHOUT ROWID;
            CREATE TABLE insight_importance (
                user_id   TEXT NOT NULL,
                run_id    TEXT NOT NULL,
                item_id   TEXT NOT NULL,
                score     REAL NOT NULL,
                model     TEXT NOT NULL,
                reasoning TEXT NOT NULL,
                PRIMARY KEY (user_id, run_id, item_id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_insight_importance_score ON insight_importance (user_id, run_id, score DESC, item_id);
            """),
        (14, """
            -- Imports (docs/api.md, "Import"): an item keeps the id it had in the imported history, unique per
            -- user so a re-import finds it; import jobs (status, counts, failures) are kept like export jobs.
            ALTER TABLE knowledge_items ADD COLUMN source_id TEXT;
            CREATE UNIQUE INDEX ux_knowledge_items_source_id ON knowledge_items (user_id, source_id) WHERE source_id IS NOT NULL;

            CREATE TABLE import_jobs (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                job        TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            """),
        (15, """
            -- Importance model (docs/design/insights.md, "Insight pipeline"): a snapshot keeps each item's tags and
            -- access times (JSON arrays; times as Unix milliseconds) for the model's features, and a score its
            -- 95% interval and target date (null for the prior). The latest scored run of a user is found by
            -- completed_at.
            ALTER TABLE insight_item_features ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE insight_item_features ADD COLUMN access_times TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE insight_importance ADD COLUMN confidence_low REAL;
            ALTER TABLE insight_importance ADD COLUMN confidence_high REAL;
            ALTER TABLE insight_importance ADD COLUMN target_date TEXT;
            CREATE INDEX ix_insight_runs_completed ON insight_runs (user_id, completed_at DESC) WHERE status = 'completed' AND scored_count IS NOT NULL;
            """),
        (16, """
            -- Insights of the pipeline (docs/design/insights.md, "Insight pipeline"): dormant discoveries, gaps and
            -- recommendations keyed by an id derived from (user, kind, subject), so reruns update them in place
            -- and their status survives; feedback on them is kept as training labels.
            CREATE TABLE insights (
                user_id           TEXT NOT NULL,
                id                TEXT NOT NULL,
                kind              TEXT NOT NULL,
                subject           TEXT NOT NULL,
                run_id            TEXT NOT NULL,
                score             REAL NOT NULL,
                status            TEXT NOT NULL,
                current           INTEGER NOT NULL,
                payload           TEXT NOT NULL,
                created_at        TEXT NOT NULL,
                updated_at        TEXT NOT NULL,
                status_changed_at TEXT NOT NULL,
                etag              TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_insights_kind_score ON insights (user_id, kind, score DESC, id);
            CREATE TABLE insight_feedback (
                user_id      TEXT NOT NULL,
                id           TEXT NOT NULL,
                insight_type TEXT NOT NULL,
                insight_id   TEXT NOT NULL,
                feedback     TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            """),
        (17, """
            -- Notifications (docs/design/person-view.md, "Notifications"): the feed (id derived from the dedupe key, so a
            -- second publish of one insight is a no-op), preferences, Web Push subscriptions and sent marks
            -- (a digest period or the push of one notification, claimed once).
            CREATE TABLE notifications (
                user_id     TEXT NOT NULL,
                id          TEXT NOT NULL,
                dedupe_key  TEXT NOT NULL,
                kind        TEXT NOT NULL,
                title       TEXT NOT NULL,
                body        TEXT NOT NULL,
                link        TEXT,
                insight_ref TEXT,
                created_at  TEXT NOT NULL,
                read_at     TEXT,
                digested_at TEXT,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE INDEX ix_notifications_created ON notifications (user_id, created_at DESC, id DESC);
            CREATE TABLE notification_preferences (
                user_id     TEXT NOT NULL PRIMARY KEY,
                preferences TEXT NOT NULL,
                etag        TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE push_subscriptions (
                user_id    TEXT NOT NULL,
                id         TEXT NOT NULL,
                endpoint   TEXT NOT NULL,
                p256dh     TEXT NOT NULL,
                auth       TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (user_id, id)
            ) WITHOUT ROWID;
            CREATE TABLE notification_sent (
                user_id TEXT NOT NULL,
                key     TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (user_id, key)
            ) WITHOUT ROWID;
            """),
        (21, """
            -- Learning metrics (docs/design/person-view.md, "Analytics"): one row per person and UTC hour, hour in
            -- Unix seconds; the counts by content type, source and tag are JSON objects (NULL when empty).
            CREATE TABLE learning_metrics (
                user_id         TEXT NOT NULL,
                hour            INTEGER NOT NULL,
                items_captured  INTEGER NOT NULL,
                items_read      INTEGER NOT NULL,
                items_completed INTEGER NOT NULL,
                reading_seconds INTEGER NOT NULL,
                words_read      INTEGER NOT NULL,
                completion_sum  REAL NOT NULL,
                searches        INTEGER NOT NULL,
                content_types   TEXT,
                sources         TEXT,
                tags            TEXT,
                PRIMARY KEY (user_id, hour)
            ) WITHOUT ROWID;
            """),
        (22, """
            -- Administrators list every user's part of one insight run (docs/api.md, "Insights").
            CREATE INDEX ix_insight_runs_run ON insight_runs (run_id, user_id);
            """),
        (23, """
            -- Graph version per user (docs/design/graph.md, "Graph analytics"): a random token replaced in
            -- the transaction of every graph write, so analytics cached for one token are known stale.
            CREATE TABLE graph_versions (
                user_id TEXT NOT NULL PRIMARY KEY,
                version TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
        (24, """
            -- Active UTC days per person (docs/design/person-view.md, "Analytics"): day as Unix days, hour_mask a
            -- bit per UTC hour with a capture or a read. Kept by the learning metrics store in the
            -- transaction that replaces the hours, so streaks read a few hundred small rows, not a year of hours.
            CREATE TABLE learning_activity_days (
                user_id   TEXT NOT NULL,
                day       INTEGER NOT NULL,
                hour_mask INTEGER NOT NULL,
                PRIMARY KEY (user_id, day)
            ) WITHOUT ROWID;
            -- From the hours already stored (LearningActivityDays.IsActive: a capture or a read); one row per
            -- (user, hour), so the sum of the hours' bits is their OR.
            INSERT INTO learning_activity_days (user_id, day, hour_mask)
                SELECT user_id, hour / 86400, SUM(1 << ((hour % 86400) / 3600))
                FROM learning_metrics WHERE items_captured > 0 OR items_read > 0
                GROUP BY user_id, hour / 86400;
            -- When the digest timer next looks at a person (docs/design/person-view.md, "Notifications"), Unix seconds:
            -- the hourly run reads only the due rows. People with undigested notifications start due.
            CREATE TABLE notification_digest_due (
                user_id TEXT NOT NULL PRIMARY KEY,
                due_at  INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX ix_notification_digest_due ON notification_digest_due (due_at, user_id);
            INSERT INTO notification_digest_due (user_id, due_at)
                SELECT DISTINCT user_id, 0 FROM notifications WHERE digested_at IS NULL;
            """),
        (26, """
            -- Recorded entity merges (docs/design/graph.md, "Entity resolution"): a JSON array of
            -- {name, normalized_name, from_id, method, score, evidence, item_id, merged_at} on the surviving entity.
            ALTER TABLE graph_vertices ADD COLUMN merges TEXT NOT NULL DEFAULT '[]';
            -- A vertex upsert replaces its aliases (DELETE ... WHERE vertex_id): without this index that scanned
            -- every alias of the person for every vertex written (bench/README.md, "Graph builder").
            CREATE INDEX ix_graph_entity_aliases_vertex ON graph_entity_aliases (user_id, vertex_id);
            """),
        (27, """
            -- Learning metrics per UTC day (docs/design/person-view.md, "Analytics"): each row the fold of its day's
            -- hours in learning_metrics (LearningMetricsDays.FromHours), day in Unix days, kept in the transaction that
            -- replaces the hours. seconds_with_words: reading seconds of the hours with words read; hour_reads: a JSON
            -- array of [hour of day, sessions, completion_sum] for each hour with a reading (NULL when none); the
            -- counts are JSON objects as in learning_metrics (NULL when empty).
            CREATE TABLE learning_metrics_days (
                user_id            TEXT NOT NULL,
                day                INTEGER NOT NULL,
                items_captured     INTEGER NOT NULL,
                items_read         INTEGER NOT NULL,
                items_completed    INTEGER NOT NULL,
                reading_seconds    INTEGER NOT NULL,
                words_read         INTEGER NOT NULL,
                seconds_with_words INTEGER NOT NULL,
                searches           INTEGER NOT NULL,
                hour_reads         TEXT,
                content_types      TEXT,
                sources            TEXT,
                tags               TEXT,
                PRIMARY KEY (user_id, day)
            ) WITHOUT ROWID;
            -- From the hours already stored. '%!.17g' prints 17 significant digits, so each completion sum reads
            -- back as the same double.
            INSERT INTO learning_metrics_days (user_id, day, items_captured, items_read, items_completed, reading_seconds, words_read, seconds_with_words, searches, hour_reads)
                SELECT user_id, hour / 86400, SUM(items_captured), SUM(items_read), SUM(items_completed), SUM(reading_seconds), SUM(words_read),
                       SUM(CASE WHEN words_read > 0 THEN reading_seconds ELSE 0 END), SUM(searches),
                       '[' || group_concat(CASE WHEN items_read <> 0 OR completion_sum <> 0
                           THEN '[' || ((hour % 86400) / 3600) || ',' || items_read || ',' || printf('%!.17g', completion_sum) || ']' END, ',' ORDER BY hour) || ']'
                FROM learning_metrics GROUP BY user_id, hour / 86400;
            UPDATE learning_metrics_days SET
                content_types = (SELECT NULLIF(json_group_object(k, n), '{}') FROM (SELECT j.key AS k, SUM(j.value) AS n FROM learning_metrics m, json_each(m.content_types) j
                    WHERE m.user_id = learning_metrics_days.user_id AND m.hour >= learning_metrics_days.day * 86400 AND m.hour < (learning_metrics_days.day + 1) * 86400 GROUP BY j.key)),
                sources = (SELECT NULLIF(json_group_object(k, n), '{}') FROM (SELECT j.key AS k, SUM(j.value) AS n FROM learning_metrics m, json_each(m.sources) j
                    WHERE m.user_id = learning_metrics_days.user_id AND m.hour >= learning_metrics_days.day * 86400 AND m.hour < (learning_metrics_days.day + 1) * 86400 GROUP BY j.key)),
                tags = (SELECT NULLIF(json_group_object(k, n), '{}') FROM (SELECT j.key AS k, SUM(j.value) AS n FROM learning_metrics m, json_each(m.tags) j
                    WHERE m.user_id = learning_metrics_days.user_id AND m.hour >= learning_metrics_days.day * 86400 AND m.hour < (learning_metrics_days.day + 1) * 86400 GROUP BY j.key));
            """),
    ];

    /// <summary>Every table holding user data (the eraser deletes the user's rows in each).</summary>
    public static readonly IReadOnlyList<string> UserTables =
    [
        "item_tags", "knowledge_item_versions", "knowledge_items", "item_embeddings", "uploads", "tags", "tag_rename_jobs", "user_activities", "reading_sessions",
        "refresh_sessions", "session_families", "password_reset_tokens", "mail_outbox", "user_consents", "audit_log", "export_jobs", "import_jobs", "activity_daily_metrics",
        "graph_edges", "graph_entity_aliases", "graph_vertices", "graph_versions", "insight_runs", "insight_item_features", "insight_importance", "learning_metrics", "learning_activity_days", "learning_metrics_days",
        "notifications", "notification_preferences", "notification_digest_due", "push_subscriptions", "notification_sent", "insights", "insight_feedback",
        // users last: its unique e-mail index is the login key (released in the same transaction as the rest).
        "users",
    ];

    /// <summary>
    /// The highest version. Versions ascend but need not be consecutive while branches that each own a
    /// number are merged; the runner applies every script above the file's user_version in order.
    /// </summary>
    public static int LatestVersion => All[^1].Version;
}
