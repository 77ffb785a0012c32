/** The public surface of the window context: the complaint window's pages, served from WINDOW_DIR. */
export { WindowModule } from './window.module.js';
