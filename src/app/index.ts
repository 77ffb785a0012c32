/** The public surface of the app context: what other contexts may import. */
export { createApp } from './app.factory.js';
export { AppModule } from './app.module.js';
export { bootLogger, failFast, prepare } from './bootstrap.js';
