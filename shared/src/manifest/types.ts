import type { KeyCodecErrorCode } from '../keys/index.js';

/** One object named by a manifest row, its key decoded into the raw S3 key. */
export interface ManifestObjectEntry {
  readonly kind: 'object';
  /** 1-based physical line number where the row starts (see the parser for range mode). */
  readonly line: number;
  readonly bucket: string;
  /** The raw key, exactly as stored in S3. */
  readonly key: string;
  readonly versionId?: string;
}

/** Why a manifest line is not an object. */
export type ManifestBadLineCode =
  | KeyCodecErrorCode
  /** Not 2 (`Bucket,Key`) or 3 (`Bucket,Key,VersionId`) fields. */
  | 'WrongColumnCount'
  /** This row has a version id and earlier rows do not, or the other way round. */
  | 'MixedVersionIds'
  /** A stray quote, or text after a closing quote. */
  | 'MalformedCsv'
  /** The input ends inside a quoted field. */
  | 'UnterminatedQuote'
  /** A quoted field spans lines while parsing a byte range, which cannot resolve it. */
  | 'QuotedNewlineInRange'
  /** A record longer than {@link MAX_RECORD_BYTES}. */
  | 'LineTooLong'
  /** Bytes that are not UTF-8. */
  | 'InvalidUtf8';

/** A manifest line that names no object, with the reason. */
export interface ManifestBadLine {
  readonly kind: 'bad';
  /** 1-based physical line number where the record starts. */
  readonly line: number;
  readonly code: ManifestBadLineCode;
  readonly message: string;
  /** The raw line (a record spanning lines: all of them), cut to {@link BAD_LINE_TEXT_CHARS}. */
  readonly text: string;
}

/** What the parser yields for each non-blank record of a manifest. */
export type ManifestEntry = ManifestObjectEntry | ManifestBadLine;

/** What the parser returns (its generator's return value) once the input is read. */
export interface ManifestParseTotals {
  /** Physical lines read (blank ones included; a final line break does not start another). */
  readonly lines: number;
  /** Whether the valid rows carry version ids; undefined when there was no valid row. */
  readonly withVersionIds: boolean | undefined;
}

/** Options of every parse. */
export interface ParseManifestOptions {
  /**
   * How many bad lines to tolerate (default 100). One more stops the parse with a
   * `ManifestError` `TooManyBadLines`: a file that bad is the wrong file, and reading on to its
   * end would only waste time. `Infinity` never stops.
   */
  readonly maxBadLines?: number;
}

/** A record longer than this (in bytes) is a bad line; it bounds the memory one record can take. */
export const MAX_RECORD_BYTES = 16 * 1024;

/** Bad line text is cut to this many characters. */
export const BAD_LINE_TEXT_CHARS = 200;

/** The default of {@link ParseManifestOptions.maxBadLines}. */
export const DEFAULT_MAX_BAD_LINES = 100;
