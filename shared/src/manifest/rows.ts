/**
 * CSV records → manifest entries for `S3BatchOperations_CSV_20180820`: `Bucket,Key[,VersionId]`
 * with URL-encoded keys (aws-facts §6.3). Holds the one piece of state a manifest needs across
 * rows: whether its rows carry version ids ("either every row has a version id or none does",
 * UG batch-ops-create-job), decided by the first valid row.
 */
import { decodeManifestKey, KeyCodecError, validateBucketName, validateKey } from '../keys/index.js';
import type { CsvRecord } from './records.js';
import type { ManifestBadLineCode, ManifestEntry } from './types.js';
import { BAD_LINE_TEXT_CHARS } from './types.js';

/** Turns records into entries, checking each row and the version id rule across rows. */
export class ManifestRows {
  private versioned: boolean | undefined;

  /** Whether the valid rows so far carry version ids; undefined before the first valid row. */
  get withVersionIds(): boolean | undefined {
    return this.versioned;
  }

  /** The entry for one record. */
  toEntry(record: CsvRecord): ManifestEntry {
    if (record.kind === 'bad') return record;
    const { fields, line, text } = record;
    const badLine = (code: ManifestBadLineCode, message: string): ManifestEntry => ({
      kind: 'bad',
      line,
      code,
      message,
      text: text.slice(0, BAD_LINE_TEXT_CHARS),
    });
    if (fields.length !== 2 && fields.length !== 3) {
      return badLine('WrongColumnCount', `expected 2 or 3 fields (Bucket,Key[,VersionId]), found ${fields.length}`);
    }
    const [bucket = '', encodedKey = '', versionId = ''] = fields;
    let key: string;
    try {
      validateBucketName(bucket);
      key = validateKey(decodeManifestKey(encodedKey));
    } catch (error) {
      if (error instanceof KeyCodecError) return badLine(error.code, error.message);
      throw error;
    }
    // An empty third field (`bucket,key,`) is no version id, as in the sandbox.
    const hasVersion = versionId !== '';
    this.versioned ??= hasVersion;
    if (hasVersion !== this.versioned) {
      return badLine(
        'MixedVersionIds',
        this.versioned
          ? 'this row has no version id but earlier rows do; either every row has one or none does'
          : 'this row has a version id but earlier rows do not; either every row has one or none does',
      );
    }
    return hasVersion ? { kind: 'object', line, bucket, key, versionId } : { kind: 'object', line, bucket, key };
  }
}
