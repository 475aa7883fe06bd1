import { useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../api/client';
import { endSession } from '../api/session';
import { CheckboxField } from './fields';
import { Form } from './form';
import { DownloadButton } from './download-button';
import { validationError } from '../lib/validate';

/** Right of access: everything Qgig holds about the user, saved as a JSON file. */
export function DataExport() {
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Your data</h2>
      <p>
        Download everything Qgig holds about you (account, profile, documents’ details, notifications, and who looked at your data) as one
        JSON file.
      </p>
      <DownloadButton
        path="/me/export"
        filename={`qgig-export-${new Date().toISOString().slice(0, 10)}.json`}
        label="Download your data"
        pendingLabel="Preparing your data…"
      />
    </section>
  );
}

/** Right of erasure, behind a confirmation step. */
export function DeleteAccount() {
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);

  async function erase(data: FormData) {
    if (data.get('confirm') !== 'on')
      throw validationError([{ path: 'confirm', message: 'Tick the box to confirm that you want to delete your account' }]);
    await api.delete('/me');
    navigate('/goodbye', { replace: true });
    endSession();
  }

  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p>
        Your name, contact details, profile and documents are erased and you are signed out everywhere. Payment records are kept, without
        your name, as the law requires. This cannot be undone. An account with an assigned or unpaid shift cannot be deleted until the shift
        is settled.
      </p>
      {confirming ? (
        <Form label="Confirm deleting your account" onSubmit={erase} submitLabel="Delete my account permanently" pendingLabel="Deleting…">
          <CheckboxField name="confirm" label="I understand that my account and my data will be deleted for good" />
        </Form>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      )}
    </section>
  );
}
