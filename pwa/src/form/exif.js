// The canvas re-encode drops EXIF, but HR's evidence check needs the capture
// time. So: read DateTimeOriginal from the original JPEG (if any) and write a
// minimal EXIF block (DateTimeOriginal + OffsetTimeOriginal, in UTC) into the
// downscaled JPEG. No GPS or camera data is copied.

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** 'YYYY:MM:DD HH:MM:SS' of a Date in UTC. */
export function exifUtc(date) {
  return `${date.getUTCFullYear()}:${pad(date.getUTCMonth() + 1)}:${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function ascii(view, offset, count) {
  let s = '';
  for (let i = 0; i < count; i++) {
    const c = view.getUint8(offset + i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function findTag(view, tiff, ifd, tag, le) {
  const n = view.getUint16(tiff + ifd, le);
  for (let i = 0; i < n; i++) {
    const e = tiff + ifd + 2 + i * 12;
    if (view.getUint16(e, le) === tag) {
      const count = view.getUint32(e + 4, le);
      return { count, valueAt: e + 8, value: view.getUint32(e + 8, le) };
    }
  }
  return null;
}

function asciiTag(view, tiff, ifd, tag, le) {
  const t = findTag(view, tiff, ifd, tag, le);
  if (!t) return null;
  return ascii(view, t.count > 4 ? tiff + t.value : t.valueAt, t.count);
}

function parseExifTime(value, offset) {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const o = /^([+-])(\d{2}):(\d{2})$/.exec(offset || '');
  if (!o) return new Date(y, mo - 1, d, h, mi, s); // no offset: the camera's local time
  const sign = o[1] === '+' ? 1 : -1;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - sign * (Number(o[2]) * 60 + Number(o[3])) * 60000);
}

/** DateTimeOriginal of a JPEG (ArrayBuffer), or null when absent or unreadable. */
export function readCaptureTime(buffer) {
  try {
    const view = new DataView(buffer);
    if (view.getUint16(0) !== 0xffd8) return null;
    let p = 2;
    while (p + 4 <= view.byteLength && view.getUint8(p) === 0xff) {
      const marker = view.getUint8(p + 1);
      const len = view.getUint16(p + 2);
      if (marker === 0xda) return null; // image data starts: no EXIF before it
      if (marker === 0xe1 && ascii(view, p + 4, 4) === 'Exif') {
        const tiff = p + 10;
        const le = view.getUint16(tiff) === 0x4949;
        const exifIfd = findTag(view, tiff, view.getUint32(tiff + 4, le), 0x8769, le);
        if (!exifIfd) return null;
        const when = asciiTag(view, tiff, exifIfd.value, 0x9003, le);
        return parseExifTime(when, asciiTag(view, tiff, exifIfd.value, 0x9011, le));
      }
      p += 2 + len;
    }
  } catch {
    // malformed EXIF: treat as absent
  }
  return null;
}

/** A little-endian APP1 EXIF segment holding only DateTimeOriginal and its offset (+00:00). */
export function exifSegment(date) {
  const when = `${exifUtc(date)}\0`; // 20 bytes
  const offset = '+00:00\0'; // 7 bytes
  const tiffLen = 8 + (2 + 12 + 4) + (2 + 24 + 4) + when.length + offset.length;
  const buf = new ArrayBuffer(2 + 2 + 6 + tiffLen);
  const v = new DataView(buf);
  let p = 0;
  v.setUint16(p, 0xffe1);
  v.setUint16(p + 2, 2 + 6 + tiffLen);
  p += 4;
  for (const c of 'Exif\0\0') v.setUint8(p++, c.charCodeAt(0));
  const tiff = p;
  v.setUint16(tiff, 0x4949);
  v.setUint16(tiff + 2, 42, true);
  v.setUint32(tiff + 4, 8, true);
  const entry = (at, tag, type, count, value) => {
    v.setUint16(tiff + at, tag, true);
    v.setUint16(tiff + at + 2, type, true);
    v.setUint32(tiff + at + 4, count, true);
    v.setUint32(tiff + at + 8, value, true);
  };
  v.setUint16(tiff + 8, 1, true); // IFD0: one entry, the pointer to the Exif IFD
  entry(10, 0x8769, 4, 1, 26);
  v.setUint32(tiff + 22, 0, true);
  v.setUint16(tiff + 26, 2, true); // Exif IFD: two ASCII entries
  entry(28, 0x9003, 2, when.length, 56);
  entry(40, 0x9011, 2, offset.length, 56 + when.length);
  v.setUint32(tiff + 52, 0, true);
  [...when, ...offset].forEach((c, i) => v.setUint8(tiff + 56 + i, c.charCodeAt(0)));
  return new Uint8Array(buf);
}

/** Insert `segment` into a JPEG right after SOI and a JFIF APP0 (if present). */
export function insertSegment(jpeg, segment) {
  const bytes = new Uint8Array(jpeg);
  let at = 2;
  if (bytes[2] === 0xff && bytes[3] === 0xe0) at = 4 + ((bytes[4] << 8) | bytes[5]);
  const out = new Uint8Array(bytes.length + segment.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(segment, at);
  out.set(bytes.subarray(at), at + segment.length);
  return out;
}
