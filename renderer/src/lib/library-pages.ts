/**
 * Page arithmetic and the page cache behind the Library's virtualised table. The table
 * shows rows [first, last]; the cache says which pages of `clips.list` (offset/limit) are
 * still needed, remembers the ones fetched, and keeps memory bounded on huge workspaces.
 *
 * Two counters keep answers from going to the wrong place:
 * - the generation changes with the filter or sort (`reset`): replies from before are
 *   dropped, their rows belong to another list;
 * - the epoch changes when the data may have changed (`invalidate`, e.g. a label was set):
 *   rows already shown stay on screen until their refetch arrives, so nothing flickers.
 */

export const PAGE_SIZE = 200;

/** The page holding row `index`. */
export function pageOf(index: number, pageSize: number = PAGE_SIZE): number {
  return Math.floor(index / pageSize);
}

/** The `clips.list` window of a page. */
export function pageWindow(
  page: number,
  pageSize: number = PAGE_SIZE,
): { offset: number; limit: number } {
  return { offset: page * pageSize, limit: pageSize };
}

/**
 * Pages covering rows first..last (inclusive), clamped to a list of `total` rows; empty
 * when the list is empty or the range is.
 */
export function pagesForRange(
  first: number,
  last: number,
  total: number,
  pageSize: number = PAGE_SIZE,
): number[] {
  const from = Math.max(0, first);
  const to = Math.min(total - 1, last);
  if (total <= 0 || to < from) return [];
  const pages: number[] = [];
  for (let page = pageOf(from, pageSize); page <= pageOf(to, pageSize); page++) pages.push(page);
  return pages;
}

/** Identifies one request, so its reply lands only where it still belongs. */
export interface PageTicket {
  page: number;
  generation: number;
  epoch: number;
}

interface Entry<T> {
  rows: T[];
  epoch: number;
}

export class PageCache<T> {
  private readonly pages = new Map<number, Entry<T>>();
  /** Page → epoch of the request on its way. */
  private readonly inFlight = new Map<number, number>();
  private generation = 0;
  private epoch = 0;

  constructor(
    readonly pageSize: number = PAGE_SIZE,
    /** Pages kept at most; the ones farthest from the view go first. */
    readonly maxPages: number = 50,
  ) {}

  /** The row at `index`, if its page has arrived (possibly stale). */
  row(index: number): T | undefined {
    const entry = this.pages.get(pageOf(index, this.pageSize));
    return entry?.rows[index % this.pageSize];
  }

  /** Pages that rows first..last need and nobody has asked for in this epoch. */
  toFetch(first: number, last: number, total: number): number[] {
    return pagesForRange(first, last, total, this.pageSize).filter(
      (page) =>
        this.pages.get(page)?.epoch !== this.epoch && this.inFlight.get(page) !== this.epoch,
    );
  }

  /** Records that `page` is being fetched; hand the ticket back to `complete` or `fail`. */
  begin(page: number): PageTicket {
    this.inFlight.set(page, this.epoch);
    return { page, generation: this.generation, epoch: this.epoch };
  }

  /**
   * Stores a reply. False when it belongs to an earlier filter (dropped) or a newer copy of
   * the page is already here.
   */
  complete(ticket: PageTicket, rows: T[]): boolean {
    if (ticket.generation !== this.generation) return false;
    if (this.inFlight.get(ticket.page) === ticket.epoch) this.inFlight.delete(ticket.page);
    const existing = this.pages.get(ticket.page);
    if (existing !== undefined && existing.epoch > ticket.epoch) return false;
    this.pages.set(ticket.page, { rows, epoch: ticket.epoch });
    return true;
  }

  /** A failed request: the page may be asked for again. */
  fail(ticket: PageTicket): void {
    if (ticket.generation !== this.generation) return;
    if (this.inFlight.get(ticket.page) === ticket.epoch) this.inFlight.delete(ticket.page);
  }

  /** The data may have changed: keep showing what we have, but fetch it again. */
  invalidate(): void {
    this.epoch += 1;
  }

  /** Another list (filter or sort changed): forget everything. */
  reset(): void {
    this.generation += 1;
    this.epoch += 1;
    this.pages.clear();
    this.inFlight.clear();
  }

  /** Drops pages beyond `maxPages`, farthest from `centerPage` first. */
  evict(centerPage: number): void {
    if (this.pages.size <= this.maxPages) return;
    const byDistance = [...this.pages.keys()].sort(
      (a, b) => Math.abs(b - centerPage) - Math.abs(a - centerPage),
    );
    for (const page of byDistance.slice(0, this.pages.size - this.maxPages))
      this.pages.delete(page);
  }

  get size(): number {
    return this.pages.size;
  }
}
