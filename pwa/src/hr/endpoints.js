// Every HR endpoint the console calls, in one place (SPEC §8 names), plus
// helpers that accept the list shapes the server may answer with.
import { request } from '../api.js';

const V = '/api/v1';

export const EP = {
  campaigns: `${V}/campaigns`,
  campaign: (id) => `${V}/campaigns/${id}`,
  action: (id, action) => `${V}/campaigns/${id}/${action}`, // open | close | release | unrelease
  generate: (id) => `${V}/campaigns/${id}/assignments/generate`,
  progress: (id) => `${V}/campaigns/${id}/progress`,
  visits: (id) => `${V}/campaigns/${id}/visits`,
  reviewPdf: (id, employeeId) => `${V}/campaigns/${id}/reviews/${employeeId}.pdf`,
  reviewsZip: (id) => `${V}/campaigns/${id}/reviews.zip`, // POST -> {job_id}
  job: (jobId) => `${V}/jobs/${jobId}`,
  jobDownload: (jobId) => `${V}/jobs/${jobId}/download`,
  assignments: (id) => `${V}/campaigns/${id}/assignments`,
  unitSummary: (id, unitId) => `${V}/campaigns/${id}/units/${unitId}/summary.pdf`,
  exportFile: (id, kind, fmt) => `${V}/campaigns/${id}/exports/${kind}.${fmt}`, // GET, built in the request
  exportJob: (id) => `${V}/campaigns/${id}/exports`, // POST {kind, format} -> job
  qrCards: (id) => `${V}/campaigns/${id}/links/cards.pdf`,
  forms: `${V}/forms`,
  submissions: `${V}/submissions`,
  submission: (id) => `${V}/submissions/${id}`,
  review: (id) => `${V}/submissions/${id}/review`,
  attachment: (sha) => `${V}/attachments/${sha}`,
  orgImport: `${V}/org/import`,
  actionItems: `${V}/action-items`,
  actionItem: (id) => `${V}/action-items/${id}`,
  users: `${V}/users`,
  units: `${V}/org/units`,
  ops: `${V}/admin/ops`,
  dashboard: (id) => `${V}/campaigns/${id}/dashboard`,
  jobRetry: (jobId) => `${V}/admin/jobs/${jobId}/retry`, // POST, admins
  privacyStartExport: (userId) => `${V}/admin/privacy/people/${userId}/export`, // POST, admins
  privacyExport: (jobId) => `${V}/admin/privacy/exports/${jobId}`,
  privacyDownload: (jobId) => `${V}/admin/privacy/exports/${jobId}/download`,
  privacyErase: (userId) => `${V}/admin/privacy/people/${userId}/erase`, // POST {confirm: true}
  privacyRetention: `${V}/admin/privacy/retention`,
};

/** The array inside a list answer, whatever its key. */
export function listOf(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const k of [...keys, 'items', 'results', 'data']) if (Array.isArray(body?.[k])) return body[k];
  return [];
}

export const get = (path) => request('GET', path);
export const post = (path, json) => request('POST', path, { json: json ?? {} });
export const patch = (path, json) => request('PATCH', path, { json });

/** POST a file as multipart/form-data. */
export function upload(path, file, field = 'file') {
  const body = new FormData();
  body.append(field, file);
  return request('POST', path, { body });
}

/**
 * Download a file with a progress callback (bytes read, total or null) and
 * hand it to the browser as a download.
 */
export async function download(path, fallbackName, onProgress) {
  const res = await request('GET', path, { raw: true });
  const total = Number(res.headers.get('Content-Length')) || null;
  const chunks = [];
  let read = 0;
  if (res.body?.getReader) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      read += value.length;
      onProgress?.(read, total);
    }
  } else {
    chunks.push(new Uint8Array(await res.arrayBuffer()));
  }
  const type = res.headers.get('Content-Type') || 'application/octet-stream';
  const disp = res.headers.get('Content-Disposition') || '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disp)?.[1] || /filename="?([^";]+)"?/i.exec(disp)?.[1] || fallbackName;
  const url = URL.createObjectURL(new Blob(chunks, { type }));
  const a = document.createElement('a');
  a.href = url;
  const decoded = decodeName(name);
  a.download = decoded;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  return { size: read, name: decoded };
}

/** A Content-Disposition file name as a person reads it (percent-encoded UTF-8 decoded). */
export function decodeName(name) {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
