import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from './database.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase + migrate', () => {
  it('opens a WAL file and applies each step once, across reopenings', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sqlite-'));
    const file = path.join(dir, 'db.sqlite');
    const first = openDatabase(file);
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    migrate(first, 'demo', ['CREATE TABLE demo_a (id INTEGER PRIMARY KEY)']);
    first.prepare('INSERT INTO demo_a (id) VALUES (1)').run();
    first.close();
    const second = openDatabase(file);
    migrate(second, 'demo', ['CREATE TABLE demo_a (id INTEGER PRIMARY KEY)', 'CREATE TABLE demo_b (id INTEGER PRIMARY KEY)']);
    expect(second.prepare('SELECT count(*) FROM demo_a').pluck().get()).toBe(1);
    expect(second.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'demo_b'").pluck().get()).toBe(1);
    expect(second.prepare("SELECT step FROM schema_migrations WHERE component = 'demo'").pluck().all()).toEqual([1, 2]);
    second.close();
  });
});
