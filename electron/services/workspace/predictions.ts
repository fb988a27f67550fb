/**
 * The prediction cache: one model's answer per clip, kept so the review queues can sort a
 * whole workspace by the model's confidence without asking the engine again. Rows are
 * keyed by a model key (see modelKeyOf in backend/prediction-runner.ts), never by a
 * model's name alone: a retrained model gets a new key and its own rows.
 */
import type { DatabaseSync } from 'node:sqlite';
import { json, num, text } from './rows.ts';

export interface PredictionInput {
  modelKey: string;
  clipId: string;
  labels: readonly string[];
  probs: readonly number[];
  hasSpeech: boolean;
}

export interface StoredPrediction {
  modelKey: string;
  clipId: string;
  labels: string[];
  probs: number[];
  hasSpeech: boolean;
  topLabel: string;
  topProb: number;
  margin: number;
  entropy: number;
  createdAt: string;
}

/** The summary numbers the queues order by. */
export interface PredictionMeasures {
  topLabel: string;
  /** The model's probability for its own answer. */
  topProb: number;
  /** Top probability minus the runner-up's: small means the model hesitates between two. */
  margin: number;
  /** Shannon entropy divided by ln(K): 0 = certain, 1 = uniform, comparable across label sets. */
  entropy: number;
}

/** Top label, confidence, top-2 margin and normalised entropy of a probability vector. */
export function predictionMeasures(labels: readonly string[], probs: readonly number[]): PredictionMeasures {
  if (labels.length < 2 || labels.length !== probs.length) {
    throw new Error(`a prediction needs one probability per label (≥ 2 labels); got ${labels.length} labels and ${probs.length} probabilities`);
  }
  const order = probs.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p || a.i - b.i);
  const total = probs.reduce((sum, p) => sum + p, 0);
  const entropy = -probs.reduce((sum, p) => (p > 0 ? sum + (p / total) * Math.log(p / total) : sum), 0);
  return {
    topLabel: labels[order[0].i],
    topProb: order[0].p,
    margin: order[0].p - order[1].p,
    // Rounded so that the same distribution in another label order ties exactly (summation
    // order moves the last bits), and clamped so a certain answer is +0, not -0.
    entropy: Math.max(0, Math.round((entropy / Math.log(labels.length)) * 1e12) / 1e12),
  };
}

/** Store (or replace) a clip's prediction for a model; run inside a transaction. */
export function savePrediction(db: DatabaseSync, input: PredictionInput, now: string): StoredPrediction {
  const measures = predictionMeasures(input.labels, input.probs);
  db.prepare(
    `INSERT OR REPLACE INTO predictions
       (model_key, clip_id, labels, probs, top_label, top_prob, margin, entropy, has_speech, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.modelKey,
    input.clipId,
    JSON.stringify(input.labels),
    JSON.stringify(input.probs),
    measures.topLabel,
    measures.topProb,
    measures.margin,
    measures.entropy,
    input.hasSpeech ? 1 : 0,
    now,
  );
  return {
    modelKey: input.modelKey,
    clipId: input.clipId,
    labels: [...input.labels],
    probs: [...input.probs],
    hasSpeech: input.hasSpeech,
    ...measures,
    createdAt: now,
  };
}

export function getPrediction(db: DatabaseSync, modelKey: string, clipId: string): StoredPrediction | undefined {
  const row = db.prepare('SELECT * FROM predictions WHERE model_key = ? AND clip_id = ?').get(modelKey, clipId);
  if (row === undefined) return undefined;
  return {
    modelKey: text(row, 'model_key'),
    clipId: text(row, 'clip_id'),
    labels: arrayOf(json(row, 'labels'), 'string', 'labels'),
    probs: arrayOf(json(row, 'probs'), 'number', 'probs'),
    hasSpeech: num(row, 'has_speech') === 1,
    topLabel: text(row, 'top_label'),
    topProb: num(row, 'top_prob'),
    margin: num(row, 'margin'),
    entropy: num(row, 'entropy'),
    createdAt: text(row, 'created_at'),
  };
}

function arrayOf<T extends 'string' | 'number'>(
  value: unknown,
  type: T,
  column: string,
): (T extends 'string' ? string : number)[] {
  if (Array.isArray(value) && value.every((item) => typeof item === type)) return value as (T extends 'string' ? string : number)[];
  throw new Error(`workspace.db column predictions.${column}: expected a JSON array of ${type}s`);
}

/** Clips the model has not scored yet, by path (the order a background run works in). */
export function clipsWithoutPrediction(db: DatabaseSync, modelKey: string): { id: string; path: string }[] {
  return db
    .prepare(
      `SELECT c.id AS id, c.path AS path FROM clips c
       WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.model_key = ? AND p.clip_id = c.id)
       ORDER BY c.path`,
    )
    .all(modelKey)
    .map((row) => ({ id: text(row, 'id'), path: text(row, 'path') }));
}

export function countPredictions(db: DatabaseSync, modelKey: string): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM predictions WHERE model_key = ?').get(modelKey);
  return row === undefined ? 0 : num(row, 'n');
}
