import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restoreSession } from './api/auth';
import { App } from './app';
import { registerServiceWorker } from './lib/service-worker';
import './styles.css';

// Started before the first render, once: the refresh cookie (if any) brings the session back.
void restoreSession();
registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
