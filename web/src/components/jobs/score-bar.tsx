import type { z } from 'zod';
import type { ScoreParts } from '@contracts/jobs';
import { percent } from '../../lib/jobs';

const PART_LABELS = { skill: 'Skills', experience: 'Experience', rating: 'Rating' } as const;

/**
 * How well a professional and a shift fit: the total as a bar with its number, then the three parts
 * it is weighed from. The bars are drawn for the eye; the percentages carry the same for screen readers.
 * Someone never rated has a starting estimate in place of a rating: it is shown as "not rated yet".
 */
export function ScoreBar({ score, parts, rated }: { score: number; parts: z.output<typeof ScoreParts>; rated: boolean }) {
  return (
    <div className="score">
      <p className="score-total">
        Match <strong>{percent(score)}</strong>
      </p>
      <Bar share={score} />
      <ul className="score-parts">
        {(Object.keys(PART_LABELS) as (keyof typeof PART_LABELS)[]).map((part) =>
          part === 'rating' && !rated ? (
            <li key={part}>
              <span>{PART_LABELS[part]}: not rated yet</span>
            </li>
          ) : (
            <li key={part}>
              <span>
                {PART_LABELS[part]} {percent(parts[part])}
              </span>
              <Bar share={parts[part]} thin />
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function Bar({ share, thin = false }: { share: number; thin?: boolean }) {
  return (
    <span className={thin ? 'bar bar-thin' : 'bar'} aria-hidden="true">
      <span style={{ width: percent(Math.min(1, Math.max(0, share))) }} />
    </span>
  );
}
