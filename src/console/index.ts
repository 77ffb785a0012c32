/** The public surface of the console context: the console's page and assets, served from CONSOLE_DIR. */
export { ConsoleModule } from './console.module.js';
