/**
 * The sandbox held to real clients nobody here wrote: Debian's AWS CLI v2, rclone and s3cmd.
 * Each creates archived objects, restores them, sees the restore in progress and then complete.
 * A missing tool makes its test skip with a note (CI installs all three).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { HOUR, testSandbox } from '../support/sandbox.js';
import type { TestSandbox } from '../support/sandbox.js';
import { findTool, run } from '../support/tools.js';

const AWS = findTool('/usr/bin/aws');
const RCLONE = findTool('rclone');
const S3CMD = findTool('s3cmd');
const KEYS = ['plain.bin', 'dir/with space.bin', 'dir/plus+sign.bin', 'dir/ünïcødé.bin'];

let t: TestSandbox;
let workDir: string;
let file: string;

beforeEach(async () => {
  t = await testSandbox();
  workDir = mkdtempSync(path.join(tmpdir(), 'real-clients-'));
  file = path.join(workDir, 'payload.txt');
  writeFileSync(file, 'archived payload\n');
});
afterEach(async () => {
  await t.close();
  rmSync(workDir, { recursive: true, force: true });
});

const credentials = { AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox-secret', AWS_DEFAULT_REGION: 'us-east-1' };

function skipNote(tool: string): void {
  process.stderr.write(`real-clients: ${tool} is not installed here; skipping (apt-get install -y awscli rclone s3cmd)\n`);
}

async function sdkRestoreHeader(Bucket: string, Key: string): Promise<string | undefined> {
  return (await t.s3.send(new HeadObjectCommand({ Bucket, Key }))).Restore;
}

describe('AWS CLI v2 (/usr/bin/aws)', () => {
  const test = AWS ? it : it.skip;
  if (!AWS) skipNote('/usr/bin/aws (AWS CLI v2)');

  test('creates GLACIER objects, restores them, sees the restore in progress then complete', async () => {
    const aws = (...args: string[]) =>
      run(AWS!, ['--endpoint-url', t.sandbox.endpoint, '--output', 'json', ...args], { ...credentials, AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '' });
    expect((await aws('s3api', 'create-bucket', '--bucket', 'cli')).code).toBe(0);
    for (const key of KEYS) {
      const put = await aws('s3api', 'put-object', '--bucket', 'cli', '--key', key, '--body', file, '--storage-class', 'GLACIER');
      expect(put.stderr).toBe('');
      expect(put.code).toBe(0);
    }
    const listed = await aws('s3', 'ls', 's3://cli', '--recursive');
    for (const key of KEYS) expect(listed.stdout).toContain(key);

    const before = await aws('s3api', 'get-object', '--bucket', 'cli', '--key', 'dir/with space.bin', path.join(workDir, 'out'));
    expect(before.code).not.toBe(0);
    expect(before.stderr).toContain('InvalidObjectState');

    for (const key of KEYS) {
      const restore = await aws('s3api', 'restore-object', '--bucket', 'cli', '--key', key, '--restore-request', '{"Days":2,"GlacierJobParameters":{"Tier":"Standard"}}');
      expect(restore.code).toBe(0);
    }
    const again = await aws('s3api', 'restore-object', '--bucket', 'cli', '--key', 'plain.bin', '--restore-request', '{"Days":2,"GlacierJobParameters":{"Tier":"Standard"}}');
    expect(again.stderr).toContain('RestoreAlreadyInProgress');

    const inProgress = JSON.parse((await aws('s3api', 'head-object', '--bucket', 'cli', '--key', 'dir/plus+sign.bin')).stdout) as Record<string, string>;
    expect(inProgress['StorageClass']).toBe('GLACIER');
    expect(inProgress['Restore']).toBe('ongoing-request="true"');

    await t.advance(5 * HOUR);
    for (const key of KEYS) {
      const done = JSON.parse((await aws('s3api', 'head-object', '--bucket', 'cli', '--key', key)).stdout) as Record<string, string>;
      expect(done['Restore']).toBe('ongoing-request="false", expiry-date="Sun, 18 Oct 2026 00:00:00 GMT"');
    }
    const after = await aws('s3api', 'get-object', '--bucket', 'cli', '--key', 'dir/ünïcødé.bin', path.join(workDir, 'out'));
    expect(after.code).toBe(0);
  });
});

describe('rclone', () => {
  const test = RCLONE ? it : it.skip;
  if (!RCLONE) skipNote('rclone');

  test('uploads GLACIER objects, restores them with `backend restore`, and reads them once restored', async () => {
    const env = {
      AWS_CA_BUNDLE: undefined, // rclone refuses a custom CA bundle with its HTTP transport (reference/stack.md §9)
      RCLONE_CONFIG_SBX_TYPE: 's3',
      RCLONE_CONFIG_SBX_PROVIDER: 'Other',
      RCLONE_CONFIG_SBX_ENDPOINT: t.sandbox.endpoint,
      RCLONE_CONFIG_SBX_ACCESS_KEY_ID: 'sandbox',
      RCLONE_CONFIG_SBX_SECRET_ACCESS_KEY: 'sandbox-secret',
      RCLONE_CONFIG_SBX_REGION: 'us-east-1',
      RCLONE_CONFIG_SBX_FORCE_PATH_STYLE: 'true',
    };
    const rclone = (...args: string[]) => run(RCLONE!, ['--config', '/dev/null', ...args], env);
    expect((await rclone('mkdir', 'sbx:rcl')).code).toBe(0);
    for (const key of KEYS) {
      const copy = await rclone('copyto', file, `sbx:rcl/${key}`, '--s3-storage-class', 'DEEP_ARCHIVE');
      expect(copy.stderr).toBe('');
    }
    expect((await rclone('cat', 'sbx:rcl/dir/with space.bin')).code).not.toBe(0);

    const restored = await rclone('backend', 'restore', 'sbx:rcl/dir', '-o', 'priority=Standard', '-o', 'lifetime=3');
    expect(restored.code).toBe(0);
    const statuses = JSON.parse(restored.stdout) as Array<{ Status: string; Remote: string }>;
    expect(statuses.map((s) => s.Status)).toEqual(['OK', 'OK', 'OK']);
    expect(await sdkRestoreHeader('rcl', 'dir/plus+sign.bin')).toBe('ongoing-request="true"');
    const second = JSON.parse((await rclone('backend', 'restore', 'sbx:rcl/dir', '-o', 'priority=Standard', '-o', 'lifetime=3')).stdout) as Array<{ Status: string }>;
    expect(second.every((s) => s.Status.includes('RestoreAlreadyInProgress'))).toBe(true);

    const help = await rclone('backend', 'help', 'sbx:');
    if (help.stdout.includes('restore-status')) {
      const status = JSON.parse((await rclone('backend', 'restore-status', 'sbx:rcl/dir')).stdout) as Array<{ RestoreStatus?: { IsRestoreInProgress?: boolean } }>;
      expect(status.every((s) => s.RestoreStatus?.IsRestoreInProgress === true)).toBe(true);
    } else {
      process.stderr.write('real-clients: this rclone has no `backend restore-status` (added after 1.60); checked with HeadObject instead\n');
    }

    await t.advance(12 * HOUR); // Deep Archive Standard: within 12 h
    expect(await sdkRestoreHeader('rcl', 'dir/with space.bin')).toMatch(/^ongoing-request="false", expiry-date=".* 00:00:00 GMT"$/);
    const cat = await rclone('cat', 'sbx:rcl/dir/ünïcødé.bin');
    expect([cat.code, cat.stdout]).toEqual([0, 'archived payload\n']);
    expect((await rclone('cat', 'sbx:rcl/plain.bin')).code).not.toBe(0); // not restored
  });
});

describe('s3cmd', () => {
  const test = S3CMD ? it : it.skip;
  if (!S3CMD) skipNote('s3cmd');

  test('puts GLACIER objects, restores them recursively, and sees the restore complete', async () => {
    const host = new URL(t.sandbox.endpoint).host;
    const s3cmd = (...args: string[]) =>
      run(S3CMD!, ['--config=/dev/null', '--access_key=sandbox', '--secret_key=sandbox-secret', `--host=${host}`, `--host-bucket=${host}`, '--no-ssl', '--region=us-east-1', ...args], { HOME: workDir });
    expect((await s3cmd('mb', 's3://s3c')).code).toBe(0);
    for (const key of KEYS) {
      const put = await s3cmd('put', file, `s3://s3c/${key}`, '--storage-class=GLACIER');
      expect(put.code).toBe(0);
    }
    const restore = await s3cmd('restore', '--recursive', '--restore-days=3', '--restore-priority=bulk', 's3://s3c/dir/');
    expect(restore.code).toBe(0);
    expect(restore.stdout.match(/restore: 's3:\/\/s3c\/dir\//g)).toHaveLength(3);
    expect(await sdkRestoreHeader('s3c', 'dir/with space.bin')).toBe('ongoing-request="true"');
    const again = await s3cmd('restore', '--recursive', '--restore-days=3', '--restore-priority=bulk', 's3://s3c/dir/');
    expect(again.stdout + again.stderr).toMatch(/restore is already in progress: s3:\/\/s3c\/dir\/with space.bin/);

    await t.advance(12 * HOUR); // Bulk on Flexible Retrieval: 5-12 h
    const info = await s3cmd('info', 's3://s3c/dir/plus+sign.bin');
    expect(info.code).toBe(0);
    expect(await sdkRestoreHeader('s3c', 'dir/plus+sign.bin')).toMatch(/^ongoing-request="false", expiry-date="Mon, 19 Oct 2026 00:00:00 GMT"$/);
    const get = await s3cmd('get', '--force', 's3://s3c/dir/ünïcødé.bin', path.join(workDir, 'got.txt'));
    expect(get.code).toBe(0);
  });
});
