import { API_BASE, refreshSession } from './client';
import { ApiError, localProblem, problemOf } from './problem';
import { getAccessToken } from './session';

/** Fraction sent, 0…1. */
export type ProgressListener = (fraction: number) => void;

/**
 * POSTs multipart form data under /api/v1 with upload progress (fetch cannot report it), the
 * session's token, and one refresh-and-retry on a 401, like `api.post`. Rejects with ApiError.
 */
export async function uploadWithProgress<T>(path: string, body: FormData, onProgress: ProgressListener, signal?: AbortSignal): Promise<T> {
  const hadToken = getAccessToken() !== undefined;
  let response = await sendWithProgress(path, body, onProgress, signal);
  if (response.status === 401 && hadToken && (await refreshSession())) {
    onProgress(0);
    response = await sendWithProgress(path, body, onProgress, signal);
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return (await response.json()) as T;
}

function sendWithProgress(path: string, body: FormData, onProgress: ProgressListener, signal?: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', API_BASE + path);
    xhr.setRequestHeader('accept', 'application/json');
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    // As a Response, so the answer goes through the same problem handling as every other call.
    xhr.addEventListener('load', () =>
      resolve(
        new Response(xhr.status === 204 ? null : xhr.responseText, {
          status: xhr.status,
          headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
        }),
      ),
    );
    xhr.addEventListener('error', () => reject(new ApiError(localProblem(0))));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
