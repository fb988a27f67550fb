/**
 * Writes an evaluation's human-readable report files into a folder: confusion.svg,
 * report.md and report.html (rendered by report.ts). `ser eval --report`, `ser train` and
 * the app's training jobs all write the same three files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvaluationMetrics } from './metrics.ts';
import { confusionMatrixSvg, evaluationHtml, evaluationMarkdown } from './report.ts';

export async function writeEvaluationReport(
  dir: string,
  metrics: EvaluationMetrics,
  title: string,
  notes: string[] = [],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'confusion.svg'), confusionMatrixSvg(metrics, title));
  await writeFile(path.join(dir, 'report.md'), evaluationMarkdown(metrics, title, notes));
  await writeFile(path.join(dir, 'report.html'), evaluationHtml(metrics, title, notes));
}
