import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/** A page that cannot load (a chunk lost on a flaky connection, a bug) says so instead of going blank. */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="message message-error" role="alert">
        <p>This page could not be shown. Check your internet connection, then reload the page.</p>
        <button type="button" className="button button-secondary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
