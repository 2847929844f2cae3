// Photos are shrunk on the phone before they are stored or sent: longest side
// at most 1600 px, JPEG, plus a small thumbnail for the form and the outbox.
// The SHA-256 of the stored JPEG is the attachment's name on the server.
// The capture time (EXIF of the original, else the file's time) is written
// back as EXIF so the server's evidence check can compare it to the visit.
import { exifSegment, insertSegment, readCaptureTime } from './exif.js';

export const MAX_SIDE = 1600;
export const THUMB_SIDE = 240;
export const JPEG_QUALITY = 0.85;

/** Target size keeping the aspect ratio, never upscaling. */
export function fitWithin(width, height, max) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Hex SHA-256 of a Blob or ArrayBuffer. */
export async function sha256Hex(data) {
  const buf = data instanceof ArrayBuffer ? data : await data.arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', buf);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function decode(file) {
  if (typeof createImageBitmap === 'function') {
    try {
      return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      // fall through to <img>, which some browsers decode more formats with
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function draw(source, sw, sh, max, quality) {
  const { width, height } = fitWithin(sw, sh, max);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; // PNGs with transparency become white, not black
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(source, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve({ blob: b, width, height }) : reject(new Error('encode failed'))), 'image/jpeg', quality),
  );
}

/** Downscale a picked/captured image file; returns {sha256, blob, thumb, type, width, height, capturedAt}. */
export async function processPhoto(file) {
  const original = await file.arrayBuffer();
  const captured = readCaptureTime(original) || new Date(file.lastModified || Date.now());
  const bitmap = await decode(file);
  const sw = bitmap.width || bitmap.naturalWidth;
  const sh = bitmap.height || bitmap.naturalHeight;
  const full = await draw(bitmap, sw, sh, MAX_SIDE, JPEG_QUALITY);
  const thumb = await draw(bitmap, sw, sh, THUMB_SIDE, 0.7);
  bitmap.close?.();
  const bytes = insertSegment(await full.blob.arrayBuffer(), exifSegment(captured));
  const blob = new Blob([bytes], { type: 'image/jpeg' });
  return {
    sha256: await sha256Hex(blob),
    blob,
    thumb: thumb.blob,
    type: 'image/jpeg',
    width: full.width,
    height: full.height,
    size: blob.size,
    capturedAt: captured.toISOString(),
  };
}
