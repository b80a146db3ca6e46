import { describe, expect, it } from '@jest/globals';
import { parseCsvFields } from './csv-fields.js';

describe('parseCsvFields', () => {
  it.each([
    ['b,k', ['b', 'k']],
    ['b,k,v', ['b', 'k', 'v']],
    ['b,k,', ['b', 'k', '']],
    [',', ['', '']],
    ['', ['']],
    ['"b","k"', ['b', 'k']],
    ['b,"a,b"', ['b', 'a,b']],
    ['b,"say ""hi"""', ['b', 'say "hi"']],
    ['b,"line\nbreak"', ['b', 'line\nbreak']],
    ['b,"",v', ['b', '', 'v']],
    ['"b",', ['b', '']],
  ])('splits %j into %j', (text, fields) => {
    expect(parseCsvFields(text)).toEqual({ kind: 'fields', fields });
  });

  it.each(['b,"open', 'b,"still ""open', '"'])('reports %j as an open quoted field', (text) => {
    expect(parseCsvFields(text)).toEqual({ kind: 'open' });
  });

  it.each([
    ['b,ab"c', /quote inside an unquoted field/],
    ['b,"k"x', /after a closing quote/],
    ['b,"k" ,v', /after a closing quote/],
  ])('reports %j as malformed', (text, reason) => {
    const parsed = parseCsvFields(text);
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toMatch(reason);
  });
});
