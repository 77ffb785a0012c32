/** Stylesheets imported for their effect (Vite emits them as hashed files). */
declare module '*.css';
