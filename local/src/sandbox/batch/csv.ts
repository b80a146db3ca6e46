/**
 * The little CSV the manifests and completion reports need: RFC 4180 quoting in both
 * directions, and the URL encoding S3 uses for keys in them.
 */

/** Split CSV text into rows of fields (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new SyntaxError('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines (a trailing newline, an empty line) are not rows.
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** A field quoted when it must be (or always, for free text such as ResultMessage). */
export function csvField(value: string, alwaysQuote = false): string {
  if (!alwaysQuote && !/[",\r\n]/.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * Decode a manifest key. Manifests carry URL-encoded keys (aws-facts §6.3); tools commonly
 * write them with Python's `quote_plus`, so `+` means a space and a literal `+` is `%2B`.
 */
export function decodeManifestKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * Encode a key for a completion report. AWS's encoding there is unverified (aws-facts §6.6);
 * percent-encoding every reserved character except `/` (spaces as `%20`, `+` as `%2B`) reads
 * back correctly with both plain `decodeURIComponent` and form-style decoding.
 */
export function encodeReportKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}
