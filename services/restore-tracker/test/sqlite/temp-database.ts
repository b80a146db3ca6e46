/**
 * A real SQLite file in a fresh temp directory, for the store's tests, and a count of the
 * statements the store runs on it (the contract's check that progress reads cost O(1)).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';

export interface TempDatabase {
  file: string;
  /** Remove the directory (close every connection first). */
  remove(): void;
}

export function tempDatabaseFile(): TempDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracker-sqlite-'));
  return { file: path.join(dir, 'local.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One execution of a prepared statement: its SQL and the parameters it was run with. */
export interface ExecutedStatement {
  source: string;
  args: unknown[];
}

const EXECUTE = ['run', 'get', 'all', 'iterate'] as const;

/**
 * Open `file`, recording every execution of a statement prepared on the connection from now on
 * (statements the store prepares in its constructor included).
 */
export function openCountingDatabase(file: string): { db: SqliteDatabase; statements: () => number; executed: ExecutedStatement[] } {
  const db = openDatabase(file);
  const executed: ExecutedStatement[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source) as unknown as Record<(typeof EXECUTE)[number], (...args: unknown[]) => unknown>;
    for (const method of EXECUTE) {
      const original = statement[method].bind(statement);
      statement[method] = (...args: unknown[]) => {
        executed.push({ source, args });
        return original(...args);
      };
    }
    return statement;
  }) as SqliteDatabase['prepare'];
  return { db, statements: () => executed.length, executed };
}
