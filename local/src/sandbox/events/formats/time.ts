/** Timestamp spellings used by S3's event formats. */

/** ISO-8601 with milliseconds, as in notification records: `2025-01-21T23:29:12.345Z`. */
export function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** ISO-8601 to the second, as EventBridge writes `time`: `2021-11-12T00:00:00Z`. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
