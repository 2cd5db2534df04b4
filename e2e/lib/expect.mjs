// Assertions on the errors the official JS SDK throws.
import assert from 'node:assert/strict';

import { ClientResponseError } from 'pocketbase';

/**
 * rejects awaits p and returns the ClientResponseError it must fail with; with status, it also
 * asserts the error's HTTP status.
 */
export async function rejects(p, status) {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ClientResponseError, `expected a ClientResponseError, got ${err}`);
    if (status !== undefined) assert.equal(err.status, status, `status of ${err.url}: ${JSON.stringify(err.response)}`);
    return err;
  }
  assert.fail('the request succeeded but was expected to fail');
}
