/**
 * The SQLite connection of a workspace: node:sqlite (built into Node 24 and Electron, so
 * no native module to rebuild; DESIGN.md §8) with the pragmas that make an acknowledged
 * write survive a killed process and a power cut.
 */
import { DatabaseSync } from 'node:sqlite';

/** How long a writer waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Page cache per connection, in KiB (negative = KiB in SQLite's units). The default 2 MB
 * makes sorting a 20,000-clip Library spill to temporary files; 32 MB keeps it in memory.
 */
const CACHE_KIB = 32 * 1024;

/**
 * Open (creating if missing) the database file. WAL lets readers run beside the writer;
 * synchronous=FULL fsyncs the WAL at every commit, so a committed transaction is on disk
 * before the call returns (NORMAL would only survive a process crash, not a power cut).
 * fullfsync matters on macOS, where a plain fsync does not flush the drive's cache.
 * temp_store and cache_size keep the Library's sorts in memory.
 */
export function openDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  try {
    db.exec(`
      PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      PRAGMA fullfsync = ON;
      PRAGMA checkpoint_fullfsync = ON;
      PRAGMA foreign_keys = ON;
      PRAGMA temp_store = MEMORY;
      PRAGMA cache_size = -${CACHE_KIB};
    `);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The schema version stored in the database header (0 for a new, empty file). */
export function readSchemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  const version = row?.user_version;
  if (typeof version !== 'number') throw new Error('PRAGMA user_version returned no number');
  return version;
}

/**
 * Run `work` in one IMMEDIATE transaction: the write lock is taken up front, so reads made
 * to decide a write (does the clip exist? what was the previous label?) cannot be
 * invalidated by another process before the write commits. Rolls back if `work` throws.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
