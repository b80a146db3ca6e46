import { XMLParser } from 'fast-xml-parser';

/**
 * Minimal XML in and out. Requests are parsed with fast-xml-parser (the parser the AWS SDK uses);
 * responses are written by {@link xml}, which escapes text and omits undefined values.
 */

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const S3_CONTROL_XMLNS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

/** A child: text, a nested element list, or undefined (left out). */
export type XmlValue = string | number | boolean | undefined | null | XmlNode[] | XmlNode;
export interface XmlNode {
  readonly name: string;
  readonly value: XmlValue;
  readonly attributes?: Record<string, string>;
}

/** Build an element; `value` may be text, a child element, or a list of children. */
export function el(name: string, value: XmlValue, attributes?: Record<string, string>): XmlNode {
  return attributes ? { name, value, attributes } : { name, value };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : c === "'" ? '&apos;' : '&#13;',
  );
}

function render(node: XmlNode, out: string[]): void {
  if (node.value === undefined || node.value === null) return;
  const attrs = node.attributes
    ? Object.entries(node.attributes)
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('')
    : '';
  const v = node.value;
  if (Array.isArray(v)) {
    out.push(`<${node.name}${attrs}>`);
    for (const child of v) render(child, out);
    out.push(`</${node.name}>`);
  } else if (typeof v === 'object') {
    out.push(`<${node.name}${attrs}>`);
    render(v, out);
    out.push(`</${node.name}>`);
  } else {
    out.push(`<${node.name}${attrs}>${escapeXml(String(v))}</${node.name}>`);
  }
}

/** Serialise a document with the XML declaration. */
export function xml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  if (root.value === undefined || root.value === null) {
    out.push(`<${root.name}${root.attributes ? Object.entries(root.attributes).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('') : ''}/>`);
  } else {
    render(root, out);
  }
  return out.join('');
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
});

/**
 * Parse an XML body into plain objects: every element's text stays a string; repeated
 * elements become arrays (use {@link asList} to read either form).
 */
export function parseXml(body: string): Record<string, unknown> {
  const parsed: unknown = parser.parse(body, true);
  if (!parsed || typeof parsed !== 'object') throw new Error('not an XML document');
  return parsed as Record<string, unknown>;
}

/** One element or a repeated one, as a list. */
export function asList<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** Elements of an S3 Control style list (`<Fields><member>…</member></Fields>`). */
export function members<T = unknown>(value: unknown): T[] {
  if (value && typeof value === 'object' && 'member' in value) return asList<T>((value as { member: unknown }).member);
  return asList<T>(value);
}

/** Child element as an object (or an empty one). */
export function child(value: unknown, name: string): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = (value as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (v === '' || v === null) return {};
  return typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

/** Child element's text. */
export function text(value: unknown, name: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = (value as Record<string, unknown>)[name];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'object' ? undefined : String(v);
}

/** Time in the forms S3 uses: ISO-8601 with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** HTTP date (RFC 1123), e.g. `Fri, 21 Dec 2012 00:00:00 GMT`. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
