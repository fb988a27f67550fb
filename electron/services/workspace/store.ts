/**
 * The workspace store: one object per open workspace folder, the only way the app reads or
 * writes its database. Every public method parses its input with the schemas in inputs.ts
 * (it is reached over IPC), and every write is one transaction, committed and fsynced
 * before the method returns, so what it acknowledges survives a crash or power cut.
 */
import type { DatabaseSync } from 'node:sqlite';
import { describeError } from '../../../training/errors.ts';
import { addClips, clipIdsByPath, countClips, getClip } from './clips.ts';
import { currentLabelOf, currentLabels } from './current-labels.ts';
import { inTransaction, openDatabase } from './database.ts';
import { WorkspaceOpenError } from './errors.ts';
import { exportCurrentLabels, exportHistory } from './export.ts';
import {
  addProblems,
  finishImport,
  listImports,
  listProblems,
  requireImport,
  startImport,
} from './imports.ts';
import {
  annotatorSchema,
  clipFilterSchema,
  exportFormatSchema,
  idSchema,
  importCountsSchema,
  importStartSchema,
  labelInputSchema,
  modelInputSchema,
  newClipsSchema,
  parseInput,
  predictionInputSchema,
  problemsSchema,
  sessionInputSchema,
} from './inputs.ts';
import type { DatasetFormat } from '../../../training/datasets/types.ts';
import type {
  ClipFilter,
  ExportFormat,
  LabelInput,
  ModelInput,
  NewClip,
  SessionInput,
} from './inputs.ts';
import { appendLabel, clipHistory, undoLast } from './label-events.ts';
import { ensureWorkspaceFolders, workspacePaths } from './layout.ts';
import type { WorkspacePaths } from './layout.ts';
import { allClips, clipFacets, countsByLabel, listClips } from './list-clips.ts';
import { addModel, listModels } from './models.ts';
import { clipsWithoutPrediction, countPredictions, getPrediction, savePrediction } from './predictions.ts';
import type { PredictionInput, StoredPrediction } from './predictions.ts';
import { annotatorLabelsOf, annotatorVotes } from './annotator-labels.ts';
import type { AnnotatorVote } from './annotator-labels.ts';
import { SchemaTooNewError, migrate } from './schema.ts';
import { addSession, deleteSession, getSession, listSessions } from './sessions.ts';
import type {
  AddClipsResult,
  ClipPage,
  ClipRow,
  ImportRecord,
  LabelCounts,
  LabelEvent,
  StoredClip,
  StoredModel,
  StoredProblem,
  StoredSession,
} from './types.ts';

const optionalAnnotatorSchema = annotatorSchema.optional();

export interface WorkspaceOptions {
  /** The clock for created_at/imported_at stamps; tests pin it. */
  now?: () => Date;
}

export class WorkspaceStore {
  private constructor(
    readonly paths: WorkspacePaths,
    private readonly db: DatabaseSync,
    private readonly now: () => Date,
  ) {}

  /**
   * Open the workspace in `dir`, creating the folder, its subfolders and the database
   * where missing and migrating an older database to the current schema. Throws
   * WorkspaceOpenError when `dir` cannot be a workspace (a file, not SQLite, from a newer
   * build).
   */
  static open(dir: string, options: WorkspaceOptions = {}): WorkspaceStore {
    const paths = workspacePaths(dir);
    ensureWorkspaceFolders(dir, paths);
    let db: DatabaseSync;
    try {
      db = openDatabase(paths.database);
    } catch (error) {
      throw new WorkspaceOpenError(dir, `workspace.db cannot be opened: ${describeError(error)}`);
    }
    try {
      migrate(db);
    } catch (error) {
      db.close();
      if (error instanceof SchemaTooNewError)
        throw new WorkspaceOpenError(dir, `workspace.db ${error.message}`);
      throw new WorkspaceOpenError(dir, `workspace.db cannot be read: ${describeError(error)}`);
    }
    return new WorkspaceStore(paths, db, options.now ?? (() => new Date()));
  }

  /**
   * Close the database; the store cannot be used afterwards. PRAGMA optimize first, as
   * SQLite recommends for connections about to close: it refreshes the planner's statistics
   * where they went stale, which is what keeps the Library's queries on their indexes.
   */
  close(): void {
    if (!this.db.isOpen) return;
    this.db.exec('PRAGMA optimize');
    this.db.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  // Imports and clips

  startImport(input: { sourceDir: string; format: string }): ImportRecord {
    const parsed = parseInput(importStartSchema, input);
    return inTransaction(this.db, () => startImport(this.db, parsed, this.stamp()));
  }

  finishImport(importId: string, counts: Record<string, number>): ImportRecord {
    const id = parseInput(idSchema, importId, 'importId');
    const parsed = parseInput(importCountsSchema, counts, 'counts');
    return inTransaction(this.db, () => finishImport(this.db, id, parsed, this.stamp()));
  }

  listImports(): ImportRecord[] {
    return listImports(this.db);
  }

  /**
   * Store scanned clips in one transaction (all or none). Re-importing content already
   * stored changes nothing and keeps its labels; see clips.ts for duplicates and conflicts.
   */
  addClips(clips: readonly NewClip[], importId: string): AddClipsResult {
    const id = parseInput(idSchema, importId, 'importId');
    const parsed = parseInput(newClipsSchema, clips, 'clips');
    return inTransaction(this.db, () => {
      requireImport(this.db, id);
      return addClips(this.db, parsed, id, this.stamp());
    });
  }

  /** Record files an import could not use (ImportProblem from scanDataset or decoding). */
  addProblems(problems: readonly { path: string; reason: string }[], importId?: string): void {
    const parsed = parseInput(problemsSchema, problems, 'problems');
    const id = importId === undefined ? undefined : parseInput(idSchema, importId, 'importId');
    inTransaction(this.db, () => {
      if (id !== undefined) requireImport(this.db, id);
      addProblems(this.db, parsed, id, this.stamp());
    });
  }

  listProblems(importId?: string): StoredProblem[] {
    return listProblems(this.db, importId);
  }

  getClip(clipId: string): StoredClip | undefined {
    return getClip(this.db, parseInput(idSchema, clipId, 'clipId'));
  }

  /** Every stored clip's id by its path. */
  clipIdsByPath(): Map<string, string> {
    return clipIdsByPath(this.db);
  }

  clipCount(): number {
    return countClips(this.db);
  }

  // Labels

  /** Append a label event; it is on disk when this returns. Returns the stored event. */
  appendLabel(input: LabelInput): LabelEvent {
    const parsed = parseInput(labelInputSchema, input);
    return inTransaction(this.db, () => appendLabel(this.db, parsed, this.stamp()));
  }

  /** Undo the annotator's latest live event (see label-events.ts); undefined if none is left. */
  undoLast(annotator: string): LabelEvent | undefined {
    const who = parseInput(annotatorSchema, annotator, 'annotator');
    return inTransaction(this.db, () => undoLast(this.db, who, this.stamp()));
  }

  /** Per clip with any live event: the latest one, of `annotator` or of anyone. */
  currentLabels(annotator?: string): LabelEvent[] {
    return currentLabels(this.db, parseInput(optionalAnnotatorSchema, annotator, 'annotator'));
  }

  /** One clip's current event, of `annotator` or of anyone. */
  currentLabel(clipId: string, annotator?: string): LabelEvent | undefined {
    return currentLabelOf(
      this.db,
      parseInput(idSchema, clipId, 'clipId'),
      parseInput(optionalAnnotatorSchema, annotator, 'annotator'),
    );
  }

  /** All events of a clip, oldest first. */
  clipHistory(clipId: string): LabelEvent[] {
    return clipHistory(this.db, parseInput(idSchema, clipId, 'clipId'));
  }

  listClips(filter: ClipFilter): ClipPage {
    return listClips(this.db, parseInput(clipFilterSchema, filter, 'filter'));
  }

  /** Distinct speakers and datasets, for filter menus. */
  facets(): { speakers: string[]; datasets: DatasetFormat[] } {
    return clipFacets(this.db);
  }

  countsByLabel(annotator?: string): LabelCounts {
    return countsByLabel(this.db, parseInput(optionalAnnotatorSchema, annotator, 'annotator'));
  }

  /** Each annotator's current event on a clip (their own latest live one), by annotator name. */
  annotatorLabels(clipId: string): LabelEvent[] {
    return annotatorLabelsOf(this.db, parseInput(idSchema, clipId, 'clipId'));
  }

  /** Every annotator's current label of every clip they labelled (cleared labels left out). */
  annotatorVotes(): AnnotatorVote[] {
    return annotatorVotes(this.db);
  }

  /** Every clip, by path, with its current label (anyone's latest), for training sets. */
  allClips(): ClipRow[] {
    return allClips(this.db);
  }

  // Predictions (the cache the review queues read)

  savePrediction(input: PredictionInput): StoredPrediction {
    const parsed = parseInput(predictionInputSchema, input);
    return inTransaction(this.db, () => savePrediction(this.db, parsed, this.stamp()));
  }

  getPrediction(modelKey: string, clipId: string): StoredPrediction | undefined {
    return getPrediction(this.db, modelKey, clipId);
  }

  clipsWithoutPrediction(modelKey: string): { id: string; path: string }[] {
    return clipsWithoutPrediction(this.db, modelKey);
  }

  countPredictions(modelKey: string): number {
    return countPredictions(this.db, modelKey);
  }

  // Exports

  exportCurrentLabels(format: ExportFormat, annotator?: string): string {
    return exportCurrentLabels(
      this.db,
      parseInput(exportFormatSchema, format, 'format'),
      parseInput(optionalAnnotatorSchema, annotator, 'annotator'),
    );
  }

  exportHistory(format: ExportFormat): string {
    return exportHistory(this.db, parseInput(exportFormatSchema, format, 'format'));
  }

  // Models

  addModel(input: ModelInput): StoredModel {
    const parsed = parseInput(modelInputSchema, input);
    return inTransaction(this.db, () => addModel(this.db, parsed, this.stamp()));
  }

  listModels(): StoredModel[] {
    return listModels(this.db);
  }

  // Practice sessions

  addSession(input: SessionInput): StoredSession {
    const parsed = parseInput(sessionInputSchema, input);
    return inTransaction(this.db, () => addSession(this.db, parsed));
  }

  listSessions(): StoredSession[] {
    return listSessions(this.db);
  }

  getSession(id: string): StoredSession | undefined {
    return getSession(this.db, parseInput(idSchema, id, 'id'));
  }

  /** Removes a session's row (its folder under sessions/ is the caller's); false when there was none. */
  deleteSession(id: string): boolean {
    const parsed = parseInput(idSchema, id, 'id');
    return inTransaction(this.db, () => deleteSession(this.db, parsed));
  }
}
