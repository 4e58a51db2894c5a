import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.js';
import './styles.css';
import { App } from './App.js';
import { AuthProvider } from './auth.js';
import { JurisdictionsProvider } from './jurisdictions.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider>
      <JurisdictionsProvider>
        <App />
      </JurisdictionsProvider>
    </AuthProvider>
  </StrictMode>,
);
