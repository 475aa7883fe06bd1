import type { BlockView } from '@contracts/favourites';
import { api } from '../api/client';
import { formatKampalaDate } from '../lib/format';
import { useAction } from '../lib/use-action';
import { usePagedApi } from '../lib/use-paged-api';
import { PagedItems } from './load-more';
import { ErrorMessage } from './status';

/** The account page's list of the people the user blocked, each with a button to undo it. */
export function Blocks() {
  const blocks = usePagedApi<BlockView>('/me/blocks');
  return (
    <section className="card" aria-labelledby="blocks-heading">
      <h2 id="blocks-heading">Blocked</h2>
      <PagedItems resource={blocks} label="Loading whom you blocked…" empty="You have not blocked anyone.">
        {(block) => <BlockedItem key={block.userId} block={block} onUnblocked={blocks.reload} />}
      </PagedItems>
    </section>
  );
}

function BlockedItem({ block, onUnblocked }: { block: BlockView; onUnblocked: () => void }) {
  const { run, pending, error } = useAction(async () => {
    await api.delete(`/me/blocks/${block.userId}`);
    onUnblocked();
  });
  return (
    <li>
      <p>
        You blocked {block.name} on {formatKampalaDate(block.createdAt)}: neither of you sees the other's shifts.
      </p>
      <button type="button" className="button button-secondary" onClick={() => void run()} disabled={pending}>
        {pending ? 'Unblocking…' : `Unblock ${block.name}`}
      </button>
      {error && <ErrorMessage error={`${block.name} could not be unblocked: ${error.message}`} />}
    </li>
  );
}
