import { useId } from 'react';

export interface BarPoint {
  /** Shown under the chart for the first and last bar, and in the table. */
  label: string;
  value: number;
}

const WIDTH = 300;
const HEIGHT = 120;
const GAP = 2;

/**
 * A small bar chart drawn in SVG that scales with its container. The picture is for the eye; the same
 * numbers are in a table under a disclosure, which screen readers and keyboards reach as well.
 */
export function BarChart({ title, points, format = String }: { title: string; points: BarPoint[]; format?: (value: number) => string }) {
  const titleId = useId();
  const max = Math.max(1, ...points.map((point) => point.value));
  const barWidth = WIDTH / Math.max(1, points.length);
  const total = points.reduce((sum, point) => sum + point.value, 0);
  const summary = `${title}: ${format(total)} in total, at most ${format(max)} a day.`;
  return (
    <figure className="chart">
      <figcaption id={titleId}>
        <strong>{title}</strong> <span className="notice-meta">{format(total)} in 30 days</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} preserveAspectRatio="none">
        <desc>{summary}</desc>
        <line x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="chart-axis" />
        {points.map((point, index) => {
          const height = (point.value / max) * (HEIGHT - 4);
          return (
            <rect
              key={point.label}
              x={index * barWidth + GAP / 2}
              y={HEIGHT - height}
              width={Math.max(1, barWidth - GAP)}
              height={height}
              className="chart-bar"
            >
              <title>{`${point.label}: ${format(point.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      {points.length > 0 && (
        <p className="chart-range" aria-hidden="true">
          <span>{points[0]!.label}</span>
          <span>{points.at(-1)!.label}</span>
        </p>
      )}
      <details>
        <summary>Show the numbers</summary>
        <table className="chart-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{title}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.label}>
                <th scope="row">{point.label}</th>
                <td>{format(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
