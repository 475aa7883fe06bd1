import type { ReactNode } from 'react';

/** A labelled list of facts (name: value), readable on a phone and as a table on a wide screen. */
export function Details({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className="details">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
