import { SEVERITIES, type Scan } from '../api';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 44, right: 16, top: 16, bottom: 36 };

/** A round step for the y axis: 1, 2 or 5 times a power of ten, about four ticks up to `max`. */
function tickStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw)!;
}

/**
 * Findings by severity reported by each scan, oldest first: one line a severity. Hand-made SVG
 * (a few dozen lines; a chart library would outweigh the rest of the console). Colours come
 * from the stylesheet; the table beside it carries the same numbers for screen readers.
 */
export function SeverityChart(props: { scans: Scan[] }) {
  const scans = [...props.scans].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (scans.length === 0) return null;
  const max = Math.max(
    1,
    ...scans.flatMap((scan) => SEVERITIES.map((severity) => scan.summary.bySeverity[severity] ?? 0)),
  );
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (scans.length === 1 ? plotWidth / 2 : (index * plotWidth) / (scans.length - 1));
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight;
  const ticks = Array.from({ length: top / step + 1 }, (_, index) => index * step);
  const labelEvery = Math.ceil(scans.length / 8);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="chart-title"
        className="severity-chart"
      >
        <title id="chart-title">Findings by severity in each of {scans.length} scans, oldest to newest</title>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {scans.map((scan, index) =>
          index % labelEvery === 0 || index === scans.length - 1 ? (
            <text key={scan.id} className="x-label" x={x(index)} y={HEIGHT - 12} textAnchor="middle">
              {scan.createdAt.slice(5, 16).replace('T', ' ')}
            </text>
          ) : null,
        )}
        {SEVERITIES.map((severity) => (
          <g key={severity} className={`series severity-${severity}`}>
            <polyline
              fill="none"
              points={scans
                .map((scan, index) => `${x(index)},${y(scan.summary.bySeverity[severity] ?? 0)}`)
                .join(' ')}
            />
            {scans.map((scan, index) => (
              <circle key={scan.id} cx={x(index)} cy={y(scan.summary.bySeverity[severity] ?? 0)} r={3} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {SEVERITIES.map((severity) => (
            <li key={severity} className={`severity-${severity}`}>
              <span className="swatch" aria-hidden="true" /> {severity}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
