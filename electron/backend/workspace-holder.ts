/**
 * The one workspace a back end has open. Handlers ask it for the store, so "no workspace
 * yet" is a typed error in one place instead of a null check in each handler.
 */
import path from 'node:path';
import { ContractError } from '../contract.ts';
import type { WorkspaceSummary } from '../contract.ts';
import { WorkspaceStore } from '../services/workspace/store.ts';

export class WorkspaceHolder {
  private store: WorkspaceStore | undefined;

  /** Open `dir`, closing the workspace open before (only after the new one opened). */
  open(dir: string): WorkspaceStore {
    const next = WorkspaceStore.open(dir);
    this.store?.close();
    this.store = next;
    return next;
  }

  get current(): WorkspaceStore | undefined {
    return this.store;
  }

  require(): WorkspaceStore {
    if (this.store === undefined) {
      throw new ContractError('no-workspace', 'Open or create a workspace first.');
    }
    return this.store;
  }

  summary(): WorkspaceSummary | null {
    if (this.store === undefined) return null;
    const dir = this.store.paths.root;
    return { dir, name: path.basename(dir), clipCount: this.store.clipCount() };
  }

  close(): void {
    this.store?.close();
    this.store = undefined;
  }
}
