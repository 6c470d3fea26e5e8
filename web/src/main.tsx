/** Entry point of the web app: mounts the app and turns same-origin link clicks into client-side navigations. */
import { render } from 'preact';
import { App } from './app.js';
import { interceptLinks } from './router.js';
import './styles.css';

interceptLinks(document);
const root = document.getElementById('app');
if (root) render(<App />, root);
