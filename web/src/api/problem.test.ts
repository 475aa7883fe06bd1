import { describe, expect, it } from 'vitest';
import { ApiError, asApiError, problemOf } from './problem';

const problemResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json; charset=utf-8' } });

describe('problem details from the API', () => {
  it('keeps the server’s detail and gives the first message for each field', async () => {
    const problem = await problemOf(
      problemResponse(422, {
        type: 'https://qgig.ug/problems/validation-failed',
        title: 'Unprocessable content',
        status: 422,
        detail: 'The body is invalid',
        errors: [
          { path: 'email', message: 'Enter a valid email address' },
          { path: 'email', message: 'second message' },
          { path: 'availability.0.start', message: 'Invalid time' },
        ],
      }),
    );
    const error = new ApiError(problem);
    expect(error.message).toBe('The body is invalid');
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation-failed');
    expect(error.fieldErrors).toEqual({ email: 'Enter a valid email address', 'availability.0.start': 'Invalid time' });
  });

  it('explains answers that are not problem details (a proxy’s 502 page, a 429 without a body)', async () => {
    const gateway = await problemOf(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(gateway).toMatchObject({ status: 502, detail: 'Something went wrong on our side. Try again shortly.' });
    expect(new ApiError(gateway).code).toBeUndefined();
    const limited = await problemOf(new Response(null, { status: 429 }));
    expect(limited.detail).toBe('Too many attempts. Wait a minute and try again.');
    const brokenJson = await problemOf(new Response('{"type":', { status: 500, headers: { 'content-type': 'application/json' } }));
    expect(brokenJson.status).toBe(500);
  });

  it('turns anything thrown into an ApiError with a message a person can read', () => {
    const existing = new ApiError({ type: 'x/conflict', title: 'Conflict', status: 409, detail: 'Taken' });
    expect(asApiError(existing)).toBe(existing);
    expect(asApiError(new TypeError('boom')).message).toBe('Something went wrong: boom');
    expect(asApiError('???').message).toBe('Something went wrong.');
  });
});
