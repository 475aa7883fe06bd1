import { describe, expect, it } from 'vitest';
import { fitSegment, toGsm7 } from './gsm7.js';

describe('GSM-7 text in one segment', () => {
  it('makes typographic punctuation plain and drops what GSM-7 lacks to "?"', () => {
    expect(toGsm7('St Mary’s – “ok” …')).toBe(`St Mary's - "ok" ...`);
    expect(toGsm7('shift 😀')).toBe('shift ?');
  });

  it('shortens the body, never the link, to fit 160 characters', () => {
    const link = 'https://qgig.ug/j/AAAAAAAAAAAAAAAAAAAAAA';
    const text = fitSegment('x'.repeat(300), link);
    expect(text).toHaveLength(160);
    expect(text.endsWith(`... ${link}`)).toBe(true);
    expect(fitSegment('short', link)).toBe(`short ${link}`);
  });
});
