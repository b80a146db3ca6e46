/** The streaming parser of S3 Batch Operations CSV manifests, and the CSV record reader under it (completion reports). */
export type {
  ManifestBadLine,
  ManifestBadLineCode,
  ManifestEntry,
  ManifestObjectEntry,
  ManifestParseTotals,
  ParseManifestOptions,
} from './types.js';
export { BAD_LINE_TEXT_CHARS, DEFAULT_MAX_BAD_LINES, MAX_RECORD_BYTES } from './types.js';
export type { ManifestErrorCode } from './errors.js';
export { ManifestError } from './errors.js';
export type { ManifestSource } from './read.js';
export type { ManifestBadLineSummary, ManifestScan } from './parse.js';
export { SCAN_BAD_LINES_KEPT, parseManifest, scanManifest } from './parse.js';
export type { ManifestRangeOptions } from './range.js';
export { manifestRangeReadStart, parseManifestRange } from './range.js';
export type { ManifestRangePlan } from './plan.js';
export { planManifestRanges } from './plan.js';
export { formatManifestRow } from './format.js';
export type { CsvRecord } from './records.js';
export { readCsvRecords } from './csv-records.js';
