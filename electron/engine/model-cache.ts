/**
 * Loaded models kept in the engine between requests, keyed by directory: loading parses
 * weights and builds the tfjs graph, which would otherwise dominate every prediction.
 * A model directory is replaced whole by saveModel (new metadata.json included), so a
 * changed metadata.json mtime means a retrained model and triggers a reload. Only the
 * few most recently used models are kept; the others are disposed to free tensors.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadModel, type LoadedModel } from '../../training/model/model-io.ts';

interface Entry {
  loaded: LoadedModel;
  metadataMtimeMs: number | undefined;
}

async function metadataMtimeMs(dir: string): Promise<number | undefined> {
  try {
    return (await stat(path.join(dir, 'metadata.json'))).mtimeMs;
  } catch {
    return undefined; // loadModel then says what is missing
  }
}

export class ModelCache {
  /** Map order is recency: the most recently used entry is last. */
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 4) {}

  /** The loaded model in `dir`, from memory unless its metadata.json changed. */
  async get(dir: string): Promise<LoadedModel> {
    const key = path.resolve(dir);
    const mtime = await metadataMtimeMs(key);
    const cached = this.entries.get(key);
    this.entries.delete(key);
    if (cached !== undefined && cached.metadataMtimeMs === mtime) {
      this.entries.set(key, cached);
      return cached.loaded;
    }
    cached?.loaded.model.dispose();
    const loaded = await loadModel(key);
    this.entries.set(key, { loaded, metadataMtimeMs: mtime });
    this.evictBeyondCapacity();
    return loaded;
  }

  /** Directories in memory, most recently used first. */
  dirs(): string[] {
    return [...this.entries.keys()].reverse();
  }

  private evictBeyondCapacity(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.capacity) return;
      entry.loaded.model.dispose();
      this.entries.delete(key);
    }
  }
}
