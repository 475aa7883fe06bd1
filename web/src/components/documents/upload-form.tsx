import { DOCUMENT_MAX_BYTES, DOCUMENT_MIME_TYPES, DocType, DocumentUploadFields, type UploadedDocument } from '@contracts/documents';
import { useState } from 'react';
import { uploadWithProgress } from '../../api/upload';
import { RadioGroup, TextField } from '../fields';
import { Form } from '../form';
import { DOC_TYPE_LABELS } from '../../lib/labels';
import { validate, validationError } from '../../lib/validate';

const TYPE_CHOICES = DocType.options.map((type) => ({
  value: type,
  label: DOC_TYPE_LABELS[type],
  hint:
    type === 'nin'
      ? 'Your national ID card, both sides in one PDF or photo'
      : type === 'certificate'
        ? 'A diploma, degree or training certificate'
        : 'Your practising licence, such as from UNMC',
}));
const MAX_MEGABYTES = DOCUMENT_MAX_BYTES / 1024 / 1024;

/** Sends one credential with a progress bar; the server decides the file type from its bytes. */
export function UploadForm({ onUploaded }: { onUploaded: (document: UploadedDocument) => void }) {
  const [progress, setProgress] = useState<number>();
  const [formKey, setFormKey] = useState(0);

  async function upload(data: FormData) {
    const fields = validate(DocumentUploadFields, {
      docType: data.get('docType') ?? undefined,
      number: data.get('number'),
      expiresOn: data.get('expiresOn'),
    });
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) throw validationError([{ path: 'file', message: 'Choose the file to upload' }]);
    if (file.size > DOCUMENT_MAX_BYTES)
      throw validationError([{ path: 'file', message: `The file is larger than ${MAX_MEGABYTES} MB; scan it at a lower resolution` }]);

    const body = new FormData();
    body.set('docType', fields.docType);
    if (fields.number) body.set('number', fields.number);
    if (fields.expiresOn) body.set('expiresOn', fields.expiresOn);
    body.set('file', file);
    setProgress(0);
    try {
      const uploaded = await uploadWithProgress<UploadedDocument>('/me/documents', body, setProgress);
      setFormKey((key) => key + 1);
      onUploaded(uploaded);
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <Form key={formKey} onSubmit={upload} submitLabel="Upload" pendingLabel="Uploading…" label="Upload a document">
      <RadioGroup name="docType" legend="What are you uploading?" choices={TYPE_CHOICES} />
      <TextField
        name="number"
        label="Document number (optional)"
        autoCapitalize="characters"
        spellCheck={false}
        hint="The NIN is 14 letters and digits, such as CM90012345678K."
      />
      <TextField
        name="expiresOn"
        label="Expiry date (optional)"
        type="date"
        hint="Licences expire: nursing and midwifery licences every 3 years."
      />
      <TextField
        name="file"
        label="File"
        type="file"
        accept={DOCUMENT_MIME_TYPES.join(',')}
        hint={`A PDF, JPEG or PNG of at most ${MAX_MEGABYTES} MB.`}
      />
      {progress !== undefined && (
        <div className="field">
          <label htmlFor="upload-progress">Sending the file</label>
          <progress id="upload-progress" max={1} value={progress}>
            {Math.round(progress * 100)}%
          </progress>
        </div>
      )}
    </Form>
  );
}
