import { describe, expect, it } from 'vitest';
import { exifSegment, exifUtc, insertSegment, readCaptureTime } from '../src/form/exif.js';

// SOI, a JFIF APP0 of 16 bytes, then EOI: enough structure for the marker walk.
const JFIF = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

describe('EXIF capture time', () => {
  it('formats UTC the EXIF way', () => {
    expect(exifUtc(new Date(Date.UTC(2026, 10, 22, 9, 5, 7)))).toBe('2026:11:22 09:05:07');
  });

  it('round-trips through a JPEG and lands after the JFIF header', () => {
    const when = new Date(Date.UTC(2026, 10, 22, 9, 5, 7));
    const out = insertSegment(JFIF.buffer, exifSegment(when));
    expect([out[20], out[21]]).toEqual([0xff, 0xe1]);
    expect(readCaptureTime(out.buffer).toISOString()).toBe(when.toISOString());
  });

  it('reads an offset and converts to UTC', () => {
    const seg = exifSegment(new Date(Date.UTC(2026, 0, 1, 12, 0, 0)));
    // rewrite the offset string "+00:00" to "+08:00": 08:00 local is 00:00 UTC
    const text = new TextDecoder().decode(seg);
    const at = text.indexOf('+00:00');
    seg[at + 2] = '8'.charCodeAt(0);
    const out = insertSegment(JFIF.buffer, seg);
    expect(readCaptureTime(out.buffer).toISOString()).toBe('2026-01-01T04:00:00.000Z');
  });

  it('returns null without EXIF or for non-JPEG data', () => {
    expect(readCaptureTime(JFIF.buffer)).toBeNull();
    expect(readCaptureTime(new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer)).toBeNull();
  });
});
