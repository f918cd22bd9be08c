// Bringing a reference table to a given set of rows: insert what is new, update what changed,
// leave the rest untouched (so a re-run writes nothing). Runs inside the caller's transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

export interface SyncCounts { inserted: number; updated: number; unchanged: number }

type Tx = Transaction<Database> | Kysely<Database>;
type AnyRow = Record<string, unknown>;

const MAX_PARAMS = 30_000;

function same(a: AnyRow, b: AnyRow, columns: string[]): boolean {
  for (const c of columns) {
    const x = a[c] ?? null;
    const y = b[c] ?? null;
    if (x !== y) return false;
  }
  return true;
}

/**
 * Syncs `rows` into `table` by primary key `key`. Columns listed in `ignore` (timestamps) do not
 * count as a change. Rows absent from `rows` are kept (reference files are partial by nature).
 */
export async function syncRows(
  tx: Tx, table: keyof Database & string, key: string, rows: AnyRow[], opts: { ignore?: string[]; onBatch?: (n: number) => void } = {},
): Promise<SyncCounts> {
  const counts: SyncCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  // Reference tables are synced generically by name: typed loosely here, checked by the callers' row types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = tx as unknown as Kysely<any>;
  const existing = new Map<unknown, AnyRow>();
  for (const r of await db.selectFrom(table).selectAll().execute()) existing.set(r[key], r);
  const columns = Object.keys(rows[0]).filter((c) => !(opts.ignore ?? []).includes(c));
  const fresh: AnyRow[] = [];
  for (const row of rows) {
    const old = existing.get(row[key]);
    if (!old) fresh.push(row);
    else if (same(old, row, columns)) counts.unchanged++;
    else {
      await db.updateTable(table).set(row).where(key, '=', row[key] as never).execute();
      counts.updated++;
    }
  }
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]).length));
  for (let i = 0; i < fresh.length; i += chunk) {
    const part = fresh.slice(i, i + chunk);
    await db.insertInto(table).values(part).execute();
    opts.onBatch?.(part.length);
  }
  counts.inserted = fresh.length;
  return counts;
}
