import type { JobView } from '@contracts/jobs';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { formatKampalaDateTime, formatMinutes } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { Details } from '../details';
import { TextField } from '../fields';
import { Form } from '../form';
import { ErrorMessage } from '../status';
import type { Outcome } from './outcome';

const MINUTE = 60_000;

interface AttendanceCode {
  code: string;
  qrSvg: string;
  expiresAt: string;
}

/** Whether the attendance code is shown now: from an hour before the start to 2 h after the end. */
export function attendanceOpen(job: JobView, now = Date.now()): boolean {
  return now >= Date.parse(job.startsAt) - 60 * MINUTE && now <= Date.parse(job.endsAt) + 120 * MINUTE;
}

/** The owner's QR code and its 6 digits, fetched afresh every minute, for the professional to scan or type. */
export function AttendanceCodePanel({ job }: { job: JobView }) {
  const [shownAt] = useState(Date.now);
  const open = attendanceOpen(job, shownAt);
  const code = useApi<AttendanceCode>(open ? `/jobs/${job.id}/attendance-code` : null);
  const [latest, setLatest] = useState<AttendanceCode>();
  const { reload } = code;
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(reload, MINUTE);
    return () => clearInterval(timer);
  }, [open, reload]);
  // The last code shown stays while the next one loads, so the QR code does not blink every minute.
  if (code.status === 'ready' && code.data !== latest) setLatest(code.data);
  return (
    <section className="card" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">Attendance code</h2>
      {!open && <p>The code for checking in appears here from an hour before the shift starts.</p>}
      {open && code.status === 'error' && <ErrorMessage error={code.error} onRetry={reload} />}
      {open && latest && (
        <>
          <p>Show this to {job.assignee?.name ?? 'the professional'} to scan, or read out the digits. It changes every minute.</p>
          {/* The server's own SVG (the qrcode library's output for a fixed pattern of job id and digits). */}
          <div
            className="attendance-qr"
            role="img"
            aria-label="QR code for checking in"
            dangerouslySetInnerHTML={{ __html: latest.qrSvg }}
          />
          <p className="attendance-digits" aria-label="Code to type">
            {latest.code}
          </p>
        </>
      )}
    </section>
  );
}

/** The times the assignee checked in and out, once both exist. */
export function TimesheetDetails({ job }: { job: JobView }) {
  const sheet = job.timesheet;
  if (!sheet) return null;
  return (
    <section className="card" aria-labelledby="timesheet-heading">
      <h2 id="timesheet-heading">Timesheet</h2>
      <Details
        items={[
          ['Checked in', formatKampalaDateTime(sheet.checkedInAt)],
          [
            'Checked out',
            `${formatKampalaDateTime(sheet.checkedOutAt)}${sheet.autoCheckout ? ' (the scheduled end: no check-out was made)' : ''}`,
          ],
          ['Worked', `${formatMinutes(sheet.minutes)}${sheet.byOwner ? ' (the scheduled times: nobody checked in)' : ''}`],
          ...(job.disputeReason ? ([['Disputed', job.disputeReason]] as [string, string][]) : []),
        ]}
      />
    </section>
  );
}

/** The code in a scanned QR code, when it is this job's. */
function codeFromScan(jobId: string, text: string): string | undefined {
  const match = /^qgig:attend:([0-9a-f-]+):(\d{6})$/.exec(text.trim());
  return match && match[1] === jobId ? match[2] : undefined;
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike;
const barcodeDetector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/** The assignee checks in (paid) or out (checked in) with the code shown at the institution: typed, or scanned where the browser can. */
export function CheckInOut({ job, onOutcome }: { job: JobView; onOutcome: (outcome: Outcome) => void }) {
  const action = job.status === 'paid' ? 'check-in' : 'check-out';
  const label = action === 'check-in' ? 'Check in' : 'Check out';
  async function send(code: string) {
    await api.post<JobView>(`/jobs/${job.id}/${action}`, { code });
    onOutcome({
      text:
        action === 'check-in'
          ? 'You are checked in. Check out the same way when you leave.'
          : 'You are checked out. The institution will approve your timesheet.',
    });
  }
  return (
    <section className="card" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{label}</h2>
      <p>
        Ask the institution for the code on their Qgig job page
        {barcodeDetector ? ', and scan it or type its 6 digits' : ' and type its 6 digits'}.
      </p>
      {barcodeDetector && <Scanner jobId={job.id} onCode={send} />}
      <Form label={label} submitLabel={label} pendingLabel="Sending…" onSubmit={(data) => send(String(data.get('code') ?? ''))}>
        <TextField
          name="code"
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          pattern="\d{6}"
          required
        />
      </Form>
    </section>
  );
}

/** Reads the QR code with the camera through the browser's BarcodeDetector. */
function Scanner({ jobId, onCode }: { jobId: string; onCode: (code: string) => Promise<void> }) {
  const [scanning, setScanning] = useState(false);
  const [problem, setProblem] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!scanning || !barcodeDetector) return;
    let stream: MediaStream | undefined;
    let stopped = false;
    const detector = new barcodeDetector({ formats: ['qr_code'] });
    async function look() {
      if (stopped || !video.current) return;
      const found = (await detector.detect(video.current).catch(() => []))
        .map((barcode) => codeFromScan(jobId, barcode.rawValue))
        .find(Boolean);
      if (found) {
        setScanning(false);
        await onCode(found).catch((error: unknown) =>
          setProblem(error instanceof Error ? error.message : 'That code did not work; type it instead'),
        );
      } else setTimeout(look, 300);
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (media) => {
        stream = media;
        if (!video.current || stopped) return;
        video.current.srcObject = media;
        await video.current.play();
        await look();
      })
      .catch(() => {
        setScanning(false);
        setProblem('The camera is not available; type the code instead');
      });
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [scanning, jobId, onCode]);
  return (
    <div>
      {problem && <ErrorMessage error={problem} />}
      {scanning ? (
        <>
          <video ref={video} className="attendance-camera" muted playsInline aria-label="Camera" />
          <button type="button" className="button-link" onClick={() => setScanning(false)}>
            Stop scanning
          </button>
        </>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setScanning(true)}>
          Scan the QR code
        </button>
      )}
    </div>
  );
}
