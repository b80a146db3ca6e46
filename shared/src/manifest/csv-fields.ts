/**
 * RFC 4180 fields of one CSV record held in a string. A quoted field may hold commas, line breaks
 * and doubled quotes (`""` is one `"`); a quote anywhere else is malformed. Unlike the sandbox's
 * lenient reader, which treats any `"` as a quote toggle, a stray quote is reported here: a valid
 * manifest reads the same in both, an invalid one is a bad line instead of a guessed key.
 */

/** The fields of a record, or why there are none. */
export type CsvFields =
  | { readonly kind: 'fields'; readonly fields: string[] }
  /** The text ends inside a quoted field: the record continues on the next line, if any. */
  | { readonly kind: 'open' }
  | { readonly kind: 'malformed'; readonly reason: string };

const OPEN: CsvFields = { kind: 'open' };

/** Split one record into fields. */
export function parseCsvFields(text: string): CsvFields {
  // Manifest keys are URL-encoded, so almost every row has no quote at all.
  if (!text.includes('"')) return { kind: 'fields', fields: text.split(',') };
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (text[at] === '"') {
      const quoted = readQuoted(text, at + 1);
      if (quoted === undefined) return OPEN;
      fields.push(quoted.value);
      at = quoted.next;
      if (at === text.length) return { kind: 'fields', fields };
      if (text[at] !== ',') {
        return { kind: 'malformed', reason: `unexpected ${JSON.stringify(text[at])} after a closing quote at position ${at}` };
      }
    } else {
      const comma = text.indexOf(',', at);
      const value = comma < 0 ? text.slice(at) : text.slice(at, comma);
      const quote = value.indexOf('"');
      if (quote >= 0) return { kind: 'malformed', reason: `a quote inside an unquoted field at position ${at + quote}` };
      fields.push(value);
      if (comma < 0) return { kind: 'fields', fields };
      at = comma;
    }
    at += 1; // past the comma; a comma at the very end starts one more (empty) field
  }
}

/** A quoted field's value, from just after its opening quote; undefined when it does not close. */
function readQuoted(text: string, from: number): { value: string; next: number } | undefined {
  let value = '';
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return undefined;
    value += text.slice(at, quote);
    if (text[quote + 1] !== '"') return { value, next: quote + 1 };
    value += '"';
    at = quote + 2;
  }
}
