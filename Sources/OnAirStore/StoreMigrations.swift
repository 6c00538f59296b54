import GRDB

/// The schema, as a list of named migrations applied in order, each in its own transaction.
///
/// Why SQL strings: a migration describes the database as it was on the day it shipped, so it must
/// not change when a record type does. A migration that has shipped is never edited; a change to the
/// schema is a new migration appended to the list. The SQL keeps to what PostgreSQL also accepts
/// (text ids, partial indexes, `ON CONFLICT`), so the PostgreSQL backend can follow the same steps
/// with its own column types (`timestamptz`, `jsonb`, `bigserial`).
///
/// Timestamps are UTC text in GRDB's `yyyy-MM-dd HH:mm:ss.SSS` form, which sorts and compares in
/// time order. JSON columns hold text the engine encoded; the store never interprets it.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, sql) in steps {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        return migrator
    }

    /// Every migration name in application order, for tests and diagnostics.
    static var names: [String] { steps.map(\.name) }

    private static let steps: [(name: String, sql: String)] = [
        (
            "create schedules",
            """
            CREATE TABLE schedules (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                script TEXT NOT NULL,
                script_hash TEXT NOT NULL,
                trigger_spec TEXT NOT NULL,
                options TEXT NOT NULL,
                arguments TEXT NOT NULL DEFAULT '{}',
                paused_until TEXT,
                created_at TEXT NOT NULL,
                cancelled_at TEXT
            );
            """
        ),
        (
            "create trigger states",
            """
            CREATE TABLE trigger_states (
                schedule_id TEXT PRIMARY KEY NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
                snapshot TEXT NOT NULL,
                saved_at TEXT NOT NULL
            );
            """
        ),
        (
            "create runs",
            """
            CREATE TABLE runs (
                id TEXT PRIMARY KEY NOT NULL,
                schedule_id TEXT REFERENCES schedules(id),
                scheduled_at TEXT,
                playbook TEXT NOT NULL,
                arguments TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL
                    CHECK (status IN ('running', 'tearing_down', 'succeeded', 'failed', 'cancelled', 'torn_down')),
                started_at TEXT NOT NULL,
                ends_at TEXT,
                finished_at TEXT,
                error TEXT,
                lease_owner TEXT,
                lease_expires_at TEXT,
                fencing_token INTEGER NOT NULL DEFAULT 0,
                UNIQUE (schedule_id, scheduled_at)
            );
            CREATE INDEX runs_unfinished ON runs(started_at) WHERE status IN ('running', 'tearing_down');
            CREATE INDEX runs_by_start ON runs(started_at);
            """
        ),
        (
            "create occurrence decisions",
            """
            CREATE TABLE occurrence_decisions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                schedule_id TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
                scheduled_at TEXT NOT NULL,
                decision TEXT NOT NULL,
                run_id TEXT REFERENCES runs(id),
                decided_at TEXT NOT NULL,
                UNIQUE (schedule_id, scheduled_at)
            );
            """
        ),
        (
            "create steps",
            """
            CREATE TABLE steps (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL CHECK (status IN ('intent', 'done', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 1,
                result TEXT,
                error TEXT,
                started_at TEXT NOT NULL,
                finished_at TEXT
            );
            CREATE INDEX steps_by_run ON steps(run_id, id);
            """
        ),
        (
            "create resources",
            """
            CREATE TABLE resources (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                step_key TEXT,
                provider TEXT NOT NULL,
                kind TEXT NOT NULL,
                provider_id TEXT NOT NULL,
                parent_ids TEXT NOT NULL DEFAULT '[]',
                details TEXT,
                keep INTEGER NOT NULL DEFAULT 0 CHECK (keep IN (0, 1)),
                status TEXT NOT NULL CHECK (status IN ('live', 'torn_down')),
                created_at TEXT NOT NULL,
                torn_down_at TEXT,
                teardown_attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT
            );
            CREATE UNIQUE INDEX resources_live_identity ON resources(provider, kind, provider_id) WHERE status = 'live';
            CREATE INDEX resources_by_run ON resources(run_id, id);
            """
        ),
        (
            "create stop obligations",
            """
            CREATE TABLE stop_obligations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                resource_id INTEGER NOT NULL UNIQUE REFERENCES resources(id) ON DELETE CASCADE,
                due_at TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                done_at TEXT
            );
            CREATE INDEX stop_obligations_pending ON stop_obligations(due_at) WHERE status = 'pending';
            """
        ),
        (
            "create create intents",
            """
            CREATE TABLE create_intents (
                idempotency_key TEXT PRIMARY KEY NOT NULL,
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                step_key TEXT,
                operation TEXT NOT NULL,
                request TEXT NOT NULL,
                keep INTEGER NOT NULL DEFAULT 0 CHECK (keep IN (0, 1)),
                created_at TEXT NOT NULL,
                resolved_at TEXT
            );
            CREATE INDEX create_intents_open ON create_intents(run_id) WHERE resolved_at IS NULL;
            """
        ),
    ]
}
