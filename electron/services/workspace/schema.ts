/**
 * The workspace database schema and its forward migrations, in one place. The schema
 * version is SQLite's `user_version`; migration N takes a database from version N-1 to N.
 * Never edit a released migration: append a new one, so every existing workspace walks
 * the same path to the current shape.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction, readSchemaVersion } from './database.ts';

/**
 * History is never rewritten: the current label is derived from events, so the database
 * itself refuses to change or remove one, whatever code (or SQL console) tries.
 */
const APPEND_ONLY_TRIGGERS = `
CREATE TRIGGER label_events_no_update BEFORE UPDATE ON label_events
BEGIN
  SELECT RAISE(ABORT, 'label_events is append-only: record a new event instead of updating one');
END;
CREATE TRIGGER label_events_no_delete BEFORE DELETE ON label_events
BEGIN
  SELECT RAISE(ABORT, 'label_events is append-only: events are never deleted');
END;
`;

const V1 = `
CREATE TABLE imports (
  id          TEXT PRIMARY KEY,
  source_dir  TEXT NOT NULL,
  format      TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  counts      TEXT CHECK (counts IS NULL OR json_valid(counts))
) STRICT;

CREATE TABLE clips (
  id            TEXT PRIMARY KEY CHECK (length(id) = 64),  -- sha256 of the audio bytes
  path          TEXT NOT NULL UNIQUE,
  dataset       TEXT NOT NULL,
  speaker       TEXT NOT NULL,
  gender        TEXT,
  dataset_label TEXT NOT NULL,                              -- the corpus's own label
  intensity     TEXT,
  statement     TEXT,
  duration_sec  REAL NOT NULL,
  sample_rate   INTEGER NOT NULL,
  channels      INTEGER NOT NULL,
  import_id     TEXT REFERENCES imports(id),
  imported_at   TEXT NOT NULL
) STRICT;
CREATE INDEX clips_dataset ON clips(dataset, path);
CREATE INDEX clips_speaker ON clips(speaker, path);
CREATE INDEX clips_dataset_label ON clips(dataset_label, path);

CREATE TABLE import_problems (
  id         INTEGER PRIMARY KEY,
  import_id  TEXT REFERENCES imports(id),
  path       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX import_problems_import ON import_problems(import_id);

CREATE TABLE label_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  clip_id    TEXT NOT NULL REFERENCES clips(id),
  annotator  TEXT NOT NULL CHECK (annotator <> ''),
  label      TEXT,                                           -- NULL: the label was cleared
  intensity  TEXT,
  note       TEXT,
  flags      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags) AND json_type(flags) = 'array'),
  reason     TEXT,
  created_at TEXT NOT NULL,
  undo_of    INTEGER REFERENCES label_events(id)
) STRICT;
CREATE INDEX label_events_clip ON label_events(clip_id, id);
CREATE INDEX label_events_annotator_clip ON label_events(annotator, clip_id, id);
CREATE INDEX label_events_annotator ON label_events(annotator, id);
-- An event is undone at most once.
CREATE UNIQUE INDEX label_events_undo_of ON label_events(undo_of) WHERE undo_of IS NOT NULL;
${APPEND_ONLY_TRIGGERS}

-- The current label per clip, for each annotator and for anyone (scope ''), kept by the
-- trigger below in the same transaction as the event. It is a cache of a pure function
-- of label_events (the latest live event: neither an undo nor undone), so the Library can
-- filter and count 10,000s of clips through an index instead of re-deriving every label.
CREATE TABLE current_labels (
  scope    TEXT NOT NULL,                                    -- an annotator, or '' for anyone
  clip_id  TEXT NOT NULL REFERENCES clips(id),
  event_id INTEGER NOT NULL REFERENCES label_events(id),
  label    TEXT,                                             -- copied from the (immutable) event
  flagged  INTEGER NOT NULL CHECK (flagged IN (0, 1)),
  PRIMARY KEY (scope, clip_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX current_labels_label ON current_labels(scope, label);
CREATE INDEX current_labels_flagged ON current_labels(scope, flagged);

CREATE TRIGGER label_events_current AFTER INSERT ON label_events
BEGIN
  DELETE FROM current_labels WHERE clip_id = NEW.clip_id AND scope IN ('', NEW.annotator);
  INSERT INTO current_labels (scope, clip_id, event_id, label, flagged)
    SELECT '', e.clip_id, e.id, e.label, json_array_length(e.flags) > 0
    FROM label_events e
    WHERE e.clip_id = NEW.clip_id AND e.undo_of IS NULL
      AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undo_of = e.id)
    ORDER BY e.id DESC LIMIT 1;
  INSERT INTO current_labels (scope, clip_id, event_id, label, flagged)
    SELECT NEW.annotator, e.clip_id, e.id, e.label, json_array_length(e.flags) > 0
    FROM label_events e
    WHERE e.annotator = NEW.annotator AND e.clip_id = NEW.clip_id AND e.undo_of IS NULL
      AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undo_of = e.id)
    ORDER BY e.id DESC LIMIT 1;
END;

CREATE TABLE models (
  name       TEXT PRIMARY KEY,
  dir        TEXT NOT NULL,
  metadata   TEXT NOT NULL CHECK (json_valid(metadata)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at   TEXT,
  audio_path TEXT,
  summary    TEXT CHECK (summary IS NULL OR json_valid(summary))
) STRICT;
CREATE INDEX sessions_started ON sessions(started_at);
`;

/**
 * Model predictions per clip, cached per model version (model_key names the model folder
 * and its training time, so a retrained model never reuses an old answer). The review
 * queues sort and filter on the summary columns (top label, its probability, the top-2
 * margin and the normalised entropy), computed once when the prediction is stored.
 */
const V2 = `
CREATE TABLE predictions (
  model_key  TEXT NOT NULL,
  clip_id    TEXT NOT NULL REFERENCES clips(id),
  labels     TEXT NOT NULL CHECK (json_valid(labels) AND json_type(labels) = 'array'),
  probs      TEXT NOT NULL CHECK (json_valid(probs) AND json_type(probs) = 'array'),
  top_label  TEXT NOT NULL,
  top_prob   REAL NOT NULL,
  margin     REAL NOT NULL,
  entropy    REAL NOT NULL,
  has_speech INTEGER NOT NULL CHECK (has_speech IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (model_key, clip_id)
) STRICT;
CREATE INDEX predictions_confidence ON predictions(model_key, top_prob);
CREATE INDEX predictions_entropy ON predictions(model_key, entropy);
`;

/** MIGRATIONS[i] upgrades a database from version i to version i + 1. */
const MIGRATIONS: readonly string[] = [V1, V2];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Thrown when the database was written by a newer build than this one. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(readonly found: number) {
    super(
      `it was written by a newer SER Studio (schema version ${found}; this build knows up to ${SCHEMA_VERSION}); update SER Studio to open it`,
    );
  }
}

/**
 * Bring the database up to SCHEMA_VERSION. All pending migrations and the version bump run
 * in one IMMEDIATE transaction, so a crash mid-way leaves the old version intact and two
 * processes opening the same new workspace cannot both migrate it.
 */
export function migrate(db: DatabaseSync): void {
  inTransaction(db, () => {
    const found = readSchemaVersion(db);
    if (found > SCHEMA_VERSION) throw new SchemaTooNewError(found);
    for (let version = found; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]);
    if (found !== SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}
