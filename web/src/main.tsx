/** Entry point of the web app: mounts the app and turns same-origin link clicks into client-side navigations. */
import { render } from 'preact';
import { SHARED_STYLESHEET } from '../../src/report/shared-styles.js';
import { App } from './app.js';
import { interceptLinks } from './router.js';
import './styles.css';

// The stylesheet the CLI's HTML report inlines too (one visual language), first in <head> so the app's own sheet,
// linked after it, refines it; the server's policy allows inline styles (style-src 'self' 'unsafe-inline').
const shared = document.createElement('style');
shared.dataset.shared = 'report';
shared.textContent = SHARED_STYLESHEET;
document.head.prepend(shared);

interceptLinks(document);
const root = document.getElementById('app');
if (root) render(<App />, root);
